// What else an agent does to a ticket: snooze it until a time (only its owner wakes it
// early), watch it, and merge other tickets into it — said to be irreversible first.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, expectDone, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { formatMoment } from "../../shared/i18n";
import { useSession } from "../../shared/session";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";

type Ticket = Schemas["TicketDetail"];

/** A local date-time input's value for a moment. */
export function localInput(moment: Date): string {
  const shifted = new Date(moment.getTime() - moment.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function presets(now: Date): [string, Date][] {
  const inHour = new Date(now.getTime() + 3_600_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
  monday.setHours(9, 0, 0, 0);
  return [["inHour", inHour], ["tomorrow", tomorrow], ["monday", monday]];
}

export function TicketActions({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const me = useSession().data?.user?.id ?? null;
  const refresh = () => client.invalidateQueries({ queryKey: ["ticket", ticket.id] });
  const path = { params: { path: { ticket_id: ticket.id } } };
  const [until, setUntil] = useState(() => localInput(presets(new Date())[1]?.[1] ?? new Date()));
  const snooze = useMutation({
    mutationFn: async (moment: Date) => unwrap(await api.POST("/api/v1/tickets/{ticket_id}/snooze", {
      ...path, body: { until: moment.toISOString(), version: ticket.version } })),
    onSuccess: refresh,
  });
  const wake = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/tickets/{ticket_id}/wake", path)),
    onSuccess: refresh,
  });
  const watching = me !== null && ticket.watchers.includes(me);
  const watch = useMutation({
    mutationFn: async () => {
      const where = { params: { path: { ticket_id: ticket.id, user_id: me ?? 0 } } };
      expectDone(watching ? await api.DELETE("/api/v1/tickets/{ticket_id}/watchers/{user_id}", where)
        : await api.PUT("/api/v1/tickets/{ticket_id}/watchers/{user_id}", where));
    },
    onSuccess: refresh,
  });
  const failure = snooze.error ?? wake.error ?? watch.error;
  return (
    <section className="panel ticket-actions" aria-labelledby="ticket-actions-title">
      <h2 id="ticket-actions-title">{t("ticket.actions")}</h2>
      {ticket.snoozed_until ? (
        <div>
          <p>{t("ticket.snoozedUntil", { until: formatMoment(ticket.snoozed_until, i18n.language) })}</p>
          {ticket.owner_id === me ? (
            <Button onClick={() => wake.mutate()} disabled={wake.isPending}>{t("ticket.wake")}</Button>
          ) : <p className="muted">{t("ticket.ownerWakes")}</p>}
        </div>
      ) : !ticket.closed && (
        <fieldset className="ticket-actions__snooze">
          <legend>{t("ticket.snooze")}</legend>
          <div className="ticket-actions__presets">
            {presets(new Date()).map(([name, moment]) => (
              <Button key={name} onClick={() => snooze.mutate(moment)} disabled={snooze.isPending}>
                {t(`ticket.snoozePresets.${name}`)}
              </Button>
            ))}
          </div>
          <label>
            <span>{t("ticket.snoozeUntil")}</span>
            <input type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} />
          </label>
          <Button onClick={() => snooze.mutate(new Date(until))} disabled={!until || snooze.isPending}>
            {t("ticket.snoozeThen")}
          </Button>
        </fieldset>
      )}
      <Button onClick={() => watch.mutate()} disabled={me === null || watch.isPending}
              aria-pressed={watching}>
        {watching ? t("ticket.unwatch") : t("ticket.watch")}
      </Button>
      <MergeInto ticket={ticket} />
      {failure && <p role="alert" className="problem">{errorText(t, failure)}</p>}
    </section>
  );
}

/** Another ticket found by its number and merged into this one, after saying it cannot
 *  be undone. */
function MergeInto({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [number, setNumber] = useState("");
  const [other, setOther] = useState<Schemas["Ticket"] | null>(null);
  const [missing, setMissing] = useState(false);
  const find = useMutation({
    mutationFn: async () => unwrap(await api.GET("/api/v1/tickets", { params: { query: {
      q: number.trim(), per_page: 5, snoozed: "include" } } })),
    onSuccess: (found) => {
      const match = found.items.find((item) => item.number === number.trim() && item.id !== ticket.id);
      setOther(match ?? null);
      setMissing(!match);
    },
  });
  const merge = async () => {
    if (!other) return;
    unwrap(await api.POST("/api/v1/tickets/{ticket_id}/merge", {
      params: { path: { ticket_id: ticket.id } }, body: { tickets: [other.id] } }));
    setOther(null);
    setNumber("");
    await client.invalidateQueries({ queryKey: ["ticket", ticket.id] });
    await client.invalidateQueries({ queryKey: ["tickets"] });
  };
  return (
    <form className="ticket-actions__merge" onSubmit={(event) => { event.preventDefault(); find.mutate(); }}>
      <label>
        <span>{t("ticket.mergeNumber")}</span>
        <input value={number} onChange={(event) => { setNumber(event.target.value); setMissing(false); }}
               inputMode="search" />
      </label>
      <Button type="submit" disabled={!number.trim() || find.isPending}>{t("ticket.mergeFind")}</Button>
      {missing && <p className="muted" role="status">{t("ticket.mergeNotFound", { number: number.trim() })}</p>}
      <Confirm open={other !== null} onOpenChange={(open) => { if (!open) setOther(null); }} tone="danger"
               title={t("ticket.mergeTitle", { other: other?.number ?? "", into: ticket.number })}
               description={t("ticket.mergeWhat")} confirmLabel={t("ticket.mergeConfirm")}
               onConfirm={merge} />
    </form>
  );
}
