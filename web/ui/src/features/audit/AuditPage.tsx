import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { formatMoment } from "../../shared/i18n";
import { Button } from "../../shared/ui/Button";
import { Field } from "../../shared/ui/Field";
import "../../shared/ui/table.css";
import "./audit.css";

type Entry = Schemas["AuditEntry"];
const FAMILIES = ["", "route.", "pbx.", "work_mode.", "agent.", "user.", "settings.", "call."] as const;

/** Who changed or did what, and when: routes, the PBX, work modes, people, listening in. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const [family, setFamily] = useState<string>("");
  const [person, setPerson] = useState("");
  const [target, setTarget] = useState("");
  const [page, setPage] = useState(1);
  const users = useQuery({ queryKey: ["users"],
                           queryFn: async () => unwrap(await api.GET("/api/v1/users")) });
  const log = useQuery({
    queryKey: ["audit", family, person, target, page],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET("/api/v1/audit-log", { params: { query: {
      page, per_page: 50, ...(family ? { action: family } : {}),
      ...(person ? { user_id: Number(person) } : {}), ...(target.trim() ? { target: target.trim() } : {}),
    } } })),
  });
  const names = new Map((users.data ?? []).map((user) => [user.id, user.display_name || user.login]));
  const filter = (set: (value: string) => void) => (value: string) => { set(value); setPage(1); };
  return (
    <section aria-labelledby="audit-title" className="audit">
      <h1 id="audit-title">{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      <div className="audit__filters" role="search">
        <Field label={t("audit.what")} name="action" error={null}>
          {(control) => (
            <select {...control} value={family} onChange={(event) => filter(setFamily)(event.target.value)}>
              {FAMILIES.map((value) => (
                <option key={value} value={value}>{t(`audit.family.${value.replace(".", "") || "all"}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("audit.who")} name="user_id" error={null}>
          {(control) => (
            <select {...control} value={person} onChange={(event) => filter(setPerson)(event.target.value)}>
              <option value="">{t("audit.anyone")}</option>
              {(users.data ?? []).map((user) => (
                <option key={user.id} value={user.id}>{user.display_name || user.login}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("audit.target")} name="target" error={log.error}>
          {(control) => <input {...control} type="search" value={target} maxLength={100}
                               onChange={(event) => filter(setTarget)(event.target.value)} />}
        </Field>
      </div>
      {log.isPending ? <p role="status">{t("app.loading")}</p>
        : log.isError ? <p role="alert">{errorText(t, log.error)}</p>
          : log.data.items.length === 0 ? <p>{t("audit.none")}</p> : (
            <table className="table table--stack">
              <caption className="visually-hidden">{t("audit.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("audit.when")}</th>
                  <th scope="col">{t("audit.who")}</th>
                  <th scope="col">{t("audit.what")}</th>
                  <th scope="col">{t("audit.target")}</th>
                  <th scope="col">{t("audit.details")}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">{formatMoment(entry.at, i18n.language)}</th>
                    <td data-label={t("audit.who")}>
                      {entry.user_id === null ? t("audit.system") : names.get(entry.user_id) ?? "—"}
                    </td>
                    <td data-label={t("audit.what")}>
                      {t(`audit.action.${entry.action.replace(/\./g, "_")}`, { defaultValue: entry.action })}
                    </td>
                    <td data-label={t("audit.target")}>
                      {t(`audit.targets.${entry.target}`, { defaultValue: entry.target })}
                    </td>
                    <td data-label={t("audit.details")} className="audit__details">{details(t, entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      {log.data && (
        <div className="form-actions">
          <Button disabled={page === 1} onClick={() => setPage(page - 1)}>{t("audit.newer")}</Button>
          <Button disabled={!log.data.more} onClick={() => setPage(page + 1)}>{t("audit.older")}</Button>
        </div>
      )}
    </section>
  );
}

/** Keys whose values are ranks, shown by the rank's name. */
const RANK_KEYS = new Set(["rank", "ranks", "second_factor_ranks"]);

function details(t: TFunction, entry: Entry): string {
  const shown = (value: unknown, key: string): string => {
    if (typeof value === "string") {
      if (RANK_KEYS.has(key)) return t(`rank.${value}`, { defaultValue: value });
      if (key === "password") return t("audit.newPassword");
      return value;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return Object.entries(value).map(([inner, each]) =>
        `${t(`audit.keys.${inner}`, { defaultValue: inner })} ${shown(each, RANK_KEYS.has(key) ? key : inner)}`)
        .join(", ");
    }
    if (Array.isArray(value)) return value.length ? value.map((each) => shown(each, key)).join(", ") : "—";
    return JSON.stringify(value);
  };
  return Object.entries(entry.data)
    .filter(([key, value]) => key !== "route_id" && value !== null && value !== "")
    .map(([key, value]) => `${t(`audit.keys.${key}`, { defaultValue: key })}: ${shown(value, key)}`)
    .join(" · ");
}
