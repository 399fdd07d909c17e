// Writing on a ticket: a reply to the customer or an internal note (@login mentions a
// colleague, who is notified). What was typed stays until it is saved, whatever fails.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useUnsaved } from "../../shared/unsaved";
import { Button } from "../../shared/ui/Button";

type Kind = "note" | "reply";

export function Composer({ ticket }: { ticket: Schemas["TicketDetail"] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const id = useId();
  const [kind, setKind] = useState<Kind>("note");
  const [text, setText] = useState("");
  useUnsaved(text.trim() !== "");
  const send = useMutation({
    mutationFn: async () => {
      const path = { params: { path: { ticket_id: ticket.id } } };
      if (kind === "note") {
        return unwrap(await api.POST("/api/v1/tickets/{ticket_id}/notes", {
          ...path, body: { body: text } }));
      }
      return unwrap(await api.POST("/api/v1/tickets/{ticket_id}/messages", {
        ...path, body: { body: text, direction: "out",
                         channel: ticket.channel === "agent" ? undefined : ticket.channel } }));
    },
    onSuccess: async () => {
      setText("");
      await client.invalidateQueries({ queryKey: ["ticket", ticket.id] });
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim()) send.mutate();
  }
  return (
    <form className={`panel composer composer--${kind}`} onSubmit={submit}
          aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">{t("ticket.write")}</h2>
      <div className="composer__kinds" role="radiogroup" aria-label={t("ticket.write")}>
        {(["note", "reply"] as const).map((each) => (
          <label key={each}>
            <input type="radio" name={`${id}-kind`} checked={kind === each}
                   onChange={() => setKind(each)} />
            {t(`ticket.kinds.${each}`)}
          </label>
        ))}
      </div>
      <label htmlFor={`${id}-text`} className="visually-hidden">{t(`ticket.kinds.${kind}`)}</label>
      <textarea id={`${id}-text`} rows={4} value={text} onChange={(event) => setText(event.target.value)}
                placeholder={t(kind === "note" ? "ticket.notePlaceholder" : "ticket.replyPlaceholder")}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    if (text.trim()) send.mutate();
                  }
                }} />
      {send.isError && <p role="alert" className="problem">{errorText(t, send.error)}</p>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!text.trim() || send.isPending}>
          {t(kind === "note" ? "ticket.addNote" : "ticket.sendReply")}
        </Button>
        <small className="muted">{t("ticket.sendKeys")}</small>
      </div>
    </form>
  );
}
