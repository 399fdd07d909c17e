// A failed request in the reader's language: the server's error code names a sentence in
// the catalogues (`errors.<code>`), its details fill it in; the server's English text is
// the fallback for codes the web app does not know yet.
import type { TFunction } from "i18next";
import { RequestFailed } from "./client";

export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof RequestFailed && error.body) {
    const key = `errors.${error.body.code}`;
    const params = error.body.details as Record<string, unknown>;
    const text = t(key, { ...params, defaultValue: "" });
    if (text) return text;
    return error.body.message;
  }
  if (error instanceof RequestFailed) return t("errors.http", { status: error.status });
  return error instanceof Error ? error.message : String(error);
}
