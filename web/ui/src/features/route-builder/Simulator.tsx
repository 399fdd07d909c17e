import { useId, useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useBuilder } from "./context";
import type { Choice } from "./ParamForm";
import { soundTitle, tellReason, type ReasonNames } from "../../shared/reasons";

export type Step = Schemas["SimulationStep"];

/** Caller, time, keys and outcomes in; the path a call would take out, step by step,
 *  from the same engine as live calls. The draft is saved first: what is simulated is
 *  what is on the canvas. */
// What a queue or an agent's phone does on the simulated call, in words; the engine's
// statuses stay here.
const QUEUE_OUTCOMES = { answered: "", timeout: "TIMEOUT", no_agents: "JOINEMPTY", full: "FULL" };
const PHONE_OUTCOMES = { answered: "ANSWER", no_answer: "NOANSWER", busy: "BUSY",
                         unavailable: "CHANUNAVAIL" };
// Enough for every queue and phone a route may pass.
const REPEATED = 20;

export function Simulator({ routeId, agents, readOnly, saveDraft, onPath, shown, onShow }: {
  routeId: number;
  agents: Choice[];
  readOnly: boolean;
  saveDraft: () => Promise<boolean>;
  onPath: (steps: Step[]) => void;
  shown: number;
  onShow: (step: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const { nodeName, portName } = useBuilder();
  const names: ReasonNames = {
    sound: (name) => soundTitle(name, t),
    queue: (name) => name,
    agent: (endpoint) => agents.find((agent) => agent.value === endpoint)?.label ?? endpoint,
    node: (id) => (nodeName ? nodeName(id) : id),
    port: (node, port) => (portName ? portName(node, port) : port),
  };
  const because = (told: Step | Schemas["Simulation"]) =>
    tellReason(t, i18n.language, told, names);
  const ids = { caller: useId(), at: useId(), digits: useId(), queue: useId(), dial: useId() };
  const [caller, setCaller] = useState("");
  const [at, setAt] = useState(localNow());
  const [digits, setDigits] = useState("");
  const [queue, setQueue] = useState<keyof typeof QUEUE_OUTCOMES>("answered");
  const [dial, setDial] = useState<keyof typeof PHONE_OUTCOMES>("answered");
  const summary = useRef<HTMLParagraphElement>(null);
  const [result, setResult] = useState<Schemas["Simulation"] | null>(null);
  const [error, setError] = useState("");

  async function run(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setError("");
    const wrong = keys(digits).find((key) => key !== "" && !/^[0-9*#]$/.test(key));
    if (wrong !== undefined) {
      setError(t("simulator.notAKey", { key: wrong }));
      return;
    }
    if (!(await saveDraft())) return;
    try {
      const simulation = unwrap(await api.POST("/api/v1/routes/{route_id}/simulate", {
        params: { path: { route_id: routeId } },
        body: { caller, at: withOffset(at), digits: keys(digits),
                queue_statuses: Array<string>(REPEATED).fill(QUEUE_OUTCOMES[queue]),
                dial_statuses: Array<string>(REPEATED).fill(PHONE_OUTCOMES[dial]) },
      }));
      setResult(simulation);
      onPath(simulation.path);
      onShow(simulation.path.length - 1);
      // The outcome, not the form, is what one wants to see next.
      window.setTimeout(() => summary.current?.scrollIntoView({ block: "nearest" }), 50);
    } catch (failure) {
      setResult(null);
      onPath([]);
      setError(errorText(t, failure));
    }
  }

  return (
    <section className="simulator" aria-labelledby={`${ids.caller}-title`}>
      <h2 id={`${ids.caller}-title`}>{t("simulator.title")}</h2>
      <form onSubmit={(event) => void run(event)}>
        <label htmlFor={ids.caller}>{t("simulator.caller")}</label>
        <input id={ids.caller} value={caller} inputMode="tel"
               onChange={(event) => setCaller(event.target.value)} />
        <label htmlFor={ids.at}>{t("simulator.at")}</label>
        <input id={ids.at} type="datetime-local" value={at} aria-describedby={`${ids.at}-zone`}
               onChange={(event) => setAt(event.target.value)} />
        <small id={`${ids.at}-zone`} className="muted">
          {t("simulator.atZone", { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
        </small>
        <label htmlFor={ids.digits}>{t("simulator.digits")}</label>
        <input id={ids.digits} value={digits} placeholder="9, _"
               aria-describedby={`${ids.digits}-help`}
               onChange={(event) => setDigits(event.target.value)} />
        <small id={`${ids.digits}-help`} className="muted">{t("simulator.digitsHelp")}</small>
        <label htmlFor={ids.queue}>{t("simulator.queue")}</label>
        <select id={ids.queue} value={queue}
                onChange={(event) => setQueue(event.target.value as typeof queue)}>
          {Object.keys(QUEUE_OUTCOMES).map((outcome) => (
            <option key={outcome} value={outcome}>{t(`simulator.queueOutcomes.${outcome}`)}</option>
          ))}
        </select>
        <label htmlFor={ids.dial}>{t("simulator.dial")}</label>
        <select id={ids.dial} value={dial}
                onChange={(event) => setDial(event.target.value as typeof dial)}>
          {Object.keys(PHONE_OUTCOMES).map((outcome) => (
            <option key={outcome} value={outcome}>{t(`simulator.phoneOutcomes.${outcome}`)}</option>
          ))}
        </select>
        <button type="submit">{t("simulator.run")}</button>
        <small className="muted">{readOnly ? t("simulator.savesNothing")
          : t("simulator.savesDraft")}</small>
      </form>
      {error && <p role="alert" className="problem">{error}</p>}
      {result && (
        <>
          <ol className="simulator__steps">
            {result.path.map((step, index) => (
              <li key={index} className={index <= shown ? "simulator__step--shown" : undefined}>
                <button type="button" className="link-plain" onClick={() => onShow(index)}
                        aria-current={index === shown ? "step" : undefined}>
                  <strong>{nodeName ? nodeName(step.node) : step.node}</strong>
                  {step.port ? ` → ${portName ? portName(step.node, step.port) : step.port}` : ""}
                </button>
                <span className="muted"> {because(step)}</span>
              </li>
            ))}
          </ol>
          <p role="status" className="simulator__result" ref={summary}>
            {result.completed ? `${because(result)}. ${t("simulator.completed")}`
              : t("simulator.stopped", { reason: because(result) })}
          </p>
        </>
      )}
    </section>
  );
}

/** The keys pressed, one per prompt: "_" (or "-") is a prompt answered with no key. */
export function keys(text: string): string[] {
  if (!text.trim()) return [];
  return text.split(",").map((item) => item.trim()).map((item) =>
    item === "_" || item === "-" ? "" : item);
}

function localNow(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

/** A datetime-local value with the browser's offset: the API wants an aware time. */
export function withOffset(local: string): string {
  const offset = -new Date(local).getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  return `${local}:00${sign}${hours}:${minutes}`;
}
