// A visual diff of two versions: every node and edge of either, marked added, removed or
// changed. Positions are where a node is drawn, not what it does: moving one is no change.
import type { Edge } from "@xyflow/react";
import { edgeId, toCanvas, type CanvasNode, type Graph } from "./graph";

export type Change = "added" | "removed" | "changed" | "same";

function meaning(node: Graph["nodes"][string] | undefined): string {
  if (!node) return "";
  return JSON.stringify({ type: node.type, label: node.label ?? "", params: node.params ?? {},
                          ports: node.ports ?? {} });
}

export function diffCanvas(before: Graph, after: Graph): { nodes: CanvasNode[]; edges: Edge[] } {
  const union: Graph = { entry: after.entry, nodes: { ...before.nodes, ...after.nodes } };
  const drawn = toCanvas(union);
  const kept = drawn.nodes.filter((node) => after.nodes[node.id]);
  const nodes = drawn.nodes.map((node) => {
    const old = before.nodes[node.id];
    const now = after.nodes[node.id];
    const change: Change = !old ? "added" : !now ? "removed"
      : meaning(old) !== meaning(now) ? "changed" : "same";
    // A removed node may sit where the new version put another: step it aside, visible.
    const hidden = change === "removed" && kept.some((other) =>
      Math.abs(other.position.x - node.position.x) < 60 &&
      Math.abs(other.position.y - node.position.y) < 60);
    const position = hidden ? { x: node.position.x + 240, y: node.position.y + 90 }
      : node.position;
    return { ...node, position, className: `diff-${change}`, draggable: false };
  });
  const edgesOf = (graph: Graph) => new Map(Object.entries(graph.nodes).flatMap(
    ([id, node]) => Object.entries(node.ports ?? {}).map(([port, target]) =>
      [edgeId(id, port), target] as const)));
  const oldEdges = edgesOf(before);
  const newEdges = edgesOf(after);
  const edges: Edge[] = [...new Set([...oldEdges.keys(), ...newEdges.keys()])].map((id) => {
    const [source, port] = [id.slice(0, id.lastIndexOf(":")), id.slice(id.lastIndexOf(":") + 1)];
    const target = newEdges.get(id) ?? oldEdges.get(id)!;
    const change: Change = !oldEdges.has(id) ? "added" : !newEdges.has(id) ? "removed"
      : oldEdges.get(id) !== newEdges.get(id) ? "changed" : "same";
    return { id, source, sourceHandle: port, target, className: `diff-${change}` };
  });
  return { nodes, edges };
}
