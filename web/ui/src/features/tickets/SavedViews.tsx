// Saved views above the ticket list: the agent's own lists and those an admin shared with
// their rank or queues, each one click away; the list on screen saved under a name, and
// (admins) shared with ranks and the agents of ticket queues.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, expectDone, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useHelpdeskNames, useHelpdeskSetup } from "../../shared/helpdeskNames";
import { useMay } from "../../shared/session";
import { Button } from "../../shared/ui/Button";

type View = Schemas["TicketView"];
const VIEWS_KEY = ["ticket-views"];
const SHAREABLE_RANKS = ["agent", "privileged_agent", "supervisor", "admin"] as const;

/** The list's own filters (its page is not part of a view), in a stable order. */
export function filtersOf(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...params.entries()]
    .filter(([key, value]) => key !== "page" && value !== "")
    .sort(([a], [b]) => a.localeCompare(b)));
}

function addressOf(filters: Record<string, string>): string {
  const query = new URLSearchParams(filters).toString();
  return query ? `/tickets?${query}` : "/tickets";
}

export function SavedViews({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const views = useQuery({ queryKey: VIEWS_KEY,
                           queryFn: async () => unwrap(await api.GET("/api/v1/ticket-views")) });
  const [saving, setSaving] = useState(false);
  const current = JSON.stringify(filtersOf(params));
  const remove = useMutation({
    mutationFn: async (view: View) => expectDone(await api.DELETE("/api/v1/ticket-views/{view_id}", {
      params: { path: { view_id: view.id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
  const may = useMay();
  const mayChange = (view: View) => !view.shared || may("helpdesk.write");
  return (
    <div className="saved-views">
      <nav aria-label={t("views.label")}>
        <ul>
          {(views.data ?? []).map((view) => (
            <li key={view.id}>
              <Link to={addressOf(view.filters)}
                    aria-current={JSON.stringify(Object.fromEntries(Object.entries(view.filters)
                      .sort(([a], [b]) => a.localeCompare(b)))) === current ? "page" : undefined}
                    title={view.shared ? t("views.sharedHint") : undefined}>
                {view.name}{view.shared && <span className="muted"> · {t("views.shared")}</span>}
              </Link>
              {mayChange(view) && (
                <Button variant="ghost" iconOnly icon={X} onClick={() => remove.mutate(view)}
                        aria-label={t("views.delete", { name: view.name })}
                        title={t("views.delete", { name: view.name })} />
              )}
            </li>
          ))}
          <li>
            {saving ? null : (
              <Button onClick={() => setSaving(true)}>{t("views.saveThis")}</Button>
            )}
          </li>
        </ul>
      </nav>
      {remove.isError && <p role="alert">{errorText(t, remove.error)}</p>}
      {saving && <SaveView filters={filtersOf(params)} onDone={() => setSaving(false)} />}
    </div>
  );
}

function SaveView({ filters, onDone }: { filters: Record<string, string>; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const may = useMay();
  const names = useHelpdeskNames();
  const { queues } = useHelpdeskSetup();
  const ids = { title: useId(), name: useId() };
  const [name, setName] = useState("");
  const [ranks, setRanks] = useState<string[]>([]);
  const [shareQueues, setShareQueues] = useState<string[]>([]);
  const shared = ranks.length > 0 || shareQueues.length > 0;
  const save = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/ticket-views", { body: {
      name: name.trim(), filters, shared, ranks, queues: shareQueues } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: VIEWS_KEY });
      onDone();
    },
  });
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((each) => each !== value);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim()) save.mutate();
  }
  return (
    <form className="panel saved-views__form" onSubmit={submit} aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t("views.saveTitle")}</h2>
      <label className="field" htmlFor={ids.name}>
        <span>{t("views.name")}</span>
        <input id={ids.name} required maxLength={80} value={name} autoFocus
               onChange={(event) => setName(event.target.value)} />
      </label>
      {may("helpdesk.write") && (
        <>
          <fieldset>
            <legend>{t("views.shareRanks")}</legend>
            {SHAREABLE_RANKS.map((rank) => (
              <label key={rank} className="field--check">
                <input type="checkbox" checked={ranks.includes(rank)}
                       onChange={(event) => setRanks(toggle(ranks, rank, event.target.checked))} />
                {t(`rank.${rank}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t("views.shareQueues")}</legend>
            {(queues.data ?? []).filter((queue) => queue.active).map((queue) => (
              <label key={queue.code} className="field--check">
                <input type="checkbox" checked={shareQueues.includes(queue.code)}
                       onChange={(event) => setShareQueues(
                         toggle(shareQueues, queue.code, event.target.checked))} />
                {names.queue(queue.code)}
              </label>
            ))}
          </fieldset>
          <p className="muted">{shared ? t("views.willShare") : t("views.personal")}</p>
        </>
      )}
      {save.isError && <p role="alert">{errorText(t, save.error)}</p>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!name.trim() || save.isPending}>
          {t("views.save")}
        </Button>
        <Button onClick={onDone}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
