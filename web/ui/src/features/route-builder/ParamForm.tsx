import { Copy } from "lucide-react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../shared/api/client";
import type { NodeType } from "./graph";
import { CallerListsPicker, DatePeriods, HolidayCountry, HolidayRegion,
         SoundPicker } from "./pickers";

/** One thing a parameter may refer to: its stored value and what people read. */
export interface Choice {
  value: string;
  label: string;
  /** What a picker adds after the name: who answers a queue, whether a phone is online. */
  detail?: string;
}

/** What parameters may refer to outside the graph. */
export interface Choices {
  sounds: string[];
  queues: Choice[];
  agents: Choice[];
  trunks: string[];
  callerLists: string[];
}

/** The form of a node's parameters, made from what the node type declares. */
export function ParamForm({ type, params, issues, choices, onChange }: {
  type: NodeType;
  params: Record<string, unknown>;
  issues: Schemas["Issue"][];
  choices: Choices;
  onChange: (name: string, value: unknown) => void;
}) {
  return (
    <div className="param-form">
      {type.params.map((param) => (
        <ParamField key={param.name} param={param} value={params[param.name]} params={params}
                    problem={issues.find((issue) => issue.param === param.name)?.message}
                    choices={choices}
                    onChange={(value) => onChange(param.name, value)} />
      ))}
    </div>
  );
}

function ParamField({ param, value, params, problem, choices, onChange }: {
  param: Schemas["NodeParam"];
  value: unknown;
  params: Record<string, unknown>;
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
    case "sound":
      input = <SoundPicker common={common} value={value} sounds={choices.sounds}
                           onChange={onChange} />;
      break;
    case "choice":
    case "trunk":
    case "queue":
    case "agent": {
      const plain = (values: string[]): Choice[] =>
        values.map((each) => ({ value: each, label: each }));
      const options = param.kind === "choice" ? plain(param.choices ?? [])
        : param.kind === "trunk" ? plain(choices.trunks)
        : param.kind === "queue" ? choices.queues : choices.agents;
      input = (
        <select {...common} value={typeof value === "string" ? value : ""}
                onChange={(event) => onChange(event.target.value || undefined)}>
          <option value="">{t("builder.choose")}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.detail ? `${option.label} · ${option.detail}` : option.label}
            </option>
          ))}
        </select>
      );
      break;
    }
    case "caller_lists":
      return <CallerListsPicker label={param.label} required={param.required} value={value}
                                lists={choices.callerLists} problem={problem}
                                onChange={onChange} />;
    case "date_periods":
      return <DatePeriods label={param.label} value={value} problem={problem}
                          onChange={onChange} />;
    case "holiday_country":
      input = <HolidayCountry common={common} value={value} codes={param.choices ?? []}
                              onChange={onChange} />;
      break;
    case "holiday_region":
      input = <HolidayRegion common={common} value={value} onChange={onChange}
                             country={typeof params["country"] === "string"
                               ? params["country"] : null} />;
      break;
    case "list":
      input = <input type="text" {...common}
                     value={Array.isArray(value) ? value.join(", ") : ""}
                     onChange={(event) => onChange(listOf(event.target.value))} />;
      break;
    case "object":
      input = <JsonField common={common} value={value} onChange={onChange} />;
      break;
    case "weekly_hours":
      return <WeeklyHours label={param.label} required={param.required} value={value}
                          problem={problem} onChange={onChange} />;
    case "digit_choices":
      input = <DigitChoices common={common} value={value} onChange={onChange} />;
      break;
    case "timezone":
      input = <TimezonePicker common={common} value={value} onChange={onChange} />;
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
      {problem && <small id={`${id}-problem`} className="problem">{problem}</small>}
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
                if (raw === "") { onChange(undefined); return; }
                try {
                  onChange(JSON.parse(raw));
                } catch {
                  onChange(raw); // kept as typed: validation names the problem
                }
              }} />
  );
}

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const WORKDAYS = WEEK.slice(0, 5);
/** The hours most centres start from. */
const HOUR_PRESETS: Record<string, () => Record<string, unknown>> = {
  always: () => Object.fromEntries(WEEK.map((day) => [day, [["00:00", "24:00"]]])),
  weekdays: () => Object.fromEntries(WORKDAYS.map((day) => [day, [["09:00", "17:00"]]])),
};

