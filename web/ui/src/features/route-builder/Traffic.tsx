import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { formatMoment } from "../../shared/i18n";

export const PERIODS = { day: 1, week: 7, month: 30 } as const;
export type Period = keyof typeof PERIODS;

function bounds(period: Period): { from: string; to: string } {
  const to = new Date();
  const from = new Date(to.getTime() - PERIODS[period] * 24 * 3600 * 1000);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The calls of a period that took each edge and ended at each node. */
export function useTraffic(routeId: number, period: Period | null) {
  return useQuery({
    queryKey: ["route-traffic", routeId, period],
    enabled: period !== null,
    queryFn: async () => unwrap(await api.GET("/api/v1/routes/{route_id}/traffic", {
      params: { path: { route_id: routeId }, query: bounds(period ?? "day") } })),
  });
}

/** The calls that took one edge, newest first. */
export function EdgeCalls({ routeId, period, edge, node, port }: {
  routeId: number; period: Period; edge: string;
  /** The wire in words: the node it leaves and the way out it takes. */
  node: string; port: string;
}) {
  const { t, i18n } = useTranslation();
  const calls = useQuery({
    queryKey: ["route-traffic", routeId, period, edge],
    queryFn: async () => unwrap(await api.GET("/api/v1/routes/{route_id}/traffic", {
      params: { path: { route_id: routeId }, query: { ...bounds(period), edge } } })),
  });
  return (
    <section aria-labelledby="edge-calls-title">
      <h2 id="edge-calls-title">{t("traffic.edgeCalls", { node, port })}</h2>
      {!calls.data ? <p role="status">{t("app.loading")}</p> : (
        <ul className="edge-calls">
          {calls.data.listed.map((call) => (
            <li key={call.linkedid}>
              {formatMoment(call.started_at, i18n.language)} · {call.caller_number ?? "—"}
              {call.ticket_id !== null && <> · {t("traffic.ticket", { id: call.ticket_id })}</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
