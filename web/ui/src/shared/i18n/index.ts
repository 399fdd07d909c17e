// Every visible string comes from these catalogues (Polish and English, the same keys:
// a test compares them). The language is the user's choice, else the browser's.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import pl from "./pl.json";

export const LANGUAGES = ["en", "pl"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = "ringdesk.language";

export function preferredLanguage(): Language {
  const stored = window.localStorage.getItem(STORED);
  if (stored === "en" || stored === "pl") return stored;
  for (const tag of navigator.languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === "pl" || base === "en") return base;
  }
  return "en";
}

export function chooseLanguage(language: Language): void {
  window.localStorage.setItem(STORED, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export async function startI18n(): Promise<void> {
  const language = preferredLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, pl: { translation: pl } },
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

/** The browser's own locale when it speaks the chosen language ("en-GB" for "en": dates
 *  as a British reader writes them), else the language. */
export function localeOf(language: string): string {
  return navigator.languages.find((tag) => tag.toLowerCase().startsWith(language)) ?? language;
}

/** A date and time in the user's language and timezone. */
export function formatMoment(iso: string | null | undefined, language: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: "medium", timeStyle: "short" })
    .format(new Date(iso));
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A percentage with the reader's decimal sign ("22,2 %" in Polish); none is a dash. */
export function formatPercent(value: number | null | undefined, language: string): string {
  return value === null || value === undefined ? "—" : `${formatNumber(value, language)} %`;
}
