// What the canvas draws over the route: a simulated path up to the step shown, and real
// calls' traffic per edge. Pure.
import type { Edge } from "@xyflow/react";
import type { Schemas } from "../../shared/api/client";
import { edgeId, isRouteNode, type CanvasNode } from "./graph";

export function drawn(nodes: CanvasNode[], edges: Edge[], path: Schemas["SimulationStep"][],
                      shown: number, traffic: Schemas["Traffic"] | null) {
  const walked = path.slice(0, shown + 1);
  const onPath = new Set(walked.map((step) => step.node));
  const taken = new Set(walked.filter((step) => step.port)
    .map((step) => edgeId(step.node, step.port ?? "")));
  const withTraffic = traffic === null ? edges : edges.map((edge) => {
    const calls = traffic.edges[edge.id] ?? 0;
    return { ...edge, label: String(calls), className: calls ? "traffic" : "traffic-none",
             style: { strokeWidth: 1 + Math.min(8, Math.log2(1 + calls)) } };
  });
  if (path.length === 0) return { nodes, edges: withTraffic };
  return {
    nodes: nodes.map((node) => isRouteNode(node)
      ? { ...node, className: onPath.has(node.id) ? "on-path" : "off-path" } : node),
    edges: withTraffic.map((edge) => ({ ...edge, animated: taken.has(edge.id),
      className: taken.has(edge.id) ? "on-path" : "" })),
  };
}
