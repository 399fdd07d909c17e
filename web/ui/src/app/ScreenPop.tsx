// The screen pop: while the agent's own phone rings for a call, who is calling (their
// customer card, their open tickets) and, once answered, this call's ticket opened on
// its own. Only this agent's desk is told of the call (the desk's stream); the card comes
// from the API, which shows it only to the agents the call rang.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PhoneCall as PhoneIcon, PhoneIncoming, PhoneOff, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { RequestFailed, api, unwrap, type Schemas } from "../shared/api/client";
import { errorText } from "../shared/api/errors";
import { formatMoment } from "../shared/i18n";
import { useHelpdeskNames } from "../shared/helpdeskNames";
import { WrapUp } from "../features/tickets/WrapUp";
import { dismissPhoneCall, usePhoneCall, type PhoneCall } from "../shared/phoneCall";
import { ticketSubject } from "../shared/subject";
import { Button } from "../shared/ui/Button";

const NOT_WRITTEN_YET_RETRIES = 12;  // the call's row is written a moment after it rings

export function ScreenPop() {
  const call = usePhoneCall();
  return call === null ? null : <PopCard key={call.linkedid} call={call} />;
}

function PopCard({ call }: { call: PhoneCall }) {
  const { t } = useTranslation();
  const answered = call.phase === "answered";
  // The call's row is written a moment after the ring reaches the desk: ask then.
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    const soon = window.setTimeout(() => setAsking(true), 300);
    return () => window.clearTimeout(soon);
  }, []);
  const client = useQueryClient();
  useEffect(() => {
    if (call.phase !== "finished") return;
    // The call's times and recording are on its ticket a moment after it ends.
    const later = [1500, 4000].map((ms) => window.setTimeout(
      () => void client.invalidateQueries({ queryKey: ["ticket"] }), ms));
    return () => { later.forEach((each) => window.clearTimeout(each)); };
  }, [call.phase, client]);
  const pop = useQuery({
    enabled: asking,
    queryKey: ["call-pop", call.linkedid, call.phase], placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET("/api/v1/calls/{linkedid}/pop",
                                              { params: { path: { linkedid: call.linkedid } } })),
    retry: (count, error) => error instanceof RequestFailed && error.status === 404
      && count < NOT_WRITTEN_YET_RETRIES,
    retryDelay: 250,
    // Answered: the ticket opens a moment later, written by the call's recorder.
    refetchInterval: (query) => (answered && !query.state.data?.ticket)
      || (call.phase === "ringing" && !query.state.data?.contact) ? 700 : false,
  });
  useOpenWhenAnswered(answered, pop.data?.ticket ?? null);
  const Icon = call.phase === "ringing" ? PhoneIncoming
    : call.phase === "answered" ? PhoneIcon : PhoneOff;
  const card = pop.data;
  const caller = card?.caller || call.caller;
  const queue = card?.queue || call.queue;
  // On the call's own ticket the page shows the customer: the pop keeps to the call.
  const onItsTicket = useLocation().pathname === `/tickets/${String(card?.ticket?.id)}`;
  return (
    <aside className={`screen-pop screen-pop--${call.phase}`} aria-labelledby="screen-pop-title"
           aria-live="polite">
      <header className="screen-pop__head">
        <Icon aria-hidden="true" size={20} />
        <h2 id="screen-pop-title">{t(`pop.phase.${call.phase}`)}</h2>
        <Button variant="ghost" iconOnly icon={X} aria-label={t("common.close")}
                title={t("common.close")} onClick={dismissPhoneCall} />
      </header>
      <p className="screen-pop__caller">
        {caller ? <a href={`tel:${caller}`}>{caller}</a> : t("pop.anonymous")}
        {queue && <span className="muted"> · {t("pop.queue", { queue })}</span>}
      </p>
      {pop.isError && <p className="muted">{t("pop.noCard")}</p>}
      {answered && <RecordingSwitch linkedid={call.linkedid} />}
      {card && !onItsTicket && <Card card={card} phase={call.phase} />}
      {card && call.phase !== "ringing" && card.dispositions.length > 0 && (
        <WrapUp card={card} />
      )}
    </aside>
  );
}

function Card({ card, phase }: { card: Schemas["CallPop"]; phase: PhoneCall["phase"] }) {
  const { t } = useTranslation();
  const names = useHelpdeskNames();
  const contact = card.contact;
  return (
    <>
      <section aria-label={t("pop.customer")} className="screen-pop__customer">
        {contact === null || (!contact.name && !contact.company) ? (
          <p className="muted">{t("pop.unknownCustomer")}</p>
        ) : (
          <p>
            <strong><Link to={`/customers/${contact.id}`}>{contact.name || t("pop.noName")}</Link></strong>
            {contact.company && <span> · {contact.company.name}</span>}
            {contact.emails.length > 0 && <><br /><span className="muted">{contact.emails.join(", ")}</span></>}
          </p>
        )}
      </section>
      <section aria-label={t("pop.thisCall")}>
        {card.ticket ? (
          <p><Link to={`/tickets/${card.ticket.id}`}>
            {t("pop.ticketOfCall", { number: card.ticket.number,
                                     subject: ticketSubject(card.ticket, t) })}
          </Link></p>
        ) : phase === "ringing" ? <p className="muted">{t("pop.opensOnAnswer")}</p> : null}
      </section>
      <section aria-labelledby="screen-pop-open">
        <h3 id="screen-pop-open">{t("pop.openTickets", { count: card.open_tickets.length })}</h3>
        {card.open_tickets.length === 0 ? <p className="muted">{t("pop.noOpenTickets")}</p> : (
          <ul>
            {card.open_tickets.map((ticket) => (
              <li key={ticket.id}>
                <Link to={`/tickets/${ticket.id}`}>{ticket.number} · {ticketSubject(ticket, t)}</Link>
                <span className="muted"> · {names.status(ticket.status)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** While the caller gives card details: the recording paused (both sides silent in it),
 *  resumed here or by itself after the server's limit; each marked on the ticket. */
function RecordingSwitch({ linkedid }: { linkedid: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: async (paused: boolean) => unwrap(await api.PUT("/api/v1/calls/{linkedid}/recording", {
      params: { path: { linkedid } }, body: { paused } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["ticket"] }),
  });
  const paused = change.data?.paused === true;
  return (
    <div className="screen-pop__recording">
      <Button aria-pressed={paused} disabled={change.isPending}
              onClick={() => change.mutate(!paused)}>
        {t(paused ? "pop.resumeRecording" : "pop.pauseRecording")}
      </Button>
      {paused && change.data?.resume_at && (
        <p role="status">{t("pop.recordingPaused", {
          at: formatMoment(change.data.resume_at, i18n.language) })}</p>
      )}
      {change.isError && <p role="alert">{errorText(t, change.error)}</p>}
    </div>
  );
}

/** Answering opens the call's ticket, once: going elsewhere afterwards is the agent's call. */
function useOpenWhenAnswered(answered: boolean, ticket: Schemas["Ticket"] | null): void {
  const navigate = useNavigate();
  const where = useLocation().pathname;
  const opened = useRef(false);
  useEffect(() => {
    if (!answered || ticket === null || opened.current) return;
    opened.current = true;
    const path = `/tickets/${ticket.id}`;
    if (where !== path) void navigate(path);
  }, [answered, ticket, navigate, where]);
}
