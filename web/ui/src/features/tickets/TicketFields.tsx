// What a ticket is: status, priority, queue, owner, tags — changed together and saved with
// the version they were read at; a change someone saved meanwhile is named and what was
// chosen here is kept until the agent decides.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, RequestFailed, unwrap, type Schemas } from "../../shared/api/client";
import { useHelpdeskNames, useHelpdeskSetup } from "../../shared/helpdeskNames";
import { useUnsaved } from "../../shared/unsaved";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";

type Ticket = Schemas["TicketDetail"];
interface Choice { status: string; priority: string; queue: string; owner: string; tags: string }
const FIELDS = ["status", "priority", "queue", "owner_id", "tags"] as const;

function choiceOf(ticket: Ticket): Choice {
  return { status: ticket.status, priority: ticket.priority, queue: ticket.queue ?? "",
           owner: ticket.owner_id === null ? "" : String(ticket.owner_id),
           tags: ticket.tags.join(", ") };
}

function tagsOf(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim()).filter(Boolean))];
}

export function useColleagues() {
  return useQuery({ queryKey: ["colleagues"], staleTime: 60_000,
                    queryFn: async () => unwrap(await api.GET("/api/v1/colleagues")) });
}

export function TicketFields({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const names = useHelpdeskNames();
  const colleagues = useColleagues();
  const { statuses, priorities, queues } = useHelpdeskSetup();
  const [base, setBase] = useState<Ticket>(ticket);
  const [choice, setChoice] = useState<Choice>(() => choiceOf(ticket));
  const dirty = JSON.stringify(choice) !== JSON.stringify(choiceOf(base));
  useUnsaved(dirty);
  // Someone else's change arrived (the desk's stream refetched the ticket): take it in
  // when nothing is being changed here; otherwise the save will say so.
  if (ticket.version !== base.version && !dirty) {
    setBase(ticket);
    setChoice(choiceOf(ticket));
  }
  const save = useMutation({
    // Only what was changed here is sent, against what it was changed from (``from``): a
    // save after someone else's change keeps theirs in the fields left alone.
    mutationFn: async ({ version, from }: { version: number; from: Ticket }) => {
      const before = choiceOf(from);
      const body: Schemas["TicketChanges"] = { version };
      if (choice.status !== before.status) body.status = choice.status;
      if (choice.priority !== before.priority) body.priority = choice.priority;
      if (choice.queue !== before.queue) body.queue = choice.queue;
      if (choice.owner !== before.owner) body.owner_id = choice.owner ? Number(choice.owner) : null;
      if (choice.tags !== before.tags) body.tags = tagsOf(choice.tags);
      return unwrap(await api.PATCH("/api/v1/tickets/{ticket_id}", {
        params: { path: { ticket_id: ticket.id } }, body }));
    },
    onSuccess: (saved) => {
      setBase(saved);
      setChoice(choiceOf(saved));
      client.setQueryData(["ticket", ticket.id], saved);
      void client.invalidateQueries({ queryKey: ["ticket", ticket.id, "timeline"] });
    },
    // Changed meanwhile: fetch theirs, to say what changed beside what was chosen here.
    onError: () => client.invalidateQueries({ queryKey: ["ticket", ticket.id] }),
  });
  const conflict = save.error instanceof RequestFailed && save.error.status === 409
    && ticket.version !== base.version;
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ version: base.version, from: base });
  }
  const set = (key: keyof Choice) => (event: { target: { value: string } }) =>
    setChoice((old) => ({ ...old, [key]: event.target.value }));
  const theirs = choiceOf(ticket);
  const changedMeanwhile = (Object.keys(theirs) as (keyof Choice)[])
    .filter((key) => theirs[key] !== choiceOf(base)[key])
    .map((key) => t(`ticket.fieldNames.${key}`));
  return (
    <form className="panel ticket-fields" onSubmit={submit} aria-labelledby="ticket-fields-title">
      <h2 id="ticket-fields-title">{t("ticket.details")}</h2>
      <Field label={t("ticket.status")} name="status" error={save.error}>
        {(control) => (
          <select {...control} value={choice.status} onChange={set("status")}>
            {(statuses.data ?? []).filter((status) => status.active || status.code === choice.status)
              .map((status) => <option key={status.code} value={status.code}>{names.status(status.code)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t("ticket.priority")} name="priority" error={save.error}>
        {(control) => (
          <select {...control} value={choice.priority} onChange={set("priority")}>
            {(priorities.data ?? []).map((priority) => (
              <option key={priority.code} value={priority.code}>{names.priority(priority.code)}</option>))}
          </select>
        )}
      </Field>
      <Field label={t("ticket.queue")} name="queue" error={save.error}>
        {(control) => (
          <select {...control} value={choice.queue} onChange={set("queue")}>
            {(queues.data ?? []).filter((queue) => queue.active || queue.code === choice.queue)
              .map((queue) => <option key={queue.code} value={queue.code}>{names.queue(queue.code)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t("tickets.owner")} name="owner_id" error={save.error}>
        {(control) => (
          <select {...control} value={choice.owner} onChange={set("owner")}>
            <option value="">{t("tickets.nobody")}</option>
            {(colleagues.data ?? []).filter((person) => person.active || String(person.id) === choice.owner)
              .map((person) => <option key={person.id} value={String(person.id)}>{person.name}</option>)}
          </select>
        )}
      </Field>
      <Field label={t("ticket.tags")} name="tags" error={save.error} hint={t("ticket.tagsHint")}>
        {(control) => <input {...control} value={choice.tags} onChange={set("tags")} />}
      </Field>
      {!conflict && <FormError error={save.error} fields={FIELDS} />}
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t("ticket.changedMeanwhile", { changed: changedMeanwhile.join(", ") || t("ticket.somethingElse") })}</p>
          <Button onClick={() => { setBase(ticket); setChoice(choiceOf(ticket)); save.reset(); }}>
            {t("builder.reloadTheirs")}
          </Button>
          <Button onClick={() => save.mutate({ version: ticket.version, from: base })}>
            {t("builder.keepMine")}
          </Button>
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!dirty || save.isPending}>
          {t("ticket.save")}
        </Button>
        {dirty && <span className="chip chip--warn">{t("pbx.unsaved")}</span>}
        {save.isSuccess && !dirty && <span role="status">{t("ticket.saved")}</span>}
      </div>
    </form>
  );
}
