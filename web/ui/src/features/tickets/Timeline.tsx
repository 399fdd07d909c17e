// Everything that happened on a ticket, oldest first: messages and notes as the people
// wrote them, calls with their way and recordings, and each change said in words.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { useHelpdeskNames, type HelpdeskNames } from "../../shared/helpdeskNames";
import { formatMoment } from "../../shared/i18n";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import { CallCard } from "./CallCard";
import { useColleagues } from "./TicketFields";

type Entry = Schemas["TimelineEntry"];
type Ticket = Schemas["TicketDetail"];
const WRITTEN = new Set(["message_in", "message_out", "note"]);

export function Timeline({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const names = useHelpdeskNames();
  const colleagues = useColleagues();
  const timeline = useQuery({
    queryKey: ["ticket", ticket.id, "timeline", ticket.version],
    queryFn: async () => unwrap(await api.GET("/api/v1/tickets/{ticket_id}/timeline", {
      params: { path: { ticket_id: ticket.id } } })),
  });
  const person = (id: number | null | undefined) => id === null || id === undefined
    ? t("timeline.system")
    : colleagues.data?.find((each) => each.id === id)?.name ?? t("timeline.someone");
  if (!timeline.data) return <p role="status">{t("app.loading")}</p>;
  return (
    <ol className="timeline" aria-label={t("timeline.title")}>
      {timeline.data.map((entry) => (
        <li key={entry.id} className={`timeline__entry timeline__entry--${entry.kind}`}>
          <p className="timeline__head">
            <strong>{entry.kind === "message_in" ? customerOf(ticket, t) : person(entry.author_id)}</strong>
            {" · "}<time dateTime={entry.at ?? undefined}>{formatMoment(entry.at, i18n.language)}</time>
            {WRITTEN.has(entry.kind) && <span className="chip"> {t(`timeline.kinds.${entry.kind}`)}</span>}
          </p>
          <EntryBody entry={entry} ticket={ticket} names={names} person={person} />
          {entry.kind === "message_in" && <SplitOff ticket={ticket} entry={entry} />}
        </li>
      ))}
    </ol>
  );
}

/** A customer's message about something else becomes a ticket of its own, linked. */
function SplitOff({ ticket, entry }: { ticket: Ticket; entry: Entry }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="ghost" onClick={() => setAsking(true)}>{t("timeline.splitOff")}</Button>
      <Confirm open={asking} onOpenChange={setAsking} title={t("timeline.splitTitle")}
               description={t("timeline.splitWhat")} confirmLabel={t("timeline.splitConfirm")}
               onConfirm={async () => {
                 const fresh = unwrap(await api.POST("/api/v1/tickets/{ticket_id}/split", {
                   params: { path: { ticket_id: ticket.id } }, body: { entry_id: entry.id } }));
                 await client.invalidateQueries({ queryKey: ["ticket", ticket.id] });
                 void navigate(`/tickets/${fresh.id}`);
               }} />
    </>
  );
}

function customerOf(ticket: Ticket, t: TFunction): string {
  return ticket.contact?.name || ticket.contact?.phone || t("timeline.customer");
}

function EntryBody({ entry, ticket, names, person }: {
  entry: Entry; ticket: Ticket; names: HelpdeskNames; person: (id: number | null) => string }) {
  const { t, i18n } = useTranslation();
  const data = entry.data as Record<string, unknown>;
  const text = (value: unknown) => typeof value === "string" ? value : "";
  const id = (value: unknown) => typeof value === "number" ? value : null;
  if (WRITTEN.has(entry.kind)) return <div className="timeline__text">{entry.body}</div>;
  if (entry.kind === "call" || entry.kind === "call_out") {
    const call = ticket.calls.find((each) => each.linkedid === text(data["linkedid"]));
    return (
      <>
        <p>{t(`timeline.kinds.${entry.kind}`, { number: text(data["number"]) })}</p>
        {call && <CallCard call={call} />}
      </>
    );
  }
  const said = (() => {
    switch (entry.kind) {
      case "created": return t("timeline.created", { queue: names.queue(text(data["queue"]) || null) });
      case "status": return t("timeline.changed", { what: t("ticket.status"),
        from: names.status(text(data["from"])), to: names.status(text(data["to"])) });
      case "priority": return t("timeline.changed", { what: t("ticket.priority"),
        from: names.priority(text(data["from"])), to: names.priority(text(data["to"])) });
      case "queue": return t("timeline.changed", { what: t("ticket.queue"),
        from: names.queue(text(data["from"]) || null), to: names.queue(text(data["to"]) || null) });
      case "subject": return t("timeline.changed", { what: t("tickets.subject"),
        from: text(data["from"]), to: text(data["to"]) });
      case "assigned": return data["to"] === null ? t("timeline.unassigned")
        : t("timeline.assigned", { to: person(id(data["to"])) });
      case "tags": {
        const added = (data["added"] as string[] | undefined) ?? [];
        const removed = (data["removed"] as string[] | undefined) ?? [];
        return [added.length ? t("timeline.tagsAdded", { tags: added.join(", ") }) : "",
                removed.length ? t("timeline.tagsRemoved", { tags: removed.join(", ") }) : ""]
          .filter(Boolean).join("; ");
      }
      case "snoozed": return t("timeline.snoozed", {
        until: formatMoment(text(data["until"]), i18n.language) });
      case "callback": return t(`timeline.callback.${text(data["state"])}`, {
        at: formatMoment(text(data["at"]), i18n.language), defaultValue: t("timeline.other") });
      case "recording": return data["paused"] === true
        ? t("timeline.recording.paused", { at: formatMoment(text(data["resume_at"]), i18n.language) })
        : t(data["by_itself"] === true ? "timeline.recording.resumedByItself"
          : "timeline.recording.resumed");
      case "disposition": return t("timeline.disposition", { code: text(data["code"]) });
      case "watcher": return data["added"] !== undefined
        ? t("timeline.watching", { who: person(id(data["added"])) })
        : t("timeline.notWatching", { who: person(id(data["removed"])) });
      default: return t(`timeline.kinds.${entry.kind}`, { defaultValue: t("timeline.other") });
    }
  })();
  return (
    <p className="timeline__said">
      {said}
      {entry.body && <span className="timeline__why"> — {entry.body}</span>}
      {entry.kind === "attachment" && (
        <> <a href={`/api/v1/tickets/${ticket.id}/attachments/${entry.id}`} download>{entry.body}</a></>
      )}
      {(entry.kind === "linked" || entry.kind === "split") && id(data["ticket_id"]) !== null && (
        <> <Link to={`/tickets/${String(id(data["ticket_id"]))}`}>{t("timeline.openLinked")}</Link></>
      )}
    </p>
  );
}
