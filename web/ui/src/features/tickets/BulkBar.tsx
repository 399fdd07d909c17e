// Changing many tickets at once: the chosen ones get the same status, owner or an added
// tag, each saved with the version it was listed at — one changed meanwhile is skipped
// and named, never overwritten.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, RequestFailed, type Schemas } from "../../shared/api/client";
import { useHelpdeskNames, useHelpdeskSetup } from "../../shared/helpdeskNames";
import { Button } from "../../shared/ui/Button";
import { useColleagues } from "./TicketFields";

type Ticket = Schemas["Ticket"];

export function BulkBar({ chosen, onDone }: { chosen: Ticket[]; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const names = useHelpdeskNames();
  const colleagues = useColleagues();
  const { statuses } = useHelpdeskSetup();
  const [status, setStatus] = useState("");
  const [owner, setOwner] = useState("");
  const [tag, setTag] = useState("");
  const [skipped, setSkipped] = useState<string[]>([]);
  const apply = useMutation({
    mutationFn: async () => {
      const missed: string[] = [];
      for (const ticket of chosen) {
        const body: Schemas["TicketChanges"] = { version: ticket.version };
        if (status) body.status = status;
        if (owner) body.owner_id = owner === "none" ? null : Number(owner);
        if (tag.trim() && !ticket.tags.includes(tag.trim())) body.tags = [...ticket.tags, tag.trim()];
        const result = await api.PATCH("/api/v1/tickets/{ticket_id}", {
          params: { path: { ticket_id: ticket.id } }, body });
        if (!result.response.ok) {
          const failure = new RequestFailed(result.response.status, result.error, null);
          missed.push(`${ticket.number} (${failure.message})`);
        }
      }
      return missed;
    },
    onSuccess: async (missed) => {
      setSkipped(missed);
      await client.invalidateQueries({ queryKey: ["tickets"] });
      if (missed.length === 0) onDone();
    },
  });
  const nothing = !status && !owner && !tag.trim();
  return (
    <section className="bulk-bar" aria-label={t("tickets.bulk.label")}>
      <strong>{t("tickets.bulk.chosen", { count: chosen.length })}</strong>
      <label>
        <span>{t("ticket.status")}</span>
        <select value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">{t("tickets.bulk.keep")}</option>
          {(statuses.data ?? []).filter((each) => each.active).map((each) => (
            <option key={each.code} value={each.code}>{names.status(each.code)}</option>))}
        </select>
      </label>
      <label>
        <span>{t("tickets.owner")}</span>
        <select value={owner} onChange={(event) => setOwner(event.target.value)}>
          <option value="">{t("tickets.bulk.keep")}</option>
          <option value="none">{t("tickets.nobody")}</option>
          {(colleagues.data ?? []).filter((person) => person.active).map((person) => (
            <option key={person.id} value={String(person.id)}>{person.name}</option>))}
        </select>
      </label>
      <label>
        <span>{t("tickets.bulk.addTag")}</span>
        <input value={tag} onChange={(event) => setTag(event.target.value)} />
      </label>
      <Button variant="primary" disabled={nothing || apply.isPending} onClick={() => apply.mutate()}>
        {t("tickets.bulk.apply", { count: chosen.length })}
      </Button>
      <Button variant="ghost" onClick={onDone}>{t("tickets.bulk.clear")}</Button>
      {skipped.length > 0 && (
        <p role="alert" className="problem">{t("tickets.bulk.skipped", { tickets: skipped.join("; ") })}</p>
      )}
    </section>
  );
}
