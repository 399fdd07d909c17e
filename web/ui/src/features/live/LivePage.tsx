// The supervisor's live PBX board: queues, agents and calls as Asterisk has them now, kept
// current by the live stream (never polled), with running clocks.
import { useTranslation } from "react-i18next";
import { useNow } from "../../shared/clock";
import { useLiveBoard } from "../../shared/live";
import { useMay } from "../../shared/session";
import { LiveState } from "../../shared/ui/LiveState";
import { AgentsTable } from "./AgentsTable";
import { OverLimit } from "./OverLimit";
import { CallsTable } from "./CallsTable";
import { QueueTiles } from "./QueueTiles";
import { Wallboards } from "./Wallboards";
import "../../shared/ui/table.css";
import "./live.css";

export function LivePage() {
  const { t } = useTranslation();
  const now = useNow();
  const { board, live } = useLiveBoard();
  const may = useMay();
  return (
    <div className="live-page">
      <div className="live-page__title">
        <h1>{t("live.title")}</h1>
        <LiveState live={live} />
        {live && <span className="chip chip--ok" aria-hidden="true">{t("live.connected")}</span>}
      </div>
      {board === null ? <p role="status">{t("app.loading")}</p> : (
        <>
          <nav className="live-jump" aria-label={t("live.jumpTo")}>
            <a href="#live-queues">{t("live.jumpQueues")} <span className="chip">{board.queues.length}</span></a>
            <a href="#live-agents">{t("live.jumpAgents")} <span className="chip">{board.agents.length}</span></a>
            <a href="#live-calls">{t("live.jumpCalls")} <span className="chip">{board.calls.length}</span></a>
          </nav>
          <OverLimit agents={board.agents} now={now} />
          <QueueTiles queues={board.queues} agents={board.agents} now={now} />
          <AgentsTable agents={board.agents} queues={board.queues} now={now}
                       setsModes={may("agents.set_any_mode") && may("work_modes.read")} />
          <CallsTable calls={board.calls} now={now} spies={may("live.spy")}
                      redirects={may("live.redirect")} agents={board.agents} />
          {may("wallboards.manage") && <Wallboards />}
        </>
      )}
    </div>
  );
}
