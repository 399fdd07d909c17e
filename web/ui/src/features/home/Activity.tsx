// What is happening now: the calls in progress (managers) and the newest tickets, so a
// call placed to a demo number can be watched arriving, being answered and becoming a ticket.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import "../../shared/ui/table.css";
import { Link } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { duration, useNow } from "../../shared/clock";
import { formatMoment } from "../../shared/i18n";
import { useLiveBoard } from "../../shared/live";
import { LiveState } from "../../shared/ui/LiveState";
import { ticketSubject } from "../../shared/subject";
import { useHelpdeskNames } from "../../shared/helpdeskNames";

const TICKETS_EVERY_MS = 5000;

/** The calls in progress, kept current by the live stream. */
export function CallsNow() {
  const { t } = useTranslation();
  const now = useNow();
  const { board, live } = useLiveBoard();
  const calls = board?.calls;
  return (
    <section aria-labelledby="calls-now" className="activity">
      <h2 id="calls-now">{t("activity.callsNow")}</h2>
      <LiveState live={live} />
      {calls && (calls.length === 0 ? <p className="muted">{t("activity.noCalls")}</p> : (
        <table className="table table--stack">
          <caption className="visually-hidden">{t("activity.callsNow")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("activity.caller")}</th>
              <th scope="col">{t("activity.dialed")}</th>
              <th scope="col">{t("activity.state")}</th>
              <th scope="col">{t("activity.where")}</th>
              <th scope="col">{t("activity.duration")}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.linkedid}>
                <th scope="row">{call.caller || t("activity.anonymous")}</th>
                <td data-label={t("activity.dialed")}>{call.dialed}</td>
                <td data-label={t("activity.state")}>{t(`activity.states.${call.state}`)}</td>
                <td data-label={t("activity.where")}>
                  {[call.queue, call.agent_name].filter(Boolean).join(" → ") || "—"}
                </td>
                <td data-label={t("activity.duration")} className="activity__duration">
                  {duration(call.started_at, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

export function NewestTickets({ agent }: { agent: boolean }) {
  const { t, i18n } = useTranslation();
  const names = useHelpdeskNames();
  const tickets = useQuery({
    queryKey: ["tickets", "newest"],
    queryFn: async () => unwrap(await api.GET("/api/v1/tickets",
                                              { params: { query: { per_page: 5 } } })),
    refetchInterval: TICKETS_EVERY_MS,
  });
  return (
    <section aria-labelledby="newest-tickets" className="activity">
      <h2 id="newest-tickets">{t("activity.newestTickets")}</h2>
      {tickets.isError && (
        <p role="alert">{t("error.generic", { message: tickets.error.message })}</p>
      )}
      {tickets.data && (tickets.data.items.length === 0
        ? <p className="muted">{agent ? t("activity.noTicketsInQueues")
          : t("activity.noTickets")}</p> : (
        <table className="table table--stack">
          <caption className="visually-hidden">{t("activity.newestTickets")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("activity.ticket")}</th>
              <th scope="col">{t("activity.subject")}</th>
              <th scope="col">{t("activity.status")}</th>
              <th scope="col">{t("activity.call")}</th>
              <th scope="col">{t("activity.created")}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.data.items.map((ticket) => {
              const call = ticket.calls[ticket.calls.length - 1];
              return (
                <tr key={ticket.id}>
                  <th scope="row"><Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link></th>
                  <td data-label={t("activity.subject")}>{ticketSubject(ticket, t)}</td>
                  <td data-label={t("activity.status")}>{names.status(ticket.status)}</td>
                  <td data-label={t("activity.call")}>{call ? [call.outcome ? t(`activity.outcomes.${call.outcome}`)
                                 : t(`activity.states.${call.state}`),
                               call.agent_name].filter(Boolean).join(", ") : "—"}</td>
                  <td data-label={t("activity.created")}>
                    {formatMoment(ticket.created_at, i18n.language)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </section>
  );
}
