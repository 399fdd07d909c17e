// Writing on a ticket: a reply to the customer or an internal note (@login mentions a
// colleague, who is notified). What was typed stays until it is saved, whatever fails.
// Canned replies come filled with the ticket's facts; a reply carries the agent's and the
// queue's signature, shown beneath it before it goes.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useUnsaved } from "../../shared/unsaved";
import { Button } from "../../shared/ui/Button";

type Kind = "note" | "reply";

export function Composer({ ticket, onWriting }: { ticket: Schemas["TicketDetail"];
                                                  onWriting?: (writing: boolean) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const id = useId();
  const [kind, setKind] = useState<Kind>("note");
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const writing = text.trim() !== "";
  useUnsaved(writing);
  useEffect(() => { onWriting?.(writing); }, [onWriting, writing]);
  const texts = useQuery({
    queryKey: ["ticket", ticket.id, "texts"],
    queryFn: async () => unwrap(await api.GET("/api/v1/tickets/{ticket_id}/texts", {
      params: { path: { ticket_id: ticket.id } } })),
  });
  const signature = kind === "reply" ? texts.data?.signature ?? "" : "";
  const insert = (inserted: string) => {
    const field = area.current;
    const at = field ? field.selectionStart : text.length;
    const end = field ? field.selectionEnd : text.length;
    setText(text.slice(0, at) + inserted + text.slice(end));
    field?.focus();
  };
  const send = useMutation({
    mutationFn: async () => {
      const path = { params: { path: { ticket_id: ticket.id } } };
      if (kind === "note") {
        return unwrap(await api.POST("/api/v1/tickets/{ticket_id}/notes", {
          ...path, body: { body: text } }));
      }
      return unwrap(await api.POST("/api/v1/tickets/{ticket_id}/messages", {
        ...path, body: { body: signature ? `${text.trimEnd()}\n\n${signature}` : text,
                         direction: "out",
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
      {(texts.data?.replies.length ?? 0) > 0 && (
        <label className="composer__canned">
          <span>{t("ticket.cannedReply")}</span>
          <select value="" onChange={(event) => {
            const chosen = texts.data?.replies.find((reply) => String(reply.id) === event.target.value);
            if (chosen) insert(chosen.text);
          }}>
            <option value="">{t("ticket.cannedChoose")}</option>
            {texts.data?.replies.map((reply) => (
              <option key={reply.id} value={reply.id}>{reply.title}</option>
            ))}
          </select>
        </label>
      )}
      <label htmlFor={`${id}-text`} className="visually-hidden">{t(`ticket.kinds.${kind}`)}</label>
      <textarea id={`${id}-text`} ref={area} rows={4} value={text} onChange={(event) => setText(event.target.value)}
                placeholder={t(kind === "note" ? "ticket.notePlaceholder" : "ticket.replyPlaceholder")}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    if (text.trim()) send.mutate();
                  }
                }} />
      {kind === "reply" && !ticket.contact?.emails.length && !ticket.contact?.phones.length && (
        <p className="composer__nowhere" role="note">{t("ticket.replyStaysHere")}</p>
      )}
      {signature && (
        <div className="composer__signature">
          <span className="muted">{t("ticket.signatureAdded")}</span>
          <pre>{signature}</pre>
        </div>
      )}
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
