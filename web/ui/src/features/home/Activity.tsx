// What is happening now: the calls in progress (managers) and the newest tickets, so a
// call placed to a demo number can be watched arriving, being answered and becoming a ticket.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { formatMoment } from "../../shared/i18n";
import { ticketSubject } from "../../shared/subject";
import { useHelpdeskNames } from "../../shared/helpdeskNames";

const LIVE_EVERY_MS = 2000;
const TICKETS_EVERY_MS = 5000;

/** The time now, moving every second: durations on screen run as the call does. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** 0:07, 4:32, 1:02:09: a call's running time. */
export function duration(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`
    : `${minutes}:${seconds}`;
}

export function CallsNow() {
  const { t } = useTranslation();
  const now = useNow();
  const calls = useQuery({
    queryKey: ["live-calls"],
    queryFn: async () => unwrap(await api.GET("/api/v1/live/calls")),
    refetchInterval: LIVE_EVERY_MS,
  });
  return (
    <section aria-labelledby="calls-now" className="activity">
      <h2 id="calls-now">{t("activity.callsNow")}</h2>
      {calls.isError && <p role="alert">{t("error.generic", { message: calls.error.message })}</p>}
      {calls.data && (calls.data.length === 0 ? <p className="muted">{t("activity.noCalls")}</p> : (
        <table className="table">
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
            {calls.data.map((call) => (
              <tr key={call.linkedid}>
                <td>{call.caller || t("activity.anonymous")}</td>
                <td>{call.dialed}</td>
                <td>{t(`activity.states.${call.state}`)}</td>
                <td>{[call.queue, call.agent_name].filter(Boolean).join(" → ") || "—"}</td>
                <td className="activity__duration">{duration(call.started_at, now)}</td>
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
        <table className="table">
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
                  <td>{ticketSubject(ticket, t)}</td>
                  <td>{names.status(ticket.status)}</td>
                  <td>{call ? [call.outcome ? t(`activity.outcomes.${call.outcome}`)
                                 : t(`activity.states.${call.state}`),
                               call.agent_name].filter(Boolean).join(", ") : "—"}</td>
                  <td>{formatMoment(ticket.created_at, i18n.language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </section>
  );
}
