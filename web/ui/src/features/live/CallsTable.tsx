// The calls in progress: who calls which number, where the call is and for how long.
import { useTranslation } from "react-i18next";
import { duration } from "../../shared/clock";
import type { LiveAgent, LiveCall } from "../../shared/live";
import { SendMenu } from "./SendMenu";
import { SpyMenu } from "./SpyMenu";

const WAITING = new Set(["queued", "ringing_agent"]);

export function CallsTable({ calls, now, spies, redirects, agents }: {
  calls: LiveCall[]; now: number; spies: boolean; redirects: boolean; agents: LiveAgent[];
}) {
  const acts = spies || redirects;
  const { t } = useTranslation();
  return (
    <section aria-labelledby="live-calls">
      <h2 id="live-calls">{t("live.calls")}</h2>
      {calls.length === 0 ? <p className="muted">{t("activity.noCalls")}</p> : (
        <div className="table-scroll">
          <table className="table table--stack">
            <caption className="visually-hidden">{t("live.calls")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("activity.caller")}</th>
                <th scope="col">{t("activity.dialed")}</th>
                <th scope="col">{t("activity.state")}</th>
                <th scope="col">{t("live.routeSoFar")}</th>
                <th scope="col">{t("live.queue")}</th>
                <th scope="col">{t("live.agent")}</th>
                <th scope="col">{t("activity.duration")}</th>
                {acts && <th scope="col"><span className="visually-hidden">
                  {t("live.actions")}</span></th>}
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.linkedid}>
                  <th scope="row">{call.caller || t("activity.anonymous")}</th>
                  <td data-label={t("activity.dialed")}>{call.dialed || "—"}</td>
                  <td data-label={t("activity.state")}>{t(`activity.states.${call.state}`)}</td>
                  <td data-label={t("live.routeSoFar")} className="live-path">
                    {call.path.length === 0 ? "—" : call.path.map((step) => step.label
                      || t(`nodes.${step.type}.title`, { defaultValue: step.type })).join(" → ")}
                  </td>
                  <td data-label={t("live.queue")}>{call.queue || "—"}</td>
                  <td data-label={t("live.agent")}>{call.agent_name || "—"}</td>
                  <td data-label={t("activity.duration")} className="live-clock">{duration(call.started_at, now)}</td>
                  {acts && (
                    <td>
                      {spies && call.state === "talking" && <SpyMenu call={call} />}
                      {redirects && WAITING.has(call.state) && <SendMenu call={call} agents={agents} />}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
