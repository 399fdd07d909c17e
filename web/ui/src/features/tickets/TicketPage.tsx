// One ticket as an agent works it: what it is about and who it is from, its timeline
// (messages, notes, calls with recordings, every change), a reply or note, and its
// status, priority, queue, owner and tags. Kept current by the desk's stream.
import { useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, RequestFailed, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useHelpdeskNames } from "../../shared/helpdeskNames";
import { formatMoment } from "../../shared/i18n";
import { useBeOn, useOthersOn } from "../../shared/presence";
import { useMay, useSession } from "../../shared/session";
import { ticketSubject } from "../../shared/subject";
import { CallButton } from "./CallButton";
import { Callbacks } from "./Callbacks";
import { Composer } from "./Composer";
import { TicketActions } from "./TicketActions";
import { TicketFields } from "./TicketFields";
import { Timeline } from "./Timeline";
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
  const [writing, setWriting] = useState(false);
  const may = useMay();
  useBeOn(ticketId, writing);
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
      <p className="ticket-page__chips">
        <span className={`chip${data.closed ? "" : " chip--ok"}`}>{names.status(data.status)}</span>
        {data.priority !== "normal" && (
          <span className={`chip chip--priority-${data.priority}`}>{names.priority(data.priority)}</span>)}
        {data.snoozed_until && <span className="chip">{t("tickets.snoozedChip")}</span>}
      </p>
      <Links ticket={data} />
      <Others ticketId={data.id} />
      <div className="ticket-page__body">
        <div className="ticket-page__main">
          <Timeline ticket={data} />
          <Composer ticket={data} onWriting={setWriting} />
        </div>
        <aside className="ticket-page__side" aria-label={t("ticket.aside")}>
          <Customer ticket={data} />
          <TicketFields key={data.id} ticket={data} />
          {may("click_to_call") && <Callbacks ticket={data} />}
          <TicketActions ticket={data} />
        </aside>
      </div>
    </article>
  );
}

/** Who else has this ticket open, and who is writing on it: before two people answer the
 *  same customer. */
function Others({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const me = useSession().data?.user?.id ?? null;
  const others = useOthersOn(ticketId, me);
  if (others.length === 0) return null;
  const writers = others.filter((each) => each.writing);
  return (
    <div className={`presence-bar${writers.length ? " presence-bar--writing" : ""}`} role="status">
      <Users aria-hidden="true" size={18} />
      <span>
        {writers.length > 0
          ? t("ticket.othersWriting", { names: writers.map((each) => each.name).join(", "),
                                        count: writers.length })
          : t("ticket.othersHere", { names: others.map((each) => each.name).join(", "),
                                     count: others.length })}
      </span>
    </div>
  );
}

/** A reply to a closed ticket that opened a new one: said on both, each linking the other. */
function Links({ ticket }: { ticket: Schemas["TicketDetail"] }) {
  const { t } = useTranslation();
  if (ticket.linked_ticket_id === null && ticket.linked_from.length === 0) return null;
  return (
    <div className="ticket-link-bar" role="note">
      {ticket.linked_ticket_id !== null && (
        <p>{t("ticket.continues")} <Link to={`/tickets/${ticket.linked_ticket_id}`}>
          {t("ticket.openEarlier")}</Link></p>)}
      {ticket.linked_from.map((link) => (
        <p key={link.id}>{t("ticket.continuedIn", { number: link.number })}{" "}
          <Link to={`/tickets/${link.id}`}>{t("ticket.openLater", { number: link.number })}</Link></p>
      ))}
    </div>
  );
}

function Customer({ ticket }: { ticket: Schemas["TicketDetail"] }) {
  const { t, i18n } = useTranslation();
  const contact = ticket.contact;
  return (
    <section className="panel" aria-labelledby="customer-title">
      <h2 id="customer-title">{t("ticket.customer")}</h2>
      {contact === null ? <p className="muted">{t("ticket.noCustomer")}</p> : (
        <dl className="ticket-facts">
          <dt>{t("ticket.name")}</dt>
          <dd><Link to={`/customers/${contact.id}`}>{contact.name || t("customers.noName")}</Link></dd>
          <dt>{t("ticket.phone")}</dt>
          <dd>{(contact.phones.length ? contact.phones : contact.phone ? [contact.phone] : [])
            .map((number) => (
              <span key={number} className="ticket-phone">{number}{" "}
                <CallButton ticketId={ticket.id} number={number} /></span>
            ))}
            {contact.phones.length === 0 && !contact.phone && "—"}</dd>
          <dt>{t("ticket.email")}</dt><dd>{contact.emails.join(", ") || "—"}</dd>
          {contact.company && <><dt>{t("ticket.company")}</dt><dd>{contact.company.name}</dd></>}
        </dl>
      )}
      <dl className="ticket-facts">
        <dt>{t("ticket.created")}</dt><dd>{formatMoment(ticket.created_at, i18n.language)}</dd>
        <dt>{t("tickets.reactionDue")}</dt>
        <dd>{ticket.first_reaction_at ? t("ticket.reacted", {
          when: formatMoment(ticket.first_reaction_at, i18n.language) })
          : formatMoment(ticket.reaction_due, i18n.language) || "—"}</dd>
        <dt>{t("tickets.resolutionDue")}</dt>
        <dd>{ticket.sla_paused ? t("ticket.slaPaused")
          : formatMoment(ticket.resolution_due, i18n.language) || "—"}</dd>
      </dl>
    </section>
  );
}
