// What the canvas draws over the route: a simulated path up to the step shown, or real
// calls' traffic per edge (never both at once), and each wire's port as its label. Pure.
import type { Edge } from "@xyflow/react";
import type { Schemas } from "../../shared/api/client";
import { edgeId, isRouteNode, type CanvasNode } from "./graph";

export function drawn(nodes: CanvasNode[], edges: Edge[], path: Schemas["SimulationStep"][],
                      shown: number, traffic: Schemas["Traffic"] | null,
                      portLabel: (edge: Edge) => string) {
  if (traffic !== null) {
    return { nodes, edges: edges.map((edge) => {
      const calls = traffic.edges[edge.id] ?? 0;
      // A count of nobody is noise: the wire is drawn faint and says nothing.
      return { ...edge, label: calls ? String(calls) : undefined,
               className: calls ? "traffic" : "traffic-none",
               style: { strokeWidth: 1.5 + Math.min(8, Math.log2(1 + calls)) } };
    }) };
  }
  const labelled = edges.map((edge) => ({ ...edge, label: portLabel(edge) }));
  if (path.length === 0) return { nodes, edges: labelled };
  const walked = path.slice(0, shown + 1);
  const onPath = new Set(walked.map((step) => step.node));
  const taken = new Set(walked.filter((step) => step.port)
    .map((step) => edgeId(step.node, step.port ?? "")));
  return {
    nodes: nodes.map((node) => isRouteNode(node)
      ? { ...node, className: onPath.has(node.id) ? "on-path" : "off-path" } : node),
    edges: labelled.map((edge) => ({ ...edge, animated: taken.has(edge.id),
      className: taken.has(edge.id) ? "on-path" : "" })),
  };
}
