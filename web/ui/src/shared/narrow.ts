import { useSyncExternalStore } from "react";

const PHONE = "(max-width: 700px)";

/** A phone-sized screen: editors that need a pointer and room open for reading only. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore((changed) => {
    const query = window.matchMedia(PHONE);
    query.addEventListener("change", changed);
    return () => query.removeEventListener("change", changed);
  }, () => window.matchMedia(PHONE).matches);
}
