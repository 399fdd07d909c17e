// The call the agent's own phone is ringing for, answered or just finished, as the desk's
// stream tells it (only this person's phones are ever told). One call at a time: a new
// one replaces the last; a call another agent took (missed here) goes away by itself.
import { useSyncExternalStore } from "react";

export type Phase = "ringing" | "answered" | "missed" | "finished";
export interface PhoneCall {
  linkedid: string;
  phase: Phase;
  caller: string;
  queue: string;
}

let current: PhoneCall | null = null;
const listeners = new Set<() => void>();

function tell(next: PhoneCall | null): void {
  current = next;
  for (const listener of listeners) listener();
}

export function phoneCallHeard(call: PhoneCall): void {
  if (call.phase === "missed") {
    if (current?.linkedid === call.linkedid) tell(null);
    return;
  }
  if (call.phase === "finished" && current?.linkedid !== call.linkedid) return;
  tell(call);
}

export function dismissPhoneCall(): void {
  tell(null);
}

export function usePhoneCall(): PhoneCall | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, () => current);
}

const PHASES: readonly Phase[] = ["ringing", "answered", "missed", "finished"];

/** The stream's ``call`` event, checked: anything else is ignored. */
export function phoneCallOf(data: string): PhoneCall | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== "object" || parsed === null) return null;
    const fields = parsed as Record<string, unknown>;
    const phase = PHASES.find((each) => each === fields.phase);
    if (phase === undefined || typeof fields.linkedid !== "string") return null;
    return { linkedid: fields.linkedid, phase,
             caller: typeof fields.caller === "string" ? fields.caller : "",
             queue: typeof fields.queue === "string" ? fields.queue : "" };
  } catch {
    return null;
  }
}
