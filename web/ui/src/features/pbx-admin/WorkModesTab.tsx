import { useMutation, useQueryClient } from "@tanstack/react-query";
import { modeName } from "../../shared/modeNames";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";
import { MODES, useWorkModes } from "./queries";
import { useUnsaved } from "../../shared/unsaved";

type WorkMode = Schemas["WorkMode"];
interface ModeForm { name: string; code: string; available: boolean; limit: string; active: boolean }
const FIELDS = ["name", "code", "available", "limit_minutes", "active"] as const;

function formOf(mode: WorkMode | null): ModeForm {
  return { name: mode?.name ?? "", code: mode?.code ?? "", available: mode?.available ?? false,
           limit: mode?.limit_minutes == null ? "" : String(mode.limit_minutes),
           active: mode?.active ?? true };
}

/** Work modes: what agents can be in (Break, Back office...), the code they dial on their
 *  phone, whether they take calls meanwhile, and how long it may last on the live board. */
export function WorkModesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const modes = useWorkModes();
  if (modes.isPending) return <p role="status">{t("app.loading")}</p>;
  if (modes.isError) return <p role="alert">{t("error.generic", { message: modes.error.message })}</p>;
  return (
    <div className="pbx-modes">
      <p className="muted">{t("pbx.modesIntro")}</p>
      <div className="pbx-modes__grid">
        {modes.data.map((mode) => <ModeCard key={mode.id} mode={mode} canEdit={canEdit} />)}
        {canEdit && <ModeCard mode={null} canEdit />}
      </div>
    </div>
  );
}

function ModeCard({ mode, canEdit }: { mode: WorkMode | null; canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<ModeForm>(() => formOf(mode));
  const limit = form.limit.trim() === "" ? null : Number(form.limit);
  const save = useMutation({
    mutationFn: async () => {
      const body = { name: form.name.trim(), code: form.code.trim(), available: form.available,
                     limit_minutes: limit };
      return mode === null
        ? unwrap(await api.POST("/api/v1/work-modes", { body }))
        : unwrap(await api.PATCH("/api/v1/work-modes/{mode_id}", {
          params: { path: { mode_id: mode.id } }, body: { ...body, active: form.active } }));
    },
    onSuccess: async () => {
      if (mode === null) setForm(formOf(null));
      await client.invalidateQueries({ queryKey: MODES });
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }
  const set = <K extends keyof ModeForm>(key: K, value: ModeForm[K]) =>
    setForm((old) => ({ ...old, [key]: value }));
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(mode));
  useUnsaved(canEdit && dirty);
  const title = mode === null ? t("pbx.newMode") : modeName(t, mode.name);
  return (
    <form className={`panel mode-card${mode && !mode.active ? " mode-card--retired" : ""}`}
          onSubmit={submit} aria-label={title}>
      <h3>{title}{mode && !mode.active && <span className="chip"> {t("pbx.retired")}</span>}</h3>
      <Field label={t("pbx.modeName")} name="name" error={save.error}>
        {(control) => <input {...control} required maxLength={60} readOnly={!canEdit}
                             value={form.name} onChange={(event) => set("name", event.target.value)} />}
      </Field>
      <Field label={t("pbx.modeCode")} name="code" error={save.error}
             hint={form.code ? t("pbx.modeCodeHint", { code: form.code }) : t("pbx.modeCodeEmpty")}>
        {(control) => <input {...control} required inputMode="numeric" pattern="[0-9]{1,4}"
                             readOnly={!canEdit} value={form.code}
                             onChange={(event) => set("code", event.target.value)} />}
      </Field>
      <Field label={t("pbx.modeLimit")} name="limit_minutes" error={save.error}
             hint={mode === null ? t("pbx.modeLimitHint") : undefined}>
        {(control) => <input {...control} type="number" min={1} max={1440} readOnly={!canEdit}
                             value={form.limit} onChange={(event) => set("limit", event.target.value)} />}
      </Field>
      <label className="field field--check">
        <input type="checkbox" disabled={!canEdit} checked={form.available}
               onChange={(event) => set("available", event.target.checked)} />
        {t("pbx.modeTakesCalls")}
      </label>
      {mode !== null && (
        <label className="field field--check">
          <input type="checkbox" disabled={!canEdit} checked={form.active}
                 onChange={(event) => set("active", event.target.checked)} />
          {t("pbx.modeActive")}
        </label>
      )}
      <FormError error={save.error} fields={FIELDS} />
      {canEdit && (
        <div className="form-actions">
          <Button type="submit" variant={mode === null ? "primary" : "secondary"}
                  disabled={save.isPending || !dirty}>
            {mode === null ? t("pbx.createMode") : t("pbx.saveMode")}
          </Button>
          {save.isSuccess && !dirty && <span role="status">{t("pbx.saved")}</span>}
        </div>
      )}
    </form>
  );
}
