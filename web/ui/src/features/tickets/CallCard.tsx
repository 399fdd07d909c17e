// One call on a ticket: who called, the wait and the talk, its way through the route, and
// its recordings with a speed of the listener's choosing (seeking is the player's own).
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { Button } from "../../shared/ui/Button";
import { formatMoment } from "../../shared/i18n";
import { CallPath } from "./CallPath";
import { WrapUp } from "./WrapUp";

const SPEEDS = [1, 1.25, 1.5, 2] as const;

export function CallCard({ call }: { call: Schemas["Call"] }) {
  const { t, i18n } = useTranslation();
  const outcome = call.outcome ? t(`activity.outcomes.${call.outcome}`)
    : t(`activity.states.${call.state}`);
  const seconds = (value: number | null) => value === null ? "—"
    : t("ticket.seconds", { count: value });
  return (
    <section className="call-card" aria-label={t("ticket.callAt", {
      at: formatMoment(call.started_at, i18n.language) })}>
      <h3>{formatMoment(call.started_at, i18n.language)} · {outcome}</h3>
      <dl className="ticket-facts">
        <dt>{t("activity.caller")}</dt><dd>{call.caller_number ?? (call.caller_raw || t("activity.anonymous"))}</dd>
        <dt>{t("activity.dialed")}</dt><dd>{call.dialed_number ?? "—"}</dd>
        <dt>{t("ticket.agent")}</dt><dd>{call.agent_name || "—"}</dd>
        <dt>{t("ticket.wait")}</dt><dd>{seconds(call.wait_seconds)}</dd>
        <dt>{t("ticket.talk")}</dt><dd>{seconds(call.talk_seconds)}</dd>
        {call.disposition && <><dt>{t("ticket.disposition")}</dt><dd>{call.disposition}</dd></>}
      </dl>
      <details open>
        <summary>{call.route_name ? t("ticket.pathOf", { route: call.route_name,
                                                        version: call.route_version })
          : t("ticket.path")}</summary>
        <CallPath call={call} />
      </details>
      {call.recordings.map((url, index) => <Recording key={url} url={url} number={index + 1} />)}
      {call.direction === "inbound" && call.connected_at !== null && call.disposition === null && (
        <LateWrapUp linkedid={call.linkedid} />
      )}
    </section>
  );
}

function Recording({ url, number }: { url: string; number: number }) {
  const { t } = useTranslation();
  const player = useRef<HTMLAudioElement>(null);
  const [speed, setSpeed] = useState<number>(1);
  return (
    <div className="recording">
      <audio ref={player} controls preload="metadata" src={url}
             aria-label={t("ticket.recording", { number })} />
      <label>
        <span>{t("ticket.speed")}</span>
        <select value={speed} onChange={(event) => {
          const chosen = Number(event.target.value);
          setSpeed(chosen);
          if (player.current) player.current.playbackRate = chosen;
        }}>
          {SPEEDS.map((each) => <option key={each} value={each}>{`${each}×`}</option>)}
        </select>
      </label>
    </div>
  );
}

/** A call left without its wrap-up (the pop closed, the page reloaded): given here. */
function LateWrapUp({ linkedid }: { linkedid: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const pop = useQuery({
    queryKey: ["call-pop", linkedid, "late"], enabled: open, retry: false,
    queryFn: async () => unwrap(await api.GET("/api/v1/calls/{linkedid}/pop",
                                              { params: { path: { linkedid } } })),
  });
  if (!open) {
    return <Button onClick={() => setOpen(true)}>{t("ticket.giveWrapUp")}</Button>;
  }
  if (pop.data && pop.data.dispositions.length === 0) {
    return <p className="muted">{t("ticket.noDispositions")}</p>;
  }
  return pop.data ? <WrapUp card={pop.data} /> : null;
}
