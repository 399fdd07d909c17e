// The route graph (the API's JSON) and the canvas's nodes and edges, each way. Pure.
import type { Edge, Node } from "@xyflow/react";
import type { Schemas } from "../../shared/api/client";

export type NodeType = Schemas["NodeType"];
// The graph's types are the server's (routes/graph.py, through the API description).
export type GraphNode = Schemas["GraphNode"];
/** A sticky note: kept with the graph, ignored by calls. */
export type GraphNote = Schemas["GraphNote"];
export type Graph = Schemas["RouteGraphDocument"];
export interface RouteNodeData extends Record<string, unknown> {
  nodeType: string;
  label: string;
  params: Record<string, unknown>;
  entry: boolean;
}
export type RouteNode = Node<RouteNodeData, "route">;
export interface NoteData extends Record<string, unknown> {
  text: string;
}
export type NoteNode = Node<NoteData, "note">;
/** What the canvas holds: the route's nodes and the notes beside them. */
export type CanvasNode = RouteNode | NoteNode;
// Notes and route nodes share the canvas: a note's id there carries this prefix.
export const NOTE_PREFIX = "note:";

export function isRouteNode(node: CanvasNode): node is RouteNode {
  return node.type === "route";
}

export function isNoteNode(node: CanvasNode): node is NoteNode {
  return node.type === "note";
}

export function emptyGraph(): Graph {
  return { entry: null, nodes: {} };
}

export function asGraph(value: unknown): Graph {
  const graph = (value ?? {}) as Partial<Graph>;
  return { entry: graph.entry ?? null, nodes: graph.nodes ?? {},
           ...(graph.notes ? { notes: graph.notes } : {}) };
}

/** The node's output ports: the type's fixed ones, and an IVR menu's one per choice. */
export function portsOf(type: NodeType | undefined, params: Record<string, unknown>): string[] {
  const fixed = (type?.ports ?? []).map((port) => port.name);
  const choices = params["choices"];
  const keys = choices && typeof choices === "object" && !Array.isArray(choices)
    ? Object.keys(choices) : [];
  return [...keys, ...fixed];
}

export function toCanvas(graph: Graph): { nodes: CanvasNode[]; edges: Edge[] } {
  const ids = Object.keys(graph.nodes);
  const nodes: CanvasNode[] = ids.map((id, index): CanvasNode => {
    const node = graph.nodes[id]!;
    return {
      id,
      type: "route",
      position: node.position ?? { x: 80 + (index % 4) * 260, y: 60 + Math.floor(index / 4) * 180 },
      data: { nodeType: node.type, label: node.label ?? "", params: node.params ?? {},
              entry: graph.entry === id },
    };
  });
  for (const [id, note] of Object.entries(graph.notes ?? {})) {
    nodes.push({ id: NOTE_PREFIX + id, type: "note", data: { text: note.text },
                 position: note.position ?? { x: 0, y: 0 },
                 ...(note.size ? { width: note.size.width, height: note.size.height } : {}) });
  }
  const edges: Edge[] = ids.flatMap((id) =>
    Object.entries(graph.nodes[id]!.ports ?? {}).map(([port, target]) => ({
      id: edgeId(id, port), source: id, sourceHandle: port, target,
    })));
  return { nodes, edges };
}

export function toGraph(nodes: CanvasNode[], edges: Edge[], entry: string | null): Graph {
  const graph: Graph = { entry, nodes: {} };
  const notes: Record<string, GraphNote> = {};
  for (const node of nodes) {
    if (isNoteNode(node)) {
      notes[node.id.slice(NOTE_PREFIX.length)] = {
        text: node.data.text,
        position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
        ...(node.width && node.height
          ? { size: { width: Math.round(node.width), height: Math.round(node.height) } } : {}),
      };
      continue;
    }
    const ports: Record<string, string> = {};
    for (const edge of edges) {
      if (edge.source === node.id && edge.sourceHandle) ports[edge.sourceHandle] = edge.target;
    }
    graph.nodes[node.id] = {
      type: node.data.nodeType,
      ...(node.data.label ? { label: node.data.label } : {}),
      params: node.data.params,
      ports,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    };
  }
  if (Object.keys(notes).length) graph.notes = notes;
  return graph;
}

export function edgeId(source: string, port: string): string {
  return `${source}:${port}`;
}

/** A new node id: the type's name and the first free number. */
export function newNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) {
    const id = `${type}_${n}`;
    if (!used.has(id)) return id;
  }
}

/** Parameters a new node starts with: each one's declared default. */
export function defaults(type: NodeType): Record<string, unknown> {
  return Object.fromEntries(type.params.filter((param) => param.default !== undefined &&
    param.default !== null).map((param) => [param.name, param.default]));
}
