// What a person does to the canvas: wiring ports (by dragging, by dropping a wire on a
// node's body, or from the inspector), adding nodes and notes, and changing a node's label,
// parameters or whether the route starts there.
import {
  addEdge, useReactFlow, type Connection, type Edge, type FinalConnectionState,
} from "@xyflow/react";
import type { Dispatch, DragEvent, SetStateAction } from "react";
import { defaults, edgeId, isRouteNode, newNodeId, type CanvasNode, type NodeType } from "./graph";
import { newNote } from "./notes";
import { dropped } from "./Palette";

interface Canvas {
  nodes: CanvasNode[];
  setNodes: Dispatch<SetStateAction<CanvasNode[]>>;
  setEdges: Dispatch<SetStateAction<Edge[]>>;
  entry: string | null;
  setEntry: (id: string | null) => void;
  typeMap: Map<string, NodeType>;
  readOnly: boolean;
}

const STEP = 40;

/** A node's defaults, its clock in the admin's own timezone (a centre in Warsaw should not
 *  start from the server's Berlin); a browser on UTC keeps the server's default. */
function localDefaults(type: NodeType): Record<string, unknown> {
  const params = defaults(type);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if ("timezone" in params && zone && zone !== "UTC" && zone.includes("/")) {
    params["timezone"] = zone;
  }
  return params;
}

/** Where a new node goes: the spot asked for, or further down and right until no node
 *  starts there (adding three nodes from the palette must not stack them). Pure. */
export function freeSpot(wanted: { x: number; y: number }, nodes: CanvasNode[]
                         ): { x: number; y: number } {
  let spot = wanted;
  for (let tries = 0; tries < 50; tries += 1) {
    const taken = nodes.some((node) => Math.abs(node.position.x - spot.x) < STEP
                                      && Math.abs(node.position.y - spot.y) < STEP);
    if (!taken) return spot;
    spot = { x: spot.x + STEP, y: spot.y + STEP };
  }
  return spot;
}

export function useCanvasEdits({ nodes, setNodes, setEdges, entry, setEntry, typeMap,
                                 readOnly }: Canvas) {
  const flow = useReactFlow();

  // A port leads to one node: a new edge from it replaces the old one.
  function wire(source: string, port: string, target: string | null) {
    setEdges((current) => {
      const others = current.filter((edge) => !(edge.source === source &&
                                                edge.sourceHandle === port));
      if (target === null) return others;
      return addEdge({ id: edgeId(source, port), source, sourceHandle: port, target }, others);
    });
  }

  function connect(connection: Connection) {
    if (readOnly || connection.source === connection.target) return;
    wire(connection.source, connection.sourceHandle ?? "", connection.target);
  }

  // A wire dropped anywhere on a node's body connects to it, not only on its small input.
  function dropWire(event: MouseEvent | TouchEvent, state: FinalConnectionState) {
    if (readOnly || state.isValid || !state.fromNode || state.fromHandle.type !== "source") {
      return;
    }
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!point) return;
    const under = document.elementFromPoint(point.clientX, point.clientY);
    const target = under?.closest(".react-flow__node")?.getAttribute("data-id");
    const node = target ? nodes.find((each) => each.id === target) : undefined;
    if (node && isRouteNode(node) && node.id !== state.fromNode.id) {
      wire(state.fromNode.id, state.fromHandle.id ?? "", node.id);
    }
  }

  function addNode(type: NodeType, wanted: { x: number; y: number }) {
    const id = newNodeId(type.type, nodes.map((node) => node.id));
    const position = freeSpot(wanted, nodes);
    setNodes((current) => [...current.map((node) => ({ ...node, selected: false })), {
      id, type: "route", position, selected: true,
      data: { nodeType: type.type, label: "", params: localDefaults(type),
              entry: entry === null },
    }]);
    if (entry === null) setEntry(id);
  }

  function addNote(position: { x: number; y: number }) {
    setNodes((current) => [...current.map((node) => ({ ...node, selected: false })),
                           newNote(current, position)]);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    const what = dropped(event);
    if (readOnly || what === null) return;
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    if ("note" in what) {
      addNote(at);
      return;
    }
    const type = typeMap.get(what.type);
    if (type) addNode(type, at);
  }

  function changeNode(id: string, change: (data: CanvasNode["data"]) => CanvasNode["data"]) {
    setNodes((current) => current.map((node) => node.id === id && isRouteNode(node)
      ? { ...node, data: change(node.data) } as CanvasNode : node));
  }

  // One parameter at a time, onto the node as it is now: quick edits never undo each other.
  function changeParam(id: string, param: string, value: unknown) {
    changeNode(id, (data) => {
      const params = { ...(data["params"] as Record<string, unknown>) };
      if (value === undefined) delete params[param];
      else params[param] = value;
      return { ...data, params };
    });
  }

  function makeEntry(id: string) {
    setEntry(id);
    setNodes((current) => current.map((node) => isRouteNode(node)
      ? { ...node, data: { ...node.data, entry: node.id === id } } : node));
  }

  // The node and its wires go; undo brings both back.
  function deleteNode(id: string) {
    setNodes((current) => current.filter((node) => node.id !== id));
    setEdges((current) => current.filter((edge) => edge.source !== id && edge.target !== id));
    if (entry === id) setEntry(null);
  }

  return { wire, connect, dropWire, addNode, addNote, drop, changeNode, changeParam, makeEntry,
           deleteNode };
}
