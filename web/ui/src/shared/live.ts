// The live board as the server streams it (/api/v1/live/events): a whole snapshot first,
// then each change. A dropped stream reconnects and starts again from a fresh snapshot, so
// nothing shown is older than the connection; while it is down the page says it is not live.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer } from "react";
import type { Schemas } from "./api/client";

export type LiveAgent = Schemas["LiveAgent"];
export type LiveQueue = Schemas["LiveQueue"];
export type LiveCall = Schemas["LiveCall"];
export type LiveBoard = Schemas["LiveBoard"];

export interface LiveState {
  board: LiveBoard | null;
  /** Connected and up to date; false while (re)connecting. */
  live: boolean;
}

type LiveEvent =
  | { type: "snapshot"; board: LiveBoard }
  | { type: "agent"; agent: LiveAgent }
  | { type: "queue"; queue: LiveQueue }
  | { type: "call"; call: LiveCall }
  | { type: "call_ended"; linkedid: string }
  | { type: "down" };

function upsert<T>(items: T[], item: T, same: (each: T) => boolean): T[] {
  const index = items.findIndex(same);
  if (index < 0) return [...items, item];
  const next = items.slice();
  next[index] = item;
  return next;
}

/** One stream event applied to the board. Pure. */
export function applyLive(state: LiveState, event: LiveEvent): LiveState {
  if (event.type === "snapshot") return { board: event.board, live: true };
  if (event.type === "down") return { ...state, live: false };
  const board = state.board;
  if (board === null) return state; // changes before the snapshot: it will include them
  switch (event.type) {
    case "agent":
      return { ...state, board: { ...board, agents: upsert(board.agents, event.agent,
        (each) => each.endpoint === event.agent.endpoint) } };
    case "queue":
      return { ...state, board: { ...board, queues: upsert(board.queues, event.queue,
        (each) => each.name === event.queue.name) } };
    case "call":
      return { ...state, board: { ...board, calls: upsert(board.calls, event.call,
        (each) => each.linkedid === event.call.linkedid) } };
    case "call_ended":
      return { ...state, board: { ...board, calls: board.calls.filter(
        (each) => each.linkedid !== event.linkedid) } };
  }
}

const RETRY_MS = [1000, 2000, 5000, 10000];

/** The live board, kept current by the stream (``enabled`` false: a rank without it). */
export function useLiveBoard(enabled = true): LiveState {
  const [state, dispatch] = useReducer(applyLive, { board: null, live: false });
  const queries = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let attempt = 0;
    let timer = 0;
    let stopped = false;
    const open = () => {
      source = new EventSource("/api/v1/live/events");
      const on = (name: string, handle: (data: never) => void) =>
        source?.addEventListener(name, (event) => {
          handle(JSON.parse((event as MessageEvent<string>).data) as never);
        });
      on("snapshot", (board: LiveBoard) => { attempt = 0; dispatch({ type: "snapshot", board }); });
      on("agent", ({ agent }: { agent: LiveAgent }) => dispatch({ type: "agent", agent }));
      on("queue", ({ queue }: { queue: LiveQueue }) => dispatch({ type: "queue", queue }));
      on("call", ({ call }: { call: LiveCall }) => dispatch({ type: "call", call }));
      on("call_ended",
         ({ linkedid }: { linkedid: string }) => dispatch({ type: "call_ended", linkedid }));
      // The session or token ended: the session probe tells the page why.
      on("ended", () => {
        stopped = true;
        source?.close();
        void queries.invalidateQueries({ queryKey: ["session"] });
      });
      source.onerror = () => {
        dispatch({ type: "down" });
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        // Refused or the server went away: try again, slower each time, and ask whether
        // we are still signed in (a refused stream may mean the session ended).
        void queries.invalidateQueries({ queryKey: ["session"] });
        const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 10000;
        attempt += 1;
        timer = window.setTimeout(open, wait);
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, [enabled, queries]);
  return state;
}
