// A call's way through its route as the caller lived it: each step by the node's label
// (or its kind), the way it left and why, at the moment the call entered it.
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../shared/api/client";
import { localeOf } from "../../shared/i18n";
import { soundTitle, tellReason } from "../../shared/reasons";

type Call = Schemas["Call"];

interface PathStep {
  node: string;
  type: string;
  label: string;
  port: string | null;
  at: string;
  why: string;
  facts: Record<string, unknown>;
  reason: string;
}

function pathSteps(call: Call): PathStep[] {
  return call.path.flatMap((step) => {
    if (typeof step["node"] !== "string" || typeof step["type"] !== "string") return [];
    const text = (key: string) => (typeof step[key] === "string" ? step[key] : "");
    const facts = step["facts"];
    return [{
      node: step["node"], type: step["type"], label: text("label"), at: text("at"),
      port: typeof step["port"] === "string" ? step["port"] : null,
      why: text("why"), reason: text("reason"),
      facts: facts && typeof facts === "object" ? facts as Record<string, unknown> : {},
    }];
  });
}

export function CallPath({ call }: { call: Call }) {
  const { t, i18n } = useTranslation();
  const steps = pathSteps(call);
  if (steps.length === 0) return <p className="muted">{t("ticket.noPath")}</p>;
  const stepName = (step: PathStep) =>
    step.label || t(`nodes.${step.type}.title`, { defaultValue: step.type });
  const portName = (step: PathStep) => step.port === null ? ""
    : t(`nodes.${step.type}.ports.${step.port}`, { defaultValue: step.port });
  const byNode = new Map(steps.map((step) => [step.node, step]));
  const names = {
    sound: (name: string) => soundTitle(name, t),
    queue: (name: string) => name,
    agent: (endpoint: string) =>
      call.agent === `PJSIP/${endpoint}` && call.agent_name ? call.agent_name : endpoint,
    node: (id: string) => { const step = byNode.get(id); return step ? stepName(step) : id; },
    port: (id: string, port: string) => {
      const step = byNode.get(id);
      return step ? t(`nodes.${step.type}.ports.${port}`, { defaultValue: port }) : port;
    },
  };
  const time = new Intl.DateTimeFormat(localeOf(i18n.language), { timeStyle: "medium" });
  return (
    <ol className="call-path">
      {steps.map((step, index) => (
        <li key={index}>
          <span className="call-path__time">{step.at ? time.format(new Date(step.at)) : ""}</span>
          <strong>{stepName(step)}</strong>
          {step.port !== null && ` → ${portName(step)}`}
          <span className="muted"> {tellReason(t, i18n.language, step, names)}</span>
        </li>
      ))}
    </ol>
  );
}
