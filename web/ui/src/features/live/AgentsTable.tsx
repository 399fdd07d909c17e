// The agents now: status and for how long, whom they talk to, their queues and levels,
// today's answered calls and whether the phone is online; filtered by queue or name, sorted.
import { modeName } from "../../shared/modeNames";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { duration } from "../../shared/clock";
import type { LiveAgent, LiveQueue } from "../../shared/live";
import { ModePicker } from "./ModePicker";

type Sort = "name" | "status" | "time";
// Who needs a look first when sorted by status.
const STATUS_ORDER = ["ringing", "in_call", "wrapup", "away", "idle", "offline"];

/** Past its mode's limit: "over" (amber), and half as long again past it: "far" (red). */
export function overLimit(agent: LiveAgent, now: number): "over" | "far" | null {
  if (agent.status !== "away" || !agent.mode_limit_minutes || !agent.status_since) return null;
  const minutes = (now - Date.parse(agent.status_since)) / 60_000;
  if (minutes > agent.mode_limit_minutes * 1.5) return "far";
  return minutes > agent.mode_limit_minutes ? "over" : null;
}

export function sortAgents(agents: LiveAgent[], sort: Sort, language: string): LiveAgent[] {
  const byName = (a: LiveAgent, b: LiveAgent) => a.name.localeCompare(b.name, language);
  const since = (agent: LiveAgent) => agent.status_since ? Date.parse(agent.status_since)
    : Number.MAX_SAFE_INTEGER;
  return agents.slice().sort((a, b) => {
    if (sort === "status") {
      return STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || byName(a, b);
    }
    if (sort === "time") return since(a) - since(b) || byName(a, b);
    return byName(a, b);
  });
}

export function AgentsTable({ agents, queues, now, setsModes }: {
  agents: LiveAgent[]; queues: LiveQueue[]; now: number; setsModes: boolean;
}) {
  const { t, i18n } = useTranslation();
  const ids = { queue: useId(), search: useId(), sort: useId() };
  const [queue, setQueue] = useState("");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<Sort>("name");
  const queueNames = useMemo(() => [...new Set([
    ...queues.map((each) => each.name),
    ...agents.flatMap((agent) => agent.queues.map((member) => member.queue))])].sort(),
  [queues, agents]);
  const wanted = search.trim().toLocaleLowerCase(i18n.language);
  const shown = sortAgents(agents.filter((agent) =>
    (!queue || agent.queues.some((member) => member.queue === queue))
    && (!wanted || agent.name.toLocaleLowerCase(i18n.language).includes(wanted))),
  sort, i18n.language);
  return (
    <section aria-labelledby="live-agents">
      <h2 id="live-agents">{t("live.agents")}</h2>
      <div className="live-filters">
        <label htmlFor={ids.queue}>{t("live.queue")}</label>
        <select id={ids.queue} value={queue} onChange={(event) => setQueue(event.target.value)}>
          <option value="">{t("live.allQueues")}</option>
          {queueNames.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
        <label htmlFor={ids.search}>{t("live.search")}</label>
        <input id={ids.search} type="search" value={search}
               onChange={(event) => setSearch(event.target.value)} />
        <label htmlFor={ids.sort}>{t("live.sortBy")}</label>
        <select id={ids.sort} value={sort}
                onChange={(event) => setSort(event.target.value as Sort)}>
          <option value="name">{t("live.sort.name")}</option>
          <option value="status">{t("live.sort.status")}</option>
          <option value="time">{t("live.sort.time")}</option>
        </select>
      </div>
      {shown.length === 0 ? <p className="muted">{t("live.noAgents")}</p> : (
        <div className="table-scroll">
          <table className="table table--stack">
            <caption className="visually-hidden">{t("live.agents")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("live.agent")}</th>
                <th scope="col">{t("live.status")}</th>
                <th scope="col">{t("live.inStatus")}</th>
                <th scope="col">{t("live.caller")}</th>
                <th scope="col">{t("live.queuesAndLevels")}</th>
                <th scope="col">{t("live.answeredTodayColumn")}</th>
                <th scope="col">{t("live.phone")}</th>
                {setsModes && <th scope="col">{t("live.workMode")}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((agent) => (
                <tr key={agent.endpoint} data-agent={agent.endpoint} data-status={agent.status}
                    data-limit={overLimit(agent, now) ?? undefined}>
                  <th scope="row">{agent.name}</th>
                  <td data-label={t("live.status")}>
                    <span className={`chip agent-status agent-status--${agent.status}`}>
                      {t(`live.statuses.${agent.status}`)}
                    </span>
                    {agent.status === "away" && agent.mode && agent.available === false && ` ${modeName(t, agent.mode)}`}
                    <Drift agent={agent} />
                  </td>
                  <td data-label={t("live.inStatus")} className="live-clock">
                    {agent.status_since ? duration(agent.status_since, now) : "—"}
                    {overLimit(agent, now) && (
                      <span className="visually-hidden">
                        {" "}{t("live.overLimit", { limit: agent.mode_limit_minutes })}
                      </span>
                    )}
                  </td>
                  <td data-label={t("live.caller")}>{agent.caller || "—"}</td>
                  <td data-label={t("live.queuesAndLevels")}>{agent.queues.map((member) => t("live.queueLevel", {
                    queue: member.queue, level: member.level })).join(", ") || "—"}</td>
                  <td data-label={t("live.answeredTodayColumn")}>{agent.answered_today}</td>
                  <td data-label={t("live.phone")}>{agent.fixed_address ? t("live.phoneFixed")
                    : agent.registered === null ? t("live.phoneUnknown")
                    : agent.registered ? t("live.phoneOnline") : t("live.phoneOffline")}</td>
                  {setsModes && <td data-label={t("live.workMode")}><ModePicker agent={agent} /></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Asterisk's own pause flag against ringdesk's work mode: said when they differ (a pause
 *  set on the PBX itself, or a mode change that did not reach it). */
function Drift({ agent }: { agent: LiveAgent }) {
  const { t } = useTranslation();
  if (agent.pbx_paused === null || agent.available === null) return null;
  if (agent.pbx_paused === !agent.available) return null;
  return (
    <small className="agent-drift">
      {agent.pbx_paused ? t("live.drift.paused") : t("live.drift.takesCalls", { mode: modeName(t, agent.mode ?? "") })}
    </small>
  );
}
