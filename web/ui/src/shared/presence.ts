// Who else is on a ticket and writing on it. This desk says it is on a ticket every few
// seconds (and when it starts or stops writing, and when it leaves); the desk's stream
// tells everyone on that ticket who is there (shared/desk.ts feeds this store).
import { useEffect, useRef, useSyncExternalStore } from "react";
import { api } from "./api/client";

export interface OnTicket { user_id: number; name: string; writing: boolean }

const HEARTBEAT_MS = 10_000;
const people = new Map<number, OnTicket[]>();
const listeners = new Set<() => void>();
const NOBODY: OnTicket[] = [];

export function presenceHeard(data: string): void {
  try {
    const parsed = JSON.parse(data) as { ticket_id?: unknown; people?: unknown };
    if (typeof parsed.ticket_id !== "number" || !Array.isArray(parsed.people)) return;
    people.set(parsed.ticket_id, (parsed.people as unknown[]).filter(
      (each): each is OnTicket => typeof each === "object" && each !== null
        && typeof (each as OnTicket).user_id === "number"
        && typeof (each as OnTicket).name === "string"));
    for (const listener of listeners) listener();
  } catch {
    // not ours to show
  }
}

/** The others on the ticket (not me), as the stream last said. */
export function useOthersOn(ticketId: number, me: number | null): OnTicket[] {
  const all = useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, () => people.get(ticketId) ?? NOBODY);
  return all.filter((each) => each.user_id !== me);
}

function say(ticketId: number, present: boolean, writing: boolean): void {
  void api.PUT("/api/v1/tickets/{ticket_id}/presence", {
    params: { path: { ticket_id: ticketId } }, body: { present, writing },
    keepalive: !present }).catch(() => undefined);
}

/** Says this desk is on the ticket while the page is open, and whether it is writing. */
export function useBeOn(ticketId: number, writing: boolean): void {
  const writingNow = useRef(writing);
  useEffect(() => {
    if (!Number.isInteger(ticketId)) return;
    say(ticketId, true, writingNow.current);
    const beat = window.setInterval(() => say(ticketId, true, writingNow.current), HEARTBEAT_MS);
    return () => {
      window.clearInterval(beat);
      say(ticketId, false, false);
    };
  }, [ticketId]);
  useEffect(() => {
    if (writingNow.current === writing) return;
    writingNow.current = writing;
    if (Number.isInteger(ticketId)) say(ticketId, true, writing);
  }, [ticketId, writing]);
}
