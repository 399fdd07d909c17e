import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../shared/api/client";
import type { NodeType } from "./graph";

export interface Choices {
  sounds: string[];
  queues: string[];
  agents: string[];
}

/** The form of a node's parameters, made from what the node type declares. */
export function ParamForm({ type, params, issues, choices, onChange }: {
  type: NodeType;
  params: Record<string, unknown>;
  issues: Schemas["Issue"][];
  choices: Choices;
  onChange: (params: Record<string, unknown>) => void;
}) {
  return (
    <div className="param-form">
      {type.params.map((param) => (
        <ParamField key={param.name} param={param} value={params[param.name]}
                    problem={issues.find((issue) => issue.param === param.name)?.message}
                    choices={choices}
                    onChange={(value) => {
                      const next = { ...params };
                      if (value === undefined) delete next[param.name];
                      else next[param.name] = value;
                      onChange(next);
                    }} />
      ))}
    </div>
  );
}

function ParamField({ param, value, problem, choices, onChange }: {
  param: Schemas["NodeParam"];
  value: unknown;
  problem: string | undefined;
  choices: Choices;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const helpId = `${id}-help`;
  const described = [param.help ? helpId : "", problem ? `${id}-problem` : ""].join(" ").trim();
  const common = { id, "aria-invalid": problem ? true : undefined,
                   "aria-describedby": described || undefined };
  let input;
  switch (param.kind) {
    case "integer":
    case "number":
      input = <input type="number" {...common} value={typeof value === "number" ? value : ""}
                     min={param.minimum ?? undefined} max={param.maximum ?? undefined}
                     step={param.kind === "integer" ? 1 : "any"}
                     onChange={(event) => onChange(event.target.value === "" ? undefined
                       : Number(event.target.value))} />;
      break;
    case "boolean":
      input = <input type="checkbox" {...common} checked={value === true}
                     onChange={(event) => onChange(event.target.checked)} />;
      break;
    case "choice":
    case "sound":
    case "queue":
    case "agent": {
      const options = param.kind === "choice" ? param.choices ?? []
        : param.kind === "sound" ? choices.sounds
        : param.kind === "queue" ? choices.queues : choices.agents;
      input = (
        <select {...common} value={typeof value === "string" ? value : ""}
                onChange={(event) => onChange(event.target.value || undefined)}>
          <option value="">{t("builder.choose")}</option>
          {options.map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
      );
      break;
    }
    case "list":
    case "caller_lists":
      input = <input type="text" {...common}
                     value={Array.isArray(value) ? value.join(", ") : ""}
                     onChange={(event) => onChange(listOf(event.target.value))} />;
      break;
    case "object":
      input = <JsonField common={common} value={value} onChange={onChange} />;
      break;
    default:
      input = <input type="text" {...common} value={typeof value === "string" ? value : ""}
                     onChange={(event) => onChange(event.target.value || undefined)} />;
  }
  return (
    <div className="param">
      <label htmlFor={id}>{param.label}{param.required ? " *" : ""}</label>
      {input}
      {param.help && <small id={helpId}>{param.help}</small>}
      {problem && <small id={`${id}-problem`} className="param__problem">{problem}</small>}
    </div>
  );
}

function JsonField({ common, value, onChange }: {
  common: Record<string, unknown>;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const text = value === undefined ? "" : JSON.stringify(value);
  return (
    <textarea {...common} rows={3} defaultValue={text} key={text}
              onBlur={(event) => {
                const raw = event.target.value.trim();
                if (raw === "") return onChange(undefined);
                try {
                  onChange(JSON.parse(raw));
                } catch {
                  onChange(raw); // kept as typed: validation names the problem
                }
              }} />
  );
}

function listOf(text: string): string[] | undefined {
  const items = text.split(",").map((item) => item.trim()).filter(Boolean);
  return items.length ? items : undefined;
}
