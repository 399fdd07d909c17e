// Why a call went where it did, in the reader's language: the engine sends a key with facts
// (ids, local times, keys pressed) and this names them as people do (a sound's title, the
// agent's name, the node's label). A key the catalogue lacks (a plugin's own text) is told
// as the server wrote it. Pure, apart from the translation function.
import type { TFunction } from "i18next";

export const SOUND_PREFIX = "ringdesk/";

/** A sound as people read it: the shipped prompts have titles in the catalogues, an
 *  uploaded one reads as its name with spaces ("opening-hours" → "Opening hours"). */
export function soundTitle(name: string, t: TFunction): string {
  const short = name.startsWith(SOUND_PREFIX) ? name.slice(SOUND_PREFIX.length) : name;
  const words = short.replace(/[_-]+/g, " ").trim();
  return t(`sounds.titles.${short}`, { defaultValue: words.charAt(0).toUpperCase() + words.slice(1) });
}

export interface ReasonNames {
  sound: (name: string) => string;
  queue: (name: string) => string;
  agent: (endpoint: string) => string;
  node: (id: string) => string;
  port: (node: string, port: string) => string;
}

interface Told {
  why: string;
  facts: Record<string, unknown>;
  reason: string;
}

export function tellReason(t: TFunction, language: string, told: Told,
                           names: ReasonNames): string {
  const facts = told.facts;
  const text = (key: string) => (typeof facts[key] === "string" ? facts[key] : "");
  const shown: Record<string, unknown> = { ...facts };
  if (facts["sound"] !== undefined) shown["sound"] = names.sound(text("sound"));
  if (facts["queue"] !== undefined) shown["queue"] = names.queue(text("queue"));
  if (facts["agent"] !== undefined) shown["agent"] = names.agent(text("agent"));
  if (facts["node"] !== undefined) {
    shown["port"] = names.port(text("node"), text("port"));
    shown["node"] = names.node(text("node"));
  }
  if (facts["weekday"] !== undefined) shown["weekday"] = weekdayName(text("weekday"), language);
  if (Array.isArray(facts["attempts"])) {
    const attempts = facts["attempts"] as { key?: string; choice?: string }[];
    shown["attempts"] = attempts.map((attempt) => !attempt.key
      ? t("reasons.attempt.nothing")
      : attempt.choice
        ? t("reasons.attempt.chose", { key: attempt.key, choice: attempt.choice })
        : t("reasons.attempt.wrong", { key: attempt.key }))
      .join(t("reasons.attempt.then"));
    shown["attempt"] = attempts.length;
  }
  if (facts["decided"] !== undefined) shown["decided"] = t(`reasons.decided.${text("decided")}`);
  if (facts["caller"] !== undefined && !text("caller")) shown["caller"] = t("reasons.anonymous");
  return t(`reasons.${told.why}`, { ...shown, defaultValue: told.reason,
                                    interpolation: { escapeValue: false } });
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function weekdayName(day: string, language: string): string {
  const index = WEEKDAYS.indexOf(day);
  if (index < 0) return day;
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(language, { weekday: "long", timeZone: "UTC" })
    .format(new Date(Date.UTC(2024, 0, 1 + index)));
}
