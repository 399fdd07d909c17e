// Agents' time: each agent's period as one bar split by work mode (the same as a table
// beside it), talk time and occupancy; the per-day rows download as CSV or Excel.
import { modeName } from "../../shared/modeNames";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { clock } from "../../shared/clock";
import { formatPercent } from "../../shared/i18n";

const PALETTE = ["#1c5fd4", "#1a6b34", "#b06a00", "#7b3fa0", "#b3261e", "#00708a", "#566070",
                 "#8a5a00"];

export function AgentsTime({ period }: { period: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const report = useQuery({
    queryKey: ["agents-time", period],
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/agents/time", { params: {
      query: { from: period.from, to: period.to } } })),
  });
  const link = (kind: "csv" | "xlsx") =>
    `/api/v1/reports/agents/time?from=${period.from}&to=${period.to}&format=${kind}`;
  const data = report.data && typeof report.data !== "string" ? report.data : null;
  const modes = data ? [...new Set(data.agents.flatMap((agent) => Object.keys(agent.modes)))]
    .sort((a, b) => a.localeCompare(b, i18n.language)) : [];
  const colour = (mode: string) => PALETTE[modes.indexOf(mode) % PALETTE.length];
  return (
    <section aria-labelledby="agents-time">
      <h2 id="agents-time">{t("reports.agentsTime")}</h2>
      <p className="muted">{t("reports.agentsTimeIntro")}</p>
      <p className="reports__exports">
        {t("reports.download")}{" "}
        <a href={link("csv")} download>{t("reports.agentsCsv")}</a>{" · "}
        <a href={link("xlsx")} download>{t("reports.agentsXlsx")}</a>
      </p>
      {report.isError && <p role="alert">{errorText(t, report.error)}</p>}
      {data && (data.agents.length === 0 ? <p className="muted">{t("reports.noAgentTime")}</p> : (
        <div className="report-pair">
          <div className="agent-bars" aria-hidden="true">
            <ul className="agent-bars__legend">
              {modes.map((mode) => (
                <li key={mode}><span style={{ background: colour(mode) }} />{modeName(t, mode)}</li>
              ))}
            </ul>
            {data.agents.map((agent) => (
              <Bar key={agent.agent} agent={agent} modes={modes} colour={colour} />
            ))}
          </div>
          <div className="table-scroll">
            <table className="table table--stack">
              <caption className="visually-hidden">{t("reports.agentsTime")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("live.agent")}</th>
                  {modes.map((mode) => <th key={mode} scope="col">{modeName(t, mode)}</th>)}
                  <th scope="col">{t("reports.talk")}</th>
                  <th scope="col">{t("reports.occupancy")}</th>
                </tr>
              </thead>
              <tbody>
                {data.agents.map((agent) => (
                  <tr key={agent.agent}>
                    <th scope="row">{agent.name}</th>
                    {modes.map((mode) => (
                      <td key={mode} data-label={modeName(t, mode)}>{clock(agent.modes[mode] ?? 0)}</td>
                    ))}
                    <td data-label={t("reports.talk")}>{clock(agent.talk_seconds)}</td>
                    <td data-label={t("reports.occupancy")}>
                      {formatPercent(agent.occupancy, i18n.language)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}

function Bar({ agent, modes, colour }: { agent: Schemas["AgentTime"]; modes: string[];
                                         colour: (mode: string) => string | undefined }) {
  const total = Object.values(agent.modes).reduce((sum, seconds) => sum + seconds, 0) || 1;
  return (
    <div className="agent-bar">
      <span className="agent-bar__name">{agent.name}</span>
      <span className="agent-bar__track">
        {modes.filter((mode) => agent.modes[mode]).map((mode) => (
          <span key={mode} style={{ width: `${(100 * (agent.modes[mode] ?? 0)) / total}%`,
                                    background: colour(mode) }} title={`${mode}: ${clock(agent.modes[mode] ?? 0)}`} />
        ))}
      </span>
    </div>
  );
}
