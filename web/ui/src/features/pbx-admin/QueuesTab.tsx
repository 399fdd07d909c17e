import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { useNarrowScreen } from "../../shared/narrow";
import { Button } from "../../shared/ui/Button";
import { useMay } from "../../shared/session";
import { Field, FormError, failedFields } from "../../shared/ui/Field";
import { LaneBoard } from "./LaneBoard";
import { add, lanesOf, membersOf, type Lanes } from "./lanes";
import { QUEUES, useAccounts, usePbxQueues } from "./queries";
import { useUnsaved } from "../../shared/unsaved";

type PbxQueue = Schemas["PbxQueue"];
type Account = Schemas["AgentAccount"];
type Settings = Omit<Schemas["QueueSettings"], "members">;

const NUMBERS = ["ring_timeout", "retry", "max_wait", "wrapup", "announce_frequency"] as const;
const SWITCHES = ["announce_position", "announce_holdtime", "record_calls"] as const;
const TEXTS = ["music_class", "caller_id"] as const;
const FIELDS = [...NUMBERS, ...SWITCHES, ...TEXTS, "members", "supervisors",
                "dispositions"] as const;

/** PBX queues: pick one, draw its levels as lanes, set how it rings. */
export function QueuesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { name } = useParams();
  const queues = usePbxQueues();
  const accounts = useAccounts();
  if (queues.isPending || accounts.isPending) return <p role="status">{t("app.loading")}</p>;
  if (queues.isError || accounts.isError) {
    return <p role="alert">{t("error.generic", { message: (queues.error ?? accounts.error)?.message })}</p>;
  }
  const open = queues.data.find((queue) => queue.name === name);
  return (
    <div className="pbx-queues">
      <div className="pbx-queues__list">
        {queues.data.length === 0 ? <p>{t("pbx.noQueues")}</p> : (
          <ul className="pick-list">
            {queues.data.map((queue) => (
              <li key={queue.name}>
                <Link to={`/pbx/queues/${queue.name}`}
                      aria-current={queue === open ? "page" : undefined}>
                  <strong>{queue.name}</strong>
                  <span className="muted">
                    {queue.members.length === 0 ? t("pbx.noAgents")
                      : t("pbx.agentsOnLevels", { count: queue.members.length,
                                                  levels: lanesOf(queue.members).length })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {canEdit && <NewQueue taken={queues.data.map((queue) => queue.name)} />}
      </div>
      {name === undefined ? <PickFirst names={queues.data.map((queue) => queue.name)} />
        : open ? <QueueEditor key={open.name} queue={open} accounts={accounts.data}
                              canEdit={canEdit} />
          : <p role="alert">{t("error.notFound")}</p>}
    </div>
  );
}

/** With room for both, the first queue opens beside the list; on a phone the list is the
 *  page and a queue opens on its own. */
function PickFirst({ names }: { names: string[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const wide = !useNarrowScreen();
  useEffect(() => {
    if (wide && names[0] !== undefined) void navigate(`/pbx/queues/${names[0]}`, { replace: true });
  }, [wide, names, navigate]);
  return <p className="muted">{t("pbx.pickQueue")}</p>;
}

function NewQueue({ taken }: { taken: string[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: async () => unwrap(await api.PUT("/api/v1/pbx/queues/{name}", {
      params: { path: { name } }, body: { members: [] } })),
    onSuccess: async (queue) => {
      await client.invalidateQueries({ queryKey: QUEUES });
      setName("");
      void navigate(`/pbx/queues/${queue.name}`);
    },
  });
  const exists = taken.includes(name);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!exists) create.mutate();
  }
  return (
    <form onSubmit={submit} aria-labelledby="new-queue-title" className="panel">
      <h2 id="new-queue-title">{t("pbx.newQueue")}</h2>
      <Field label={t("pbx.newQueueName")} name="name" error={create.error}
             hint={t("pbx.queueNameHint")}>
        {(control) => <input {...control} required pattern="[A-Za-z0-9_]{1,60}" value={name}
                             onChange={(event) => setName(event.target.value)} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>{t("pbx.create")}</Button>
      </div>
      {exists && <p role="alert" className="problem">{t("pbx.queueExists", { name })}</p>}
      <FormError error={create.error} fields={["name"]} />
    </form>
  );
}

function settingsOf(queue: PbxQueue): Settings {
  return { ring_timeout: queue.ring_timeout, retry: queue.retry, max_wait: queue.max_wait,
           wrapup: queue.wrapup, music_class: queue.music_class,
           announce_frequency: queue.announce_frequency,
           announce_position: queue.announce_position,
           announce_holdtime: queue.announce_holdtime, record_calls: queue.record_calls,
           caller_id: queue.caller_id, supervisors: queue.supervisors,
           dispositions: queue.dispositions };
}

function sameQueue(a: PbxQueue, b: PbxQueue): boolean {
  const shape = (queue: PbxQueue) => JSON.stringify([settingsOf(queue), membersOf(lanesOf(queue.members))]);
  return shape(a) === shape(b);
}

/** One queue: how it rings, and its agents as lanes by level. Saved as a whole; a change
 *  someone made meanwhile is shown and what was typed here is kept. */
function QueueEditor({ queue, accounts, canEdit }: { queue: PbxQueue; accounts: Account[];
                                                     canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [base, setBase] = useState(queue);
  const [settings, setSettings] = useState<Settings>(() => settingsOf(queue));
  const [lanes, setLanes] = useState<Lanes>(() => lanesOf(queue.members));
  const [conflict, setConflict] = useState<PbxQueue | null>(null);
  const save = useMutation({
    mutationFn: async (overwrite: boolean) => {
      if (!overwrite) {
        const now = unwrap(await api.GET("/api/v1/pbx/queues"))
          .find((item) => item.name === queue.name);
        if (now && !sameQueue(now, base)) {
          setConflict(now);
          return null;
        }
      }
      return unwrap(await api.PUT("/api/v1/pbx/queues/{name}", {
        params: { path: { name: queue.name } },
        body: { ...settings, members: membersOf(lanes) } }));
    },
    onSuccess: (saved) => {
      if (saved === null) return;
      setConflict(null);
      setBase(saved);
      client.setQueryData<PbxQueue[]>(QUEUES, (old) =>
        old?.map((item) => item.name === saved.name ? saved : item));
    },
  });
  const names = new Map(accounts.map((account) => [account.endpoint,
                                                   account.display_name || account.endpoint]));
  const dirty = JSON.stringify([settings, membersOf(lanes)])
    !== JSON.stringify([settingsOf(base), membersOf(lanesOf(base.members))]);
  useUnsaved(canEdit && dirty);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(false);
  }
  function takeTheirs(theirs: PbxQueue) {
    setBase(theirs);
    setSettings(settingsOf(theirs));
    setLanes(lanesOf(theirs.members));
    setConflict(null);
    save.reset();
    client.setQueryData<PbxQueue[]>(QUEUES, (old) =>
      old?.map((item) => item.name === theirs.name ? theirs : item));
  }
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setSettings((old) => ({ ...old, [key]: value }));
  return (
    <form className="queue-editor" onSubmit={submit} aria-labelledby="queue-title">
      <h2 id="queue-title">{t("pbx.queueTitle", { name: queue.name })}</h2>
      <p className="muted">
        {queue.used_by.length > 0 ? t("pbx.usedBy", { routes: queue.used_by.join(", ") })
          : t("pbx.usedByNone")}
      </p>
      <section className="panel" aria-labelledby="lanes-title">
        <h3 id="lanes-title">{t("pbx.levels")}</h3>
        <p className="muted">{t("pbx.levelsIntro")}</p>
        <LaneBoard lanes={lanes} names={names} canEdit={canEdit} onChange={setLanes} />
        {canEdit && <AddAgent accounts={accounts} lanes={lanes}
                              onAdd={(endpoint) => setLanes((old) => add(old, endpoint))} />}
      </section>
      <Watchers chosen={settings.supervisors ?? []} canEdit={canEdit}
                onChange={(ids) => set("supervisors", ids)} error={save.error} />
      <section className="panel" aria-labelledby="ringing-title">
        <h3 id="ringing-title">{t("pbx.ringing")}</h3>
        <div className="form-grid">
          {NUMBERS.map((key) => (
            <Field key={key} label={t(`pbx.field.${key}`)} name={key} error={save.error}
                   hint={t(`pbx.hint.${key}`)}>
              {(control) => <input {...control} type="number" min={0} max={86400} required
                                   readOnly={!canEdit} value={settings[key] ?? ""}
                                   onChange={(event) => set(key, Number(event.target.value))} />}
            </Field>
          ))}
          {TEXTS.map((key) => (
            <Field key={key} label={t(`pbx.field.${key}`)} name={key} error={save.error}
                   hint={t(`pbx.hint.${key}`)}>
              {(control) => <input {...control} readOnly={!canEdit} value={settings[key] ?? ""}
                                   onChange={(event) => set(key, event.target.value)} />}
            </Field>
          ))}
          {SWITCHES.map((key) => (
            <label key={key} className="field field--check">
              <input type="checkbox" disabled={!canEdit} checked={settings[key] ?? false}
                     onChange={(event) => set(key, event.target.checked)} />
              {t(`pbx.field.${key}`)}
            </label>
          ))}
        </div>
      </section>
      <Dispositions key={base.dispositions.join("\n")} chosen={base.dispositions}
                    canEdit={canEdit} error={save.error}
                    onChange={(codes) => set("dispositions", codes)} />
      <FormError error={save.error} fields={FIELDS} />
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t("pbx.conflict", { changed: changedParts(t, base, conflict) })}</p>
          <Button onClick={() => takeTheirs(conflict)}>{t("builder.reloadTheirs")}</Button>
          <Button onClick={() => save.mutate(true)}>{t("builder.keepMine")}</Button>
        </div>
      )}
      {canEdit && (
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={save.isPending || !dirty}>
            {t("pbx.saveQueue")}
          </Button>
          {dirty && <span className="chip chip--warn">{t("pbx.unsaved")}</span>}
          {save.isSuccess && save.data !== null && !dirty && (
            <p role="status">{t("pbx.savedApply")} <Link to="/pbx/apply">{t("pbx.applyNow")}</Link></p>
          )}
        </div>
      )}
    </form>
  );
}

function changedParts(t: (key: string) => string, base: PbxQueue, theirs: PbxQueue): string {
  const parts: string[] = [];
  const mine = settingsOf(base);
  const now = settingsOf(theirs);
  for (const key of Object.keys(now) as (keyof Settings)[]) {
    if (JSON.stringify(mine[key]) !== JSON.stringify(now[key])) parts.push(t(`pbx.field.${key}`));
  }
  if (JSON.stringify(membersOf(lanesOf(base.members)))
      !== JSON.stringify(membersOf(lanesOf(theirs.members)))) parts.push(t("pbx.levels"));
  return parts.join(", ");
}

/** Who watches this queue on the live board. Shown to those who may list people (admins);
 *  a supervisor who watches no queue in particular sees them all. */
function Watchers({ chosen, canEdit, onChange, error }: {
  chosen: number[]; canEdit: boolean; onChange: (ids: number[]) => void; error: unknown }) {
  const { t } = useTranslation();
  const may = useMay();
  const users = useQuery({ queryKey: ["users"], enabled: may("users.read"),
                           queryFn: async () => unwrap(await api.GET("/api/v1/users")) });
  if (!users.data) return null;
  const watchers = users.data.filter((user) => user.active && user.rank === "supervisor");
  const failed = failedFields(error).has("supervisors");
  return (
    <fieldset className="panel watchers" aria-invalid={failed || undefined}>
      <legend>{t("pbx.watchers")}</legend>
      <p className="muted">{t("pbx.watchersHint")}</p>
      {watchers.length === 0 ? <p>{t("pbx.noSupervisors")}</p> : watchers.map((user) => (
        <label key={user.id} className="field field--check">
          <input type="checkbox" disabled={!canEdit} checked={chosen.includes(user.id)}
                 onChange={(event) => onChange(event.target.checked
                   ? [...chosen, user.id].sort((a, b) => a - b)
                   : chosen.filter((id) => id !== user.id))} />
          {user.display_name || user.login}
        </label>
      ))}
    </fieldset>
  );
}

function AddAgent({ accounts, lanes, onAdd }: { accounts: Account[]; lanes: Lanes;
                                                onAdd: (endpoint: string) => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState("");
  const free = accounts.filter((account) => !lanes.some((lane) => lane.includes(account.endpoint)));
  if (free.length === 0) return <p className="muted">{t("pbx.everyoneIn")}</p>;
  return (
    <div className="form-actions">
      <Field label={t("pbx.addAgent")} name="add" error={null}>
        {(control) => (
          <select {...control} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">{t("pbx.chooseAgent")}</option>
            {free.map((account) => (
              <option key={account.endpoint} value={account.endpoint}>
                {account.display_name ? `${account.display_name} (${account.endpoint})` : account.endpoint}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Button disabled={chosen === ""} onClick={() => { onAdd(chosen); setChosen(""); }}>
        {t("pbx.addToLastLevel")}
      </Button>
    </div>
  );
}

/** The queue's wrap-up codes, one per line, in the order agents see them. */
function Dispositions({ chosen, canEdit, error, onChange }: {
  chosen: string[]; canEdit: boolean; error: Error | null; onChange: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(chosen.join("\n"));
  return (
    <section className="panel" aria-labelledby="dispositions-title">
      <h3 id="dispositions-title">{t("pbx.dispositions")}</h3>
      <Field label={t("pbx.field.dispositions")} name="dispositions" error={error}
             hint={t("pbx.hint.dispositions")}>
        {(control) => <textarea {...control} rows={5} readOnly={!canEdit} value={text}
                                onChange={(event) => {
                                  setText(event.target.value);
                                  onChange(event.target.value.split("\n")
                                    .map((line) => line.trim()).filter(Boolean));
                                }} />}
      </Field>
    </section>
  );
}
