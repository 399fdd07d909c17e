// Agents past their work mode's limit, said at the top of the board (and to screen
// readers as it happens): the supervisor does not have to scan the table to notice.
import { modeName } from "../../shared/modeNames";
import { useTranslation } from "react-i18next";
import type { LiveAgent } from "../../shared/live";
import { overLimit } from "./AgentsTable";

export function OverLimit({ agents, now }: { agents: LiveAgent[]; now: number }) {
  const { t } = useTranslation();
  const far = agents.filter((agent) => overLimit(agent, now) === "far");
  return (
    <div role="alert" className={far.length ? "over-limit" : undefined}>
      {far.map((agent) => (
        <p key={agent.endpoint}>
          {t("live.farOverLimit", {
            agent: agent.name, mode: modeName(t, agent.mode ?? ""),
            minutes: Math.floor((now - Date.parse(agent.status_since ?? "")) / 60_000),
            limit: agent.mode_limit_minutes })}
        </p>
      ))}
    </div>
  );
}
