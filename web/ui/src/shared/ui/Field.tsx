import { useId, type ReactNode } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { RequestFailed } from "../api/client";
import { errorText } from "../api/errors";
import "./ui.css";

/** The fields a failed request names, each with its own message where the server gave
 *  one: `details.field` (e.g. "ring_timeout", "members.0.level"), or each of the PBX
 *  check's `details.problems`. */
export function failedFields(error: unknown): Map<string, string | null> {
  const found = new Map<string, string | null>();
  if (!(error instanceof RequestFailed)) return found;
  const details = error.body?.details ?? {};
  if (typeof details["field"] === "string") found.set(details["field"], null);
  const problems = details["problems"];
  for (const problem of Array.isArray(problems) ? problems as unknown[] : []) {
    if (typeof problem !== "object" || problem === null) continue;
    const { field, message } = problem as { field?: unknown; message?: unknown };
    if (typeof field === "string" && !found.has(field)) {
      found.set(field, typeof message === "string" ? message : null);
    }
  }
  return found;
}

function named(failed: Map<string, string | null>, name: string): string | null | undefined {
  for (const [field, message] of failed) {
    if (field === name || field.startsWith(`${name}.`)) return message;
  }
  return undefined;
}

interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

interface FieldProps {
  label: string;
  /** The API's name for this field: a failed save naming it shows its message here. */
  name: string;
  error: unknown;
  hint?: string;
  children: (control: ControlProps) => ReactNode;
}

/** The catalogue's sentence for this field and this kind of failure, so a Polish page does
 *  not show the server's English: `fieldErrors.<field>.<code>`, else `fieldErrors.<field>`. */
function fieldMessage(t: TFunction, error: unknown, name: string): string | null {
  const code = error instanceof RequestFailed ? error.body?.code ?? "" : "";
  const field = name.replace(/\./g, "_");
  const text = t(`fieldErrors.${field}.${code}`, { defaultValue: "" })
    || t(`fieldErrors.${field}.any`, { defaultValue: "" });
  return text || null;
}

/** A labelled form control with its hint, and the server's message where the field is. */
export function Field({ label, name, error, hint, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const message = named(failedFields(error), name);
  const mine = message !== undefined;
  const described = [hint ? `${id}-hint` : "", mine ? `${id}-error` : ""].filter(Boolean);
  return (
    <div className={`field${mine ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": described.join(" ") || undefined,
                  "aria-invalid": mine ? true : undefined })}
      {hint && <small id={`${id}-hint`} className="field__hint">{hint}</small>}
      {mine && <small id={`${id}-error`} className="field__error">
        {fieldMessage(t, error, name) ?? message ?? errorText(t, error)}</small>}
    </div>
  );
}

/** A failed save's message when no field on the form is named by it. */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const failed = failedFields(error);
  if (fields.some((name) => named(failed, name) !== undefined)) {
    return <p role="alert" className="problem">{t("form.fixFields")}</p>;
  }
  return <p role="alert" className="problem">{errorText(t, error)}</p>;
}
