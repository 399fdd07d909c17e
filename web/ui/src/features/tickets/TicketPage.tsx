// One ticket as the home page's rows open it: what it is about, who called, and each call's
// way through the route with its recordings. Read-only here; the agent desk works it.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, RequestFailed, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { formatMoment } from "../../shared/i18n";
import { ticketSubject } from "../../shared/subject";
import { CallPath } from "./CallPath";
import { useHelpdeskNames, type HelpdeskNames } from "../../shared/helpdeskNames";
import "./ticket.css";

export function TicketPage() {
  const { t } = useTranslation();
  const ticketId = Number(useParams()["ticketId"]);
  const ticket = useQuery({
    queryKey: ["ticket", ticketId],
    retry: false,
    queryFn: async () => unwrap(await api.GET("/api/v1/tickets/{ticket_id}",
                                              { params: { path: { ticket_id: ticketId } } })),
  });
  const names = useHelpdeskNames();
  if (ticket.isError) {
    const missing = ticket.error instanceof RequestFailed && ticket.error.status === 404;
    return <p role="alert">{missing ? t("ticket.notFound") : errorText(t, ticket.error)}</p>;
  }
  if (!ticket.data) return <p role="status">{t("app.loading")}</p>;
  const data = ticket.data;
  return (
    <article className="ticket-page">
      <p><Link to="/tickets">{t("ticket.back")}</Link></p>
      <h1>{t("ticket.title", { number: data.number, subject: ticketSubject(data, t) })}</h1>
      <TicketFacts ticket={data} names={names} />
      <h2>{t("ticket.calls", { count: data.calls.length })}</h2>
      {data.calls.length === 0 && <p className="muted">{t("ticket.noCalls")}</p>}
      {data.calls.map((call) => <CallCard key={call.linkedid} call={call} />)}
    </article>
  );
}

function TicketFacts({ ticket, names }: { ticket: Schemas["TicketDetail"];
                                          names: HelpdeskNames }) {
  const { t, i18n } = useTranslation();
  const customer = ticket.contact
    ? [ticket.contact.name, ticket.contact.phone].filter(Boolean).join(", ") : "—";
  return (
    <dl className="ticket-facts">
      <dt>{t("ticket.status")}</dt><dd>{names.status(ticket.status)}</dd>
      <dt>{t("ticket.customer")}</dt><dd>{customer}</dd>
      <dt>{t("ticket.queue")}</dt><dd>{names.queue(ticket.queue)}</dd>
      <dt>{t("ticket.priority")}</dt><dd>{ticket.priority ? names.priority(ticket.priority) : "—"}</dd>
      <dt>{t("ticket.created")}</dt><dd>{formatMoment(ticket.created_at, i18n.language)}</dd>
    </dl>
  );
}

function CallCard({ call }: { call: Schemas["Call"] }) {
  const { t, i18n } = useTranslation();
  const outcome = call.outcome ? t(`activity.outcomes.${call.outcome}`)
    : t(`activity.states.${call.state}`);
  const seconds = (value: number | null) => value === null ? "—"
    : t("ticket.seconds", { count: value });
  return (
    <section className="call-card" aria-label={t("ticket.callAt", {
      at: formatMoment(call.started_at, i18n.language) })}>
      <h3>{formatMoment(call.started_at, i18n.language)} · {outcome}</h3>
      <dl className="ticket-facts">
        <dt>{t("activity.caller")}</dt><dd>{call.caller_number ?? (call.caller_raw || t("activity.anonymous"))}</dd>
        <dt>{t("activity.dialed")}</dt><dd>{call.dialed_number ?? "—"}</dd>
        <dt>{t("ticket.agent")}</dt><dd>{call.agent_name || "—"}</dd>
        <dt>{t("ticket.wait")}</dt><dd>{seconds(call.wait_seconds)}</dd>
        <dt>{t("ticket.talk")}</dt><dd>{seconds(call.talk_seconds)}</dd>
      </dl>
      <h4>{call.route_name ? t("ticket.pathOf", { route: call.route_name,
                                                  version: call.route_version })
        : t("ticket.path")}</h4>
      <CallPath call={call} />
      {call.recordings.map((url, index) => (
        <audio key={url} controls preload="none" src={url}
               aria-label={t("ticket.recording", { number: index + 1 })} />
      ))}
    </section>
  );
}
