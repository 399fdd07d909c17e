// The wall screen: each queue's figures large enough to read across the room, coloured by
// thresholds, no navigation. Signed in by a wallboard token in the address's fragment
// (/wallboard#<token>: never sent to a server or written to its logs); revoking the token
// darkens the screen at once. Thresholds come from the address too:
// ?wait=60,180&waiting=3,6&sl=80,60 (amber, red).
import { useTranslation } from "react-i18next";
import { clock, useNow } from "../../shared/clock";
import { useLiveBoard, type LiveAgent, type LiveQueue } from "../../shared/live";
import "./wallboard.css";

type Level = "ok" | "amber" | "red";

export interface Thresholds {
  wait: [number, number];  // longest wait, seconds: at least
  waiting: [number, number];  // callers waiting: at least
  sl: [number, number];  // service level %: below
}

export function thresholdsOf(search: string): Thresholds {
  const query = new URLSearchParams(search);
  const pair = (name: string, fallback: [number, number]): [number, number] => {
    const [amber, red] = (query.get(name) ?? "").split(",").map(Number);
    return amber !== undefined && red !== undefined && Number.isFinite(amber)
      && Number.isFinite(red) && query.get(name) ? [amber, red] : fallback;
  };
  return { wait: pair("wait", [60, 180]), waiting: pair("waiting", [3, 6]),
           sl: pair("sl", [80, 60]) };
}

function atLeast(value: number, [amber, red]: [number, number]): Level {
  return value >= red ? "red" : value >= amber ? "amber" : "ok";
}

function below(value: number | null, [amber, red]: [number, number]): Level {
  if (value === null) return "ok";
  return value < red ? "red" : value < amber ? "amber" : "ok";
}

export function WallboardPage() {
  const { t } = useTranslation();
  const token = window.location.hash.slice(1);
  const thresholds = thresholdsOf(window.location.search);
  const now = useNow();
  const { board, live, ended } = useLiveBoard(token !== "", token);
  if (!token || ended) {
    return (
      <main className="wallboard wallboard--dark" id="main">
        <p role="alert">{token ? t("wallboard.ended") : t("wallboard.noToken")}</p>
      </main>
    );
  }
  return (
    <main className="wallboard" id="main">
      <h1 className="visually-hidden">{t("wallboard.title")}</h1>
      {!live && <p role="status" className="wallboard__stale">{t("live.reconnecting")}</p>}
      {board && (
        <ul className="wallboard__queues">
          {board.queues.map((queue) => (
            <QueueFigures key={queue.name} queue={queue} agents={board.agents} now={now}
                          thresholds={thresholds} />
          ))}
        </ul>
      )}
    </main>
  );
}

function QueueFigures({ queue, agents, now, thresholds }: {
  queue: LiveQueue; agents: LiveAgent[]; now: number; thresholds: Thresholds;
}) {
  const { t } = useTranslation();
  const since = queue.callers.map((caller) => caller["waiting_since"])
    .filter((value): value is string => typeof value === "string");
  const longest = since.reduce((most, at) => Math.max(most, (now - Date.parse(at)) / 1000), 0);
  const members = agents.filter((agent) => agent.queues.some((each) => each.queue === queue.name));
  const ready = members.filter((agent) => agent.status === "idle").length;
  const figures: { key: string; value: string; level: Level }[] = [
    { key: "waiting", value: String(since.length),
      level: atLeast(since.length, thresholds.waiting) },
    { key: "longestWait", value: clock(longest), level: atLeast(longest, thresholds.wait) },
    { key: "ready", value: String(ready), level: "ok" },
    { key: "answeredToday", value: String(queue.answered_today), level: "ok" },
    { key: "abandonedToday", value: String(queue.abandoned_today), level: "ok" },
    { key: "serviceLevel", value: queue.service_level === null ? "—"
      : `${Math.round(queue.service_level)} %`, level: below(queue.service_level, thresholds.sl) },
  ];
  return (
    <li className="wallboard__queue" aria-label={queue.name}>
      <h2>{queue.name}</h2>
      <dl>
        {figures.map((figure) => (
          <div key={figure.key} className={`wallboard__figure wallboard__figure--${figure.level}`}
               data-figure={figure.key} data-level={figure.level}>
            <dt>{t(`live.${figure.key}`)}</dt>
            <dd>{figure.value}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
