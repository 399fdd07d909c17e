// Canned replies: the texts agents insert into replies, each for chosen ticket queues or
// all, with the ticket's facts as variables. Saved with the revision read: a change made
// meanwhile is named and what was typed here stays.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { RequestFailed, api, expectDone, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useHelpdeskNames, useHelpdeskSetup } from "../../shared/helpdeskNames";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";
import { VariableButtons, withVariable } from "../../shared/ui/VariableButtons";
import { useUnsaved } from "../../shared/unsaved";

type Reply = Schemas["CannedReply"];
const KEY = ["canned-replies"];

export function CannedRepliesTab() {
  const { t } = useTranslation();
  const { name: chosen } = useParams();
  const replies = useQuery({ queryKey: KEY,
                             queryFn: async () => unwrap(await api.GET("/api/v1/canned-replies")) });
  const names = useHelpdeskNames();
  if (replies.isPending) return <p role="status">{t("app.loading")}</p>;
  if (replies.isError) return <p role="alert">{errorText(t, replies.error)}</p>;
  const open = chosen === "new" ? null : replies.data.find((reply) => String(reply.id) === chosen);
  return (
    <div className="canned">
      <div>
        <p className="muted">{t("canned.intro")}</p>
        {replies.data.length === 0 ? <p>{t("canned.none")}</p> : (
          <ul className="pick-list">
            {replies.data.map((reply) => (
              <li key={reply.id}>
                <Link to={`/helpdesk/canned-replies/${reply.id}`}
                      aria-current={reply === open ? "page" : undefined}>
                  <strong>{reply.title}</strong>
                  <span className="muted">
                    {reply.queues.length === 0 ? t("canned.allQueues")
                      : reply.queues.map((code) => names.queue(code)).join(", ")}
                    {!reply.active && ` · ${t("canned.inactive")}`}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Link to="/helpdesk/canned-replies/new" className="btn">{t("canned.new")}</Link>
      </div>
      {chosen === "new" ? <ReplyEditor key="new" reply={null} />
        : open ? <ReplyEditor key={open.id} reply={open} />
          : chosen !== undefined ? <p role="alert">{t("error.notFound")}</p> : null}
    </div>
  );
}

function ReplyEditor({ reply }: { reply: Reply | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const names = useHelpdeskNames();
  const { queues } = useHelpdeskSetup();
  const ids = { title: useId() };
  const body = useRef<HTMLTextAreaElement>(null);
  const [form, setForm] = useState({ title: reply?.title ?? "", body: reply?.body ?? "",
                                     queues: reply?.queues ?? [], active: reply?.active ?? true });
  const [revision, setRevision] = useState(reply?.revision ?? 0);
  const [conflict, setConflict] = useState<Reply | null>(null);
  const [base, setBase] = useState<Reply | null>(reply);
  // Opened right after it was created: say it was saved.
  const justCreated = (useLocation().state as { saved?: boolean } | null)?.saved === true;
  const dirty = JSON.stringify(form) !== JSON.stringify({
    title: base?.title ?? "", body: base?.body ?? "", queues: base?.queues ?? [],
    active: base?.active ?? true });
  useUnsaved(dirty);
  // A new reply, once saved (and so no longer unsaved), opens under its own address.
  const created = reply === null ? base?.id : undefined;
  useEffect(() => {
    if (created !== undefined) {
      void navigate(`/helpdesk/canned-replies/${created}`, { state: { saved: true } });
    }
  }, [created, navigate]);
  const save = useMutation({
    mutationFn: async (asRevision: number) => reply === null
      ? unwrap(await api.POST("/api/v1/canned-replies", { body: form }))
      : unwrap(await api.PATCH("/api/v1/canned-replies/{reply_id}", {
        params: { path: { reply_id: reply.id } }, body: { ...form, revision: asRevision } })),
    onSuccess: (saved) => {
      setConflict(null);
      setRevision(saved.revision);
      setBase(saved);
      setForm({ title: saved.title, body: saved.body, queues: saved.queues, active: saved.active });
      client.setQueryData<Reply[]>(KEY, (old) => old && (reply === null ? [...old, saved]
        : old.map((each) => each.id === saved.id ? saved : each)));
    },
    onError: async (error) => {
      if (error instanceof RequestFailed && error.status === 409 && reply !== null) {
        const all = unwrap(await api.GET("/api/v1/canned-replies"));
        setConflict(all.find((each) => each.id === reply.id) ?? null);
      }
    },
  });
  const remove = useMutation({
    mutationFn: async () => reply && expectDone(await api.DELETE(
      "/api/v1/canned-replies/{reply_id}", { params: { path: { reply_id: reply.id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: KEY });
      void navigate("/helpdesk/canned-replies");
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(revision);
  }
  const failure = save.error instanceof RequestFailed && save.error.status === 409 ? null : save.error;
  return (
    <form className="panel canned__editor" onSubmit={submit} aria-labelledby={ids.title}>
      <h2 id={ids.title}>{reply === null ? t("canned.new") : reply.title}</h2>
      <Field label={t("canned.titleField")} name="title" error={failure}>
        {(control) => <input {...control} required maxLength={120} value={form.title}
                             onChange={(event) => setForm({ ...form, title: event.target.value })} />}
      </Field>
      <Field label={t("canned.body")} name="body" error={failure} hint={t("canned.bodyHint")}>
        {(control) => <textarea {...control} ref={body} rows={8} required value={form.body}
                                onChange={(event) => setForm({ ...form, body: event.target.value })} />}
      </Field>
      <VariableButtons onInsert={(name) => setForm({
        ...form, body: withVariable(body.current, form.body, name) })} />
      <fieldset className="canned__queues">
        <legend>{t("canned.queues")}</legend>
        {(queues.data ?? []).map((queue) => (
          <label key={queue.code} className="field--check">
            <input type="checkbox" checked={form.queues.includes(queue.code)}
                   onChange={(event) => setForm({ ...form, queues: event.target.checked
                     ? [...form.queues, queue.code]
                     : form.queues.filter((code) => code !== queue.code) })} />
            {names.queue(queue.code)}
          </label>
        ))}
        <p className="muted">{t("canned.queuesHint")}</p>
      </fieldset>
      <label className="field--check">
        <input type="checkbox" checked={form.active}
               onChange={(event) => setForm({ ...form, active: event.target.checked })} />
        {t("canned.active")}
      </label>
      <FormError error={failure} fields={["title", "body", "queues"]} />
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t("canned.conflict")}</p>
          <Button onClick={() => {
            setForm({ title: conflict.title, body: conflict.body, queues: conflict.queues,
                      active: conflict.active });
            setRevision(conflict.revision);
            setBase(conflict);
            setConflict(null);
            save.reset();
          }}>{t("builder.reloadTheirs")}</Button>
          <Button onClick={() => save.mutate(conflict.revision)}>{t("builder.keepMine")}</Button>
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending || (reply !== null && !dirty)}>
          {t("canned.save")}
        </Button>
        {reply !== null && (
          <Button onClick={() => remove.mutate()} disabled={remove.isPending}>{t("canned.delete")}</Button>
        )}
        {(save.isSuccess || justCreated) && !dirty && <p role="status">{t("canned.saved")}</p>}
      </div>
    </form>
  );
}
