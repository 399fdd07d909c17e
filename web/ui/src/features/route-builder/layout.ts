// "Tidy up": a layered layout from the start node rightwards (dagre), each node where its
// rank and order put it. Pure apart from dagre's own computation.
import dagre from "@dagrejs/dagre";
import type { Edge } from "@xyflow/react";
import type { RouteNode } from "./graph";

const WIDTH = 210;
const HEIGHT = 150;

export function tidy(nodes: RouteNode[], edges: Edge[]): RouteNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, { width: node.measured?.width ?? WIDTH,
                             height: node.measured?.height ?? HEIGHT });
  }
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    return { ...node, position: { x: Math.round(placed.x - placed.width / 2),
                                  y: Math.round(placed.y - placed.height / 2) } };
  });
}
