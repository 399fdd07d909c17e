// "Tidy up": a layered layout from the start node rightwards (dagre), each node where its
// rank and order put it. Pure apart from dagre's own computation.
import dagre from "@dagrejs/dagre";
import type { Edge } from "@xyflow/react";
import { isRouteNode, portsOf, toCanvas, type CanvasNode, type Graph,
         type NodeType } from "./graph";

const WIDTH = 210;
const HEIGHT = 150;

/** The route's nodes laid out; notes stay where their author put them. A node not drawn
 *  yet has no measured size: ``heightOf`` estimates it (its ports make it taller). */
export function tidy(nodes: CanvasNode[], edges: Edge[],
                     heightOf: (node: CanvasNode) => number = () => HEIGHT): CanvasNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes.filter(isRouteNode)) {
    graph.setNode(node.id, { width: node.measured?.width ?? WIDTH,
                             height: node.measured?.height ?? heightOf(node) });
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

/** The route as first drawn; one made without positions (through the API) is tidied, so
 *  no node starts on top of another. */
export function firstDrawn(graph: Graph, types: NodeType[]): { nodes: CanvasNode[]; edges: Edge[] } {
  const canvas = toCanvas(graph);
  if (Object.values(graph.nodes).some((node) => node.position)) return canvas;
  const byType = new Map(types.map((type) => [type.type, type]));
  const heightOf = (node: CanvasNode) => isRouteNode(node)
    ? 70 + 24 * portsOf(byType.get(node.data.nodeType), node.data.params).length : 80;
  return { ...canvas, nodes: tidy(canvas.nodes, canvas.edges, heightOf) };
}
