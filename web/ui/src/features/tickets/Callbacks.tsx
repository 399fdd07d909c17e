// "Call back at…": at that time the agent's own phone rings first, then the customer's;
// the callbacks of this ticket with what came of each, a coming one cancelled here.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, expectDone, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { formatMoment } from "../../shared/i18n";
import { Button } from "../../shared/ui/Button";
import { localInput } from "./TicketActions";

type Ticket = Schemas["TicketDetail"];
const SOON: [string, number][] = [["in15", 15], ["inHour", 60], ["in3Hours", 180]];

export function Callbacks({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const ids = { at: useId(), number: useId() };
  const key = ["ticket", ticket.id, "callbacks"];
  const path = { params: { path: { ticket_id: ticket.id } } };
  const callbacks = useQuery({ queryKey: key, queryFn: async () =>
    unwrap(await api.GET("/api/v1/tickets/{ticket_id}/callbacks", path)) });
  const [at, setAt] = useState(() => localInput(new Date(Date.now() + 3_600_000)));
  const numbers = ticket.contact?.phones ?? [];
  const [number, setNumber] = useState(numbers[0] ?? "");
  const refresh = () => client.invalidateQueries({ queryKey: ["ticket", ticket.id] });
  const schedule = useMutation({
    mutationFn: async (moment: Date) => unwrap(await api.POST(
      "/api/v1/tickets/{ticket_id}/callbacks", { ...path, body: {
        at: moment.toISOString(), number: number.trim() || null } })),
    onSuccess: refresh,
  });
  const cancel = useMutation({
    mutationFn: async (callbackId: number) => expectDone(await api.DELETE(
      "/api/v1/tickets/{ticket_id}/callbacks/{callback_id}", {
        params: { path: { ticket_id: ticket.id, callback_id: callbackId } } })),
    onSuccess: refresh,
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (at) schedule.mutate(new Date(at));
  }
  const failure = schedule.error ?? cancel.error;
  return (
    <section className="panel callbacks" aria-labelledby="callbacks-title">
      <h2 id="callbacks-title">{t("callbacks.title")}</h2>
      {(callbacks.data ?? []).length > 0 && (
        <ul className="callbacks__list">
          {callbacks.data?.map((callback) => (
            <li key={callback.id}>
              <span>{formatMoment(callback.due_at, i18n.language)}</span>
              {" · "}<span>{t(`callbacks.state.${callback.state}`)}</span>
              {callback.number && <span className="muted"> · {callback.number}</span>}
              {callback.state === "scheduled" && (
                <Button onClick={() => cancel.mutate(callback.id)} disabled={cancel.isPending}>
                  {t("callbacks.cancel")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} aria-label={t("callbacks.new")}>
        <p className="muted">{t("callbacks.how")}</p>
        <div className="ticket-actions__presets">
          {SOON.map(([name, minutes]) => (
            <Button key={name} disabled={schedule.isPending}
                    onClick={() => schedule.mutate(new Date(Date.now() + minutes * 60_000))}>
              {t(`callbacks.presets.${name}`)}
            </Button>
          ))}
        </div>
        <label htmlFor={ids.at}>{t("callbacks.at")}</label>
        <input id={ids.at} type="datetime-local" value={at}
               onChange={(event) => setAt(event.target.value)} />
        <label htmlFor={ids.number}>{t("callbacks.number")}</label>
        <input id={ids.number} inputMode="tel" value={number} list={`${ids.number}-known`}
               onChange={(event) => setNumber(event.target.value)} />
        <datalist id={`${ids.number}-known`}>
          {numbers.map((each) => <option key={each} value={each} />)}
        </datalist>
        <div className="form-actions">
          <Button type="submit" disabled={!at || schedule.isPending}>{t("callbacks.schedule")}</Button>
        </div>
        {schedule.isSuccess && <p role="status">{t("callbacks.scheduled", {
          at: formatMoment(schedule.data.due_at, i18n.language) })}</p>}
        {failure && <p role="alert" className="problem">{errorText(t, failure)}</p>}
      </form>
    </section>
  );
}
