import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, RequestFailed, unwrap, type Schemas } from "../../shared/api/client";
import { formatMoment } from "../../shared/i18n";
import { useMay } from "../../shared/session";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";
import { RANKS } from "./queries";
import { useUnsaved } from "../../shared/unsaved";

type Rank = Schemas["User"]["rank"];
type Rules = Schemas["SignInRules"];
type Masking = Schemas["NumberMasking"];
const RULES = ["sign-in-rules"];
const MASKING = ["number-masking"];
const RULE_FIELDS = ["second_factor_ranks", "allowed_networks", "trusted_networks"] as const;
/** The ranks that see the live board: masking means nothing to the others. */
const BOARD_RANKS: Rank[] = ["supervisor", "admin"];

interface RulesForm {
  second_factor_ranks: Rank[];
  allowed: string;
  trusted: string;
}

function formOf(rules: Pick<Rules, "second_factor_ranks" | "allowed_networks" | "trusted_networks">,
                ): RulesForm {
  return { second_factor_ranks: [...rules.second_factor_ranks],
           allowed: rules.allowed_networks.join("\n"), trusted: rules.trusted_networks.join("\n") };
}

/** One network per line (commas and spaces also part them), blanks dropped. */
function lines(text: string): string[] {
  return text.split(/[\s,]+/).map((line) => line.trim()).filter(Boolean);
}

function sameForm(a: RulesForm, b: RulesForm): boolean {
  return JSON.stringify([[...a.second_factor_ranks].sort(), lines(a.allowed), lines(a.trusted)])
    === JSON.stringify([[...b.second_factor_ranks].sort(), lines(b.allowed), lines(b.trusted)]);
}

/** What a 409 brings: the revision saved meanwhile and its value. */
function meanwhile(error: unknown): { revision: number; current: Record<string, unknown> } | null {
  if (!(error instanceof RequestFailed) || error.status !== 409) return null;
  const details = error.body?.details ?? {};
  const revision = details["revision"];
  const current = details["current"];
  if (typeof revision !== "number" || typeof current !== "object" || current === null) return null;
  return { revision, current: current as Record<string, unknown> };
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The entries of one list the server could not read. */
function unreadable(error: unknown, field: string): string[] {
  if (!(error instanceof RequestFailed)) return [];
  const problems = error.body?.details["problems"];
  return (Array.isArray(problems) ? problems as unknown[] : []).flatMap((problem) => {
    const { field: name, value } = problem as { field?: unknown; value?: unknown };
    return typeof name === "string" && name.startsWith(`${field}.`) && typeof value === "string"
      ? [value] : [];
  });
}

/** Who must use a second factor and where people may sign in from; saved here, they hold
 *  at once for everyone. */
export function SignInRulesForm() {
  const { t } = useTranslation();
  const rules = useQuery({ queryKey: RULES,
                           queryFn: async () => unwrap(await api.GET("/api/v1/users/sign-in-rules")) });
  if (rules.isPending) return <p role="status">{t("app.loading")}</p>;
  if (rules.isError) return <p role="alert">{t("error.generic", { message: rules.error.message })}</p>;
  return <RulesEditor rules={rules.data} />;
}

function RulesEditor({ rules }: { rules: Rules }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const canEdit = useMay()("users.write");
  const [base, setBase] = useState<RulesForm>(() => formOf(rules));
  const [revision, setRevision] = useState(rules.revision);
  const [form, setForm] = useState<RulesForm>(() => formOf(rules));
  const save = useMutation({
    mutationFn: async (atRevision: number) => {
      const body = { second_factor_ranks: form.second_factor_ranks, allowed_networks: lines(form.allowed),
                     trusted_networks: lines(form.trusted), revision: atRevision };
      return unwrap(await api.PUT("/api/v1/users/sign-in-rules", { body }));
    },
    onSuccess: (saved) => {
      setBase(formOf(saved));
      setForm(formOf(saved));
      setRevision(saved.revision);
      client.setQueryData(RULES, saved);
    },
  });
  const conflict = meanwhile(save.error);
  const dirty = !sameForm(form, base);
  useUnsaved(canEdit && dirty);
  const shown = save.data ?? rules;
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(revision);
  }
  function takeTheirs(theirs: { revision: number; current: Record<string, unknown> }) {
    const now = formOf({ second_factor_ranks: texts(theirs.current["second_factor_ranks"]) as Rank[],
                         allowed_networks: texts(theirs.current["allowed_networks"]),
                         trusted_networks: texts(theirs.current["trusted_networks"]) });
    setBase(now);
    setForm(now);
    setRevision(theirs.revision);
    save.reset();
  }
  const toggle = (rank: Rank, on: boolean) => setForm((old) => ({ ...old,
    second_factor_ranks: on ? [...old.second_factor_ranks, rank]
      : old.second_factor_ranks.filter((item) => item !== rank) }));
  const badAllowed = unreadable(save.error, "allowed_networks");
  const badTrusted = unreadable(save.error, "trusted_networks");
  const bad = (entries: string[]) => entries.length > 0 && (
    <small className="field__error">{t("people.unreadable", { count: entries.length,
                                                               entries: entries.join(", ") })}</small>);
  return (
    <form className="panel people__rules" onSubmit={submit} aria-labelledby="rules-title">
      <h2 id="rules-title">{t("people.rules")}</h2>
      <p className="muted">
        {shown.revision === 0 ? t("people.rulesFromFile")
          : t("people.rulesSaved", { when: formatMoment(shown.changed_at, i18n.language) })}
      </p>
      <fieldset className="rank-choice" disabled={!canEdit}>
        <legend>{t("people.secondFactorRanks")}</legend>
        {RANKS.map((rank) => (
          <label key={rank} className="field--check">
            <input type="checkbox" checked={form.second_factor_ranks.includes(rank)}
                   onChange={(event) => toggle(rank, event.target.checked)} />
            {t(`rank.${rank}`)}
          </label>
        ))}
      </fieldset>
      {shown.still_to_enrol > 0 && !dirty && (
        <p className="chip chip--warn">{t("people.stillToEnrol", { count: shown.still_to_enrol })}
          {shown.including_you && ` ${t("people.includingYou")}`}</p>
      )}
      <div className="form-grid people__networks">
        <Field label={t("people.allowedNetworks")} name="allowed_networks" error={save.error}
               hint={t("people.allowedHint", { address: shown.your_address })}>
          {(control) => <>
            <textarea {...control} rows={3} readOnly={!canEdit} value={form.allowed} spellCheck={false}
                      onChange={(event) => setForm((old) => ({ ...old, allowed: event.target.value }))} />
            {bad(badAllowed)}
          </>}
        </Field>
        <Field label={t("people.trustedNetworks")} name="trusted_networks" error={save.error}
               hint={t("people.trustedHint")}>
          {(control) => <>
            <textarea {...control} rows={3} readOnly={!canEdit} value={form.trusted} spellCheck={false}
                      onChange={(event) => setForm((old) => ({ ...old, trusted: event.target.value }))} />
            {bad(badTrusted)}
          </>}
        </Field>
      </div>
      <p className="muted">{t("people.sessionLength")}: {t("people.sessionLengthValue", {
        idle: shown.session_idle_minutes, hours: shown.session_hours })} {t("people.sessionsInFile")}</p>
      {!conflict && <FormError error={save.error} fields={RULE_FIELDS} />}
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t("people.rulesConflict")}</p>
          <Button onClick={() => takeTheirs(conflict)}>{t("builder.reloadTheirs")}</Button>
          <Button onClick={() => save.mutate(conflict.revision)}>{t("builder.keepMine")}</Button>
        </div>
      )}
      {canEdit && (
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={save.isPending || !dirty}>
            {t("people.saveRules")}
          </Button>
          {dirty && <span className="chip chip--warn">{t("pbx.unsaved")}</span>}
          {save.isSuccess && !dirty && <p role="status">{t("people.rulesInForce")}</p>}
        </div>
      )}
    </form>
  );
}

