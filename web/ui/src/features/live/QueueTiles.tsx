// One tile per queue: who waits and for how long, today's answered and abandoned calls and
// the service level; the waiting callers listed in the order they will be answered.
import { useTranslation } from "react-i18next";
import { clock, duration } from "../../shared/clock";
import type { LiveAgent, LiveQueue } from "../../shared/live";

interface Waiting {
  linkedid: string;
  caller: string;
  waiting_since: string;
}

function waitingCallers(queue: LiveQueue): Waiting[] {
  return queue.callers.flatMap((caller) => {
    const { linkedid, waiting_since: since } = caller;
    if (typeof linkedid !== "string" || typeof since !== "string") return [];
    return [{ linkedid, waiting_since: since,
              caller: typeof caller["caller"] === "string" ? caller["caller"] : "" }];
  });
}

export function QueueTiles({ queues, agents, now }: {
  queues: LiveQueue[]; agents: LiveAgent[]; now: number;
}) {
  const { t, i18n } = useTranslation();
  if (queues.length === 0) {
    return <p className="muted">{t("live.noQueues")}</p>;
  }
  const percent = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 });
  return (
    <section aria-labelledby="live-queues">
      <h2 id="live-queues">{t("live.queues")}</h2>
      <ul className="queue-tiles">
        {queues.map((queue) => {
          const callers = waitingCallers(queue);
          const longest = callers.reduce((most, caller) => Math.max(most,
            (now - new Date(caller.waiting_since).getTime()) / 1000), 0);
          const ready = agents.filter((agent) => agent.status === "idle"
            && agent.queues.some((member) => member.queue === queue.name)).length;
          return (
            <li key={queue.name} className="queue-tile" aria-label={queue.name}>
              <h3>{queue.name}</h3>
              <dl className="queue-tile__figures">
                <div className={callers.length ? "figure figure--hot" : "figure"}>
                  <dt>{t("live.waiting")}</dt><dd>{callers.length}</dd>
                </div>
                <div className="figure">
                  <dt>{t("live.longestWait")}</dt><dd>{clock(longest)}</dd>
                </div>
                <div className="figure">
                  <dt>{t("live.ready")}</dt><dd>{ready}</dd>
                </div>
                <div className="figure">
                  <dt>{t("live.answeredToday")}</dt><dd>{queue.answered_today}</dd>
                </div>
                <div className="figure">
                  <dt>{t("live.abandonedToday")}</dt><dd>{queue.abandoned_today}</dd>
                </div>
                <div className="figure">
                  <dt>{t("live.serviceLevel")}</dt>
                  <dd>{queue.service_level === null ? "—"
                    : `${percent.format(queue.service_level)} %`}</dd>
                </div>
              </dl>
              {callers.length > 0 && (
                <ol className="queue-tile__callers" aria-label={t("live.waitingCallers")}>
                  {callers.map((caller) => (
                    <li key={caller.linkedid}>
                      <span>{caller.caller || t("activity.anonymous")}</span>
                      <span className="queue-tile__wait">
                        {duration(caller.waiting_since, now)}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
