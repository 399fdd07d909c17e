// A report's period from a preset, as days (inclusive) in the browser's calendar. Pure.
export const PRESETS = ["today", "yesterday", "thisWeek", "last7", "last30", "thisMonth",
                        "custom"] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  from: string;
  to: string;
}

function day(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

function plusDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

export function periodOf(preset: Preset, now: Date): Period {
  switch (preset) {
    case "today":
      return { from: day(now), to: day(now) };
    case "yesterday":
      return { from: day(plusDays(now, -1)), to: day(plusDays(now, -1)) };
    case "thisWeek":  // Monday first, as in Poland and Czechia
      return { from: day(plusDays(now, -((now.getDay() + 6) % 7))), to: day(now) };
    case "last30":
      return { from: day(plusDays(now, -29)), to: day(now) };
    case "thisMonth":
      return { from: day(new Date(now.getFullYear(), now.getMonth(), 1)), to: day(now) };
    case "last7":
    case "custom":
      return { from: day(plusDays(now, -6)), to: day(now) };
  }
}