/** Which ranks see callers' numbers masked on the live board. */
export function NumberMaskingForm() {
  const found = useQuery({ queryKey: MASKING,
                           queryFn: async () => unwrap(await api.GET("/api/v1/live/masking")) });
  if (!found.data) return null;
  return <MaskingEditor masking={found.data} />;
}

function MaskingEditor({ masking }: { masking: Masking }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canEdit = useMay()("users.write");
  const [revision, setRevision] = useState(masking.revision);
  const [base, setBase] = useState<Rank[]>(masking.ranks);
  const [ranks, setRanks] = useState<Rank[]>(masking.ranks);
  const save = useMutation({
    mutationFn: async (atRevision: number) => unwrap(await api.PUT("/api/v1/live/masking", {
      body: { ranks, revision: atRevision } })),
    onSuccess: (saved) => {
      setBase(saved.ranks);
      setRanks(saved.ranks);
      setRevision(saved.revision);
      client.setQueryData(MASKING, saved);
    },
  });
  const conflict = meanwhile(save.error);
  const dirty = JSON.stringify([...ranks].sort()) !== JSON.stringify([...base].sort());
  useUnsaved(canEdit && dirty);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(revision);
  }
  return (
    <form className="panel people__rules" onSubmit={submit} aria-labelledby="masking-title">
      <h2 id="masking-title">{t("people.masking")}</h2>
      <p className="muted">{t("people.maskingIntro")}</p>
      <fieldset className="rank-choice" disabled={!canEdit}>
        <legend>{t("people.maskedFor")}</legend>
        {BOARD_RANKS.map((rank) => (
          <label key={rank} className="field--check">
            <input type="checkbox" checked={ranks.includes(rank)}
                   onChange={(event) => setRanks((old) => event.target.checked ? [...old, rank]
                     : old.filter((item) => item !== rank))} />
            {t(`rank.${rank}`)}
          </label>
        ))}
      </fieldset>
      {!conflict && <FormError error={save.error} fields={["ranks"]} />}
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t("people.rulesConflict")}</p>
          <Button onClick={() => {
            const theirs = texts(conflict.current["ranks"]) as Rank[];
            setBase(theirs); setRanks(theirs); setRevision(conflict.revision); save.reset();
          }}>{t("builder.reloadTheirs")}</Button>
          <Button onClick={() => save.mutate(conflict.revision)}>{t("builder.keepMine")}</Button>
        </div>
      )}
      {canEdit && (
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={save.isPending || !dirty}>
            {t("people.saveMasking")}
          </Button>
          {dirty && <span className="chip chip--warn">{t("pbx.unsaved")}</span>}
          {save.isSuccess && !dirty && <p role="status">{t("people.maskingInForce")}</p>}
        </div>
      )}
    </form>
  );
}
