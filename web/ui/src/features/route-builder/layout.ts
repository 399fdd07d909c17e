// "Tidy up": a layered layout from the start node rightwards (dagre), each node where its
// rank and order put it. Pure apart from dagre's own computation.
import dagre from "@dagrejs/dagre";
import type { Edge } from "@xyflow/react";
import { isRouteNode, type CanvasNode } from "./graph";

const WIDTH = 210;
const HEIGHT = 150;

/** The route's nodes laid out; notes stay where their author put them. */
export function tidy(nodes: CanvasNode[], edges: Edge[]): CanvasNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes.filter(isRouteNode)) {
    graph.setNode(node.id, { width: node.measured?.width ?? WIDTH,
                             height: node.measured?.height ?? HEIGHT });
  }
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return nodes.map((node) => {
    if (!isRouteNode(node)) return node;
    const placed = graph.node(node.id) as { x: number; y: number; width: number;
                                            height: number };
    return { ...node, position: { x: Math.round(placed.x - placed.width / 2),
                                  y: Math.round(placed.y - placed.height / 2) } };
  });
}