/** The zones people here mean first (theirs, then the region's), then every zone. */
function TimezonePicker({ common, value, onChange }: {
  common: Record<string, unknown>; value: unknown; onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const first = [...new Set([own, "Europe/Warsaw", "Europe/Prague", "Europe/Berlin",
                             "Europe/London", "UTC"])];
  const all = Intl.supportedValuesOf("timeZone").filter((zone) => !first.includes(zone));
  const chosen = typeof value === "string" ? value : "";
  return (
    <select {...common} value={chosen}
            onChange={(event) => onChange(event.target.value || undefined)}>
      <option value="">{t("builder.choose")}</option>
      {chosen && !first.includes(chosen) && !all.includes(chosen) && (
        <option value={chosen}>{chosen}</option>
      )}
      <optgroup label={t("builder.zonesFirst")}>
        {first.map((zone) => <option key={zone} value={zone}>{zone.replace(/_/g, " ")}</option>)}
      </optgroup>
      <optgroup label={t("builder.zonesAll")}>
        {all.map((zone) => <option key={zone} value={zone}>{zone.replace(/_/g, " ")}</option>)}
      </optgroup>
    </select>
  );
}

/** Opening hours per weekday, several ranges each ("08:00-12:00, 13:00-17:00"). */
function WeeklyHours({ label, required, value, problem, onChange }: {
  label: string; required: boolean; value: unknown; problem: string | undefined;
  onChange: (value: unknown) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const hours = value && typeof value === "object" ? value as Record<string, unknown> : {};
  // 2024-01-01 was a Monday: the weekdays' names in the user's language.
  const dayName = (index: number) => new Intl.DateTimeFormat(i18n.language, { weekday: "long" })
    .format(new Date(2024, 0, 1 + index));
  const set = (next: Record<string, unknown>) =>
    onChange(Object.keys(next).length ? next : undefined);
  return (
    <fieldset className="param weekly-hours" aria-describedby={problem ? `${id}-problem` : undefined}>
      <legend>{label}{required ? " *" : ""}</legend>
      <small>{t("builder.hoursHelp")}</small>
      <div className="weekly-hours__presets" role="group" aria-label={t("builder.hoursPresets")}>
        {Object.entries(HOUR_PRESETS).map(([name, preset]) => (
          <button key={name} type="button" className="secondary" onClick={() => set(preset())}>
            {t(`builder.hoursPreset.${name}`)}
          </button>
        ))}
      </div>
      {WEEK.map((day, index) => (
        <div key={day} className="weekly-hours__day">
          <label htmlFor={`${id}-${day}`}>{dayName(index)}</label>
          <input id={`${id}-${day}`} type="text" placeholder={t("builder.closed")}
                 defaultValue={rangesText(hours[day])} key={rangesText(hours[day])}
                 onBlur={(event) => {
                   const next = { ...hours };
                   const ranges = parseRanges(event.target.value);
                   if (ranges.length) next[day] = ranges;
                   else delete next[day];
                   onChange(Object.keys(next).length ? next : undefined);
                 }} />
          <button type="button" className="link-plain weekly-hours__copy"
                  aria-label={t("builder.hoursCopy", { day: dayName(index) })}
                  title={t("builder.hoursCopy", { day: dayName(index) })}
                  onClick={() => set(hours[day] === undefined ? {} // closed: closed every day
                    : Object.fromEntries(WEEK.map((each) => [each, hours[day]])))}>
            <Copy size={16} aria-hidden="true" />
          </button>
        </div>
      ))}
      {problem && <small id={`${id}-problem`} className="problem">{problem}</small>}
    </fieldset>
  );
}

function rangesText(ranges: unknown): string {
  return Array.isArray(ranges)
    ? ranges.map((range) => Array.isArray(range) ? range.join("-") : String(range)).join(", ")
    : "";
}

/** "08:00-12:00, 13:00-17:00" -> [["08:00", "12:00"], ["13:00", "17:00"]]; a range that
 *  does not read so is kept as typed, and validation names it. */
export function parseRanges(text: string): unknown[] {
  return text.split(",").map((part) => part.trim()).filter(Boolean).map((part) => {
    const found = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    return found ? [found[1]!.padStart(5, "0"), found[2]!.padStart(5, "0")] : part;
  });
}

/** An IVR menu's keys and what each means, a line each ("1: Sales"). */
function DigitChoices({ common, value, onChange }: {
  common: Record<string, unknown>; value: unknown; onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const choices = value && typeof value === "object" ? value as Record<string, unknown> : {};
  const text = Object.entries(choices).map(([key, name]) => `${key}: ${String(name)}`)
    .join("\n");
  return (
    <textarea {...common} rows={4} defaultValue={text} key={text}
              placeholder={t("builder.choicesExample")}
              onBlur={(event) => {
                const next: Record<string, string> = {};
                for (const line of event.target.value.split("\n")) {
                  const [key, ...rest] = line.split(":");
                  if (key?.trim()) next[key.trim()] = rest.join(":").trim();
                }
                onChange(Object.keys(next).length ? next : undefined);
              }} />
  );
}

function listOf(text: string): string[] | undefined {
  const items = text.split(",").map((item) => item.trim()).filter(Boolean);
  return items.length ? items : undefined;
}
