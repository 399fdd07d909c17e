// A visual diff of two versions, drawn from the server's diff (GET /routes/{id}/diff), so
// the canvas and the API can never disagree: every node and wire of either version, marked
// added, removed or changed. Where a node is drawn is not what it does: moving one is no
// change.
import type { Edge } from "@xyflow/react";
import type { Schemas } from "../../shared/api/client";
import { edgeId, toCanvas, type CanvasNode, type Graph } from "./graph";

export type Change = "added" | "removed" | "changed" | "same";
type ServerDiff = Schemas["Diff"];

function nodeChange(id: string, diff: ServerDiff): Change {
  if (diff.added.includes(id)) return "added";
  if (diff.removed.includes(id)) return "removed";
  return diff.changed.some((change) => change.node === id) ? "changed" : "same";
}

function wireChange(node: string, port: string, diff: ServerDiff): Change {
  const ofNode = nodeChange(node, diff);
  if (ofNode === "added" || ofNode === "removed") return ofNode;
  const moved = diff.changed.find((change) => change.node === node)?.ports?.[port];
  if (!moved) return "same";
  if (moved.from === null || moved.from === undefined) return "added";
  if (moved.to === null || moved.to === undefined) return "removed";
  return "changed";
}

export function diffCanvas(before: Graph, after: Graph,
                           diff: ServerDiff): { nodes: CanvasNode[]; edges: Edge[] } {
  const union: Graph = { entry: after.entry, nodes: { ...before.nodes, ...after.nodes } };
  const drawn = toCanvas(union);
  const kept = drawn.nodes.filter((node) => node.id in after.nodes);
  const nodes = drawn.nodes.map((node) => {
    const change = node.type === "route" ? nodeChange(node.id, diff) : "same";
    // A removed node may sit where the new version put another: step it aside, visible.
    const hidden = change === "removed" && kept.some((other) =>
      Math.abs(other.position.x - node.position.x) < 60 &&
      Math.abs(other.position.y - node.position.y) < 60);
    const position = hidden ? { x: node.position.x + 240, y: node.position.y + 90 }
      : node.position;
    return { ...node, position, className: `diff-${change}`, draggable: false };
  });
  const wires = new Map<string, { source: string; port: string; target: string }>();
  for (const graph of [before, after]) {
    for (const [source, node] of Object.entries(graph.nodes)) {
      for (const [port, target] of Object.entries(node.ports ?? {})) {
        wires.set(edgeId(source, port), { source, port, target });
      }
    }
  }
  const edges: Edge[] = [...wires].map(([id, wire]) => ({
    id, source: wire.source, sourceHandle: wire.port, target: wire.target,
    className: `diff-${wireChange(wire.source, wire.port, diff)}`,
  }));
  return { nodes, edges };
}
