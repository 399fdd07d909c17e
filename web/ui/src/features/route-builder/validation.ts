import { useEffect, useMemo, useState } from "react";
import { api, type Schemas } from "../../shared/api/client";
import type { Graph } from "./graph";

type Issue = Schemas["Issue"];

/** The server's problems with the graph on the canvas (the same checks as publishing),
 *  asked again on every change that is not a move. Answers can come back out of order:
 *  only the newest request's answer is shown, the older ones are cancelled. */
export function useValidation(routeId: number, graph: Graph) {
  const [issues, setIssues] = useState<Issue[]>([]);
  const [warnings, setWarnings] = useState<Issue[]>([]);
  // What a node does, not where it is drawn: moving nodes asks nothing.
  const shape = useMemo(() => JSON.stringify({ ...graph, nodes: Object.fromEntries(
    Object.entries(graph.nodes).map(([id, node]) => [id, { ...node, position: undefined }])) }),
  [graph]);
  useEffect(() => {
    const cancel = new AbortController();
    const timer = window.setTimeout(async () => {
      try {
        const result = await api.POST("/api/v1/routes/{route_id}/validate", {
          params: { path: { route_id: routeId } }, body: { graph: JSON.parse(shape) as Record<string, unknown> },
          signal: cancel.signal });
        if (result.data && !cancel.signal.aborted) {
          setIssues(result.data.issues);
          setWarnings(result.data.warnings ?? []);
        }
      } catch (error) {
        if (!cancel.signal.aborted) throw error;
      }
    }, 60);  // typing stays one request; a changed field shows its problem at once
    return () => {
      window.clearTimeout(timer);
      cancel.abort();
    };
  }, [shape, routeId]);
  return [issues, setIssues, warnings] as const;
}
