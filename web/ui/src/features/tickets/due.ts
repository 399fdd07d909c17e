// A due time as it runs down: how long is left (or how long ago it passed), said in the
// reader's language, and whether it is near or past.

export type DueState = "overdue" | "soon" | "later";

/** Under this long left, a due time is "soon" (amber). */
const SOON_MS = 30 * 60_000;

export interface Due {
  state: DueState;
  text: string;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000]];

export function dueOf(iso: string | null | undefined, now: number, locale: string): Due | null {
  if (!iso) return null;
  const left = Date.parse(iso) - now;
  const size = Math.abs(left);
  const [unit, length] = UNITS.find(([, ms]) => size >= ms) ?? ["minute", 60_000];
  const amount = Math.round(left / length) || (left < 0 ? -1 : 1);
  const text = new Intl.RelativeTimeFormat(locale, { numeric: "always" }).format(amount, unit);
  return { state: left < 0 ? "overdue" : left < SOON_MS ? "soon" : "later", text };
}
