// Editors for parameters that refer to things outside the graph: sounds (listen, upload),
// caller lists, holiday periods and national holiday calendars.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorText } from "../../shared/api/errors";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { SOUND_PREFIX, soundTitle } from "../../shared/reasons";

type Common = Record<string, unknown>;

/** "Welcome Message (v2).mp3" -> "welcome-message-v2": a name the server accepts. */
export function soundNameOf(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^[-_]+|-+$/g, "").slice(0, 64);
}

/** Choose a sound, listen to it, or upload a new one (mp3, wav...; the server converts). */

export function SoundPicker({ common, value, sounds, onChange }: {
  common: Common; value: unknown; sounds: string[]; onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ids = { file: useId(), name: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const chosen = typeof value === "string" ? value : "";
  const upload = useMutation({
    mutationFn: async ({ file, name }: { file: File; name: string }) => unwrap(
      await api.POST("/api/v1/sounds", {
        body: { name, file: file.name },
        // The typed body names the fields; what travels is the form with the file itself.
        bodySerializer: () => {
          const form = new FormData();
          form.append("name", name);
          form.append("file", file);
          return form;
        },
      })),
    onSuccess: async (sound) => {
      await client.invalidateQueries({ queryKey: ["sounds"] });
      setFile(null);
      setName("");
      onChange(sound.name);
    },
  });
  return (
    <div className="sound-picker">
      <select {...common} value={chosen}
              onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{t("builder.choose")}</option>
        {sounds.map((sound) => <option key={sound} value={sound}>{soundTitle(sound, t)}</option>)}
      </select>
      {chosen.startsWith(SOUND_PREFIX) && sounds.includes(chosen) && (
        <audio controls preload="none"
               aria-label={t("sounds.listen", { name: soundTitle(chosen, t) })}
               src={`/api/v1/sounds/${encodeURIComponent(chosen.slice(SOUND_PREFIX.length))}`} />
      )}
      <details className="sound-picker__upload">
        <summary>{t("sounds.upload")}</summary>
        <label htmlFor={ids.file}>{t("sounds.file")}</label>
        <input id={ids.file} type="file" accept="audio/*,.mp3,.wav,.ogg,.flac,.m4a"
               onChange={(event) => {
                 const picked = event.target.files?.[0] ?? null;
                 setFile(picked);
                 if (picked && !name) setName(soundNameOf(picked.name));
               }} />
        <label htmlFor={ids.name}>{t("sounds.name")}</label>
        <input id={ids.name} value={name} pattern="[a-z0-9][a-z0-9_\-]{0,63}"
               onChange={(event) => setName(event.target.value)} />
        <button type="button" disabled={!file || !name || upload.isPending}
                onClick={() => file && upload.mutate({ file, name })}>
          {upload.isPending ? t("sounds.uploading") : t("sounds.send")}
        </button>
        {upload.isError && (
          <small role="alert" className="problem">{errorText(t, upload.error)}</small>
        )}
        {upload.isSuccess && <small role="status">{t("sounds.uploaded",
                                                      { name: soundTitle(upload.data.name, t) })}</small>}
      </details>
    </div>
  );
}

/** The caller lists a VIP node looks callers up in, ticked from those that exist. */
export function CallerListsPicker({ label, required, value, lists, problem, onChange }: {
  label: string; required: boolean; value: unknown; lists: string[];
  problem: string | undefined; onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const chosen = Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
  const shown = [...lists, ...chosen.filter((name) => !lists.includes(name))];
  return (
    <fieldset className="param" aria-describedby={problem ? `${id}-problem` : undefined}>
      <legend>{label}{required ? " *" : ""}</legend>
      {shown.map((name) => (
        <label key={name} className="check">
          <input type="checkbox" checked={chosen.includes(name)}
                 onChange={(event) => {
                   const next = event.target.checked ? [...chosen, name]
                     : chosen.filter((item) => item !== name);
                   onChange(next.length ? next : undefined);
                 }} />
          {name}
        </label>
      ))}
      {shown.length === 0 && <small>{t("callerLists.none")}</small>}
      <Link to="/caller-lists" target="_blank">{t("callerLists.manage")}</Link>
      {problem && <small id={`${id}-problem`} className="problem">{problem}</small>}
    </fieldset>
  );
}

interface Period { name?: unknown; from?: unknown; to?: unknown; from_time?: unknown;
                   to_time?: unknown }
const PERIOD_FIELDS = ["name", "from", "to", "from_time", "to_time"] as const;

/** Named date periods: DD.MM every year or DD.MM.YYYY once, with optional times. */
export function DatePeriods({ label, value, problem, onChange }: {
  label: string; value: unknown; problem: string | undefined; onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const periods: Period[] = Array.isArray(value)
    ? value.map((item) => (item && typeof item === "object" ? item as Period : {})) : [];
  function change(index: number, field: (typeof PERIOD_FIELDS)[number], text: string) {
    const next = periods.map((period, at) => {
      if (at !== index) return period;
      const changed: Record<string, unknown> = { ...period, [field]: text };
      if (text === "" && field.endsWith("_time")) delete changed[field];
      return changed;
    });
    onChange(next);
  }
  return (
    <fieldset className="param periods" aria-describedby={problem ? `${id}-problem` : undefined}>
      <legend>{label}</legend>
      <small>{t("periods.help")}</small>
      {periods.map((period, index) => (
        <div key={index} className="periods__row" role="group"
             aria-label={t("periods.period", { number: index + 1 })}>
          {PERIOD_FIELDS.map((field) => (
            <label key={field} className={`periods__${field}`}>
              <span>{t(`periods.${field}`)}</span>
              <input type="text" value={typeof period[field] === "string" ? period[field] : ""}
                     placeholder={t(`periods.${field}Example`)}
                     onChange={(event) => change(index, field, event.target.value)} />
            </label>
          ))}
          <button type="button" className="secondary"
                  aria-label={t("periods.remove", { number: index + 1 })}
                  onClick={() => {
                    const next = periods.filter((_, at) => at !== index);
                    onChange(next.length ? next : undefined);
                  }}>×</button>
        </div>
      ))}
      <button type="button" className="secondary"
              onClick={() => onChange([...periods, { name: "", from: "", to: "" }])}>
        {t("periods.add")}
      </button>
      {problem && <small id={`${id}-problem`} className="problem">{problem}</small>}
    </fieldset>
  );
}

export function useHolidayCountries() {
  return useQuery({ queryKey: ["holiday-countries"], staleTime: Infinity,
                    queryFn: async () => unwrap(await api.GET("/api/v1/holiday-calendars")) });
}

/** A country with a public-holiday calendar, named in the user's language. */
export function HolidayCountry({ common, value, codes, onChange }: {
  common: Common; value: unknown; codes: string[]; onChange: (value: unknown) => void;
}) {
  const { t, i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.language], { type: "region" });
  const nameOf = (code: string) => {
    try {
      return names.of(code) ?? code;
    } catch {
      return code; // a code the browser's region names lack
    }
  };
  const sorted = codes.map((code) => ({ code, name: nameOf(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  return (
    <select {...common} value={typeof value === "string" ? value : ""}
            onChange={(event) => onChange(event.target.value || undefined)}>
      <option value="">{t("periods.noCountry")}</option>
      {sorted.map(({ code, name }) => <option key={code} value={code}>{name} ({code})</option>)}
    </select>
  );
}

/** A region of the chosen country, and the days its calendar holds this year. */
export function HolidayRegion({ common, value, country, onChange }: {
  common: Common; value: unknown; country: string | null; onChange: (value: unknown) => void;
}) {
  const { t, i18n } = useTranslation();
  const countries = useHolidayCountries();
  const regions = countries.data?.find((item) => item.country === country)?.regions ?? [];
  const region = typeof value === "string" ? value : "";
  const year = new Date().getFullYear();
  const calendar = useQuery({
    queryKey: ["holiday-calendar", country, region, year, i18n.language],
    enabled: country !== null,
    staleTime: Infinity,
    queryFn: async () => unwrap(await api.GET("/api/v1/holiday-calendars/{country}", {
      params: { path: { country: country ?? "" },
                query: { year, region: region || undefined, language: i18n.language } } })),
  });
  const format = new Intl.DateTimeFormat(i18n.language, { day: "numeric", month: "long",
                                                          weekday: "short", timeZone: "UTC" });
  return (
    <>
      <select {...common} value={region} disabled={country === null || regions.length === 0}
              onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{t("periods.wholeCountry")}</option>
        {regions.map(({ code, name }) => (
          <option key={code} value={code}>{name === code ? code : `${name} (${code})`}</option>
        ))}
      </select>
      {calendar.data && (
        <details className="holidays">
          <summary>{t("periods.holidaysIn", { count: calendar.data.holidays.length, year })}</summary>
          <ul>
            {calendar.data.holidays.map((day) => (
              <li key={day.date}>
                <time dateTime={day.date}>{format.format(new Date(day.date))}</time> {day.name}
              </li>
            ))}
          </ul>
        </details>
      )}
      {calendar.isError && <small role="alert" className="problem">{calendar.error.message}</small>}
    </>
  );
}
