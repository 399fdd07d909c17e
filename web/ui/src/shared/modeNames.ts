// Work modes by the names an admin gave them; a shipped one nobody renamed (still its
// English default) reads in the user's language.
import type { TFunction } from "i18next";

const SHIPPED: Record<string, string> = {
  "Logged out": "loggedOut", Ready: "ready", Break: "break", Lunch: "lunch",
  "Back office": "backOffice", "Missed calls": "missedCalls",
};

export function modeName(t: TFunction, name: string): string {
  const key = SHIPPED[name];
  return key ? t(`modes.${key}`) : name;
}
