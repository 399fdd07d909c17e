// The live board as the server streams it (/api/v1/live/events): a whole snapshot first,
// then each change. A dropped stream reconnects and starts again from a fresh snapshot, so
// nothing shown is older than the connection; while it is down the page says it is not live.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer, useState } from "react";
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

type Handle = (name: string, data: unknown) => void;

/** The stream's events as they come; a wall screen's token goes in a header, which
 *  EventSource cannot send, so it reads the stream with fetch. Resolves when it ends. */
async function readStream(token: string, handle: Handle, signal: AbortSignal): Promise<void> {
  const answer = await fetch("/api/v1/live/events", {
    headers: { Authorization: `Bearer ${token}` }, signal, cache: "no-store" });
  if (!answer.ok || !answer.body) throw new Error(String(answer.status));
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name && data) handle(name, JSON.parse(data));
      end = buffer.indexOf("\n\n");
    }
  }
}

/** The live board, kept current by the stream (``enabled`` false: a rank without it). A
 *  wall screen passes its token; ``ended`` then says the token no longer works. */
export function useLiveBoard(enabled = true, token?: string): LiveState & { ended: boolean } {
  const [state, dispatch] = useReducer(applyLive, { board: null, live: false });
  const [ended, setEnded] = useState(false);
  const queries = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let attempt = 0;
    let timer = 0;
    let stopped = false;
    const handle: Handle = (name, data) => {
      switch (name) {
        case "snapshot":
          attempt = 0;
          dispatch({ type: "snapshot", board: data as LiveBoard });
          return;
        case "agent": dispatch({ type: "agent", agent: (data as { agent: LiveAgent }).agent });
          return;
        case "queue": dispatch({ type: "queue", queue: (data as { queue: LiveQueue }).queue });
          return;
        case "call": dispatch({ type: "call", call: (data as { call: LiveCall }).call });
          return;
        case "call_ended":
          dispatch({ type: "call_ended", linkedid: (data as { linkedid: string }).linkedid });
          return;
        case "ended":  // the session or token ended: say so, do not knock again
          stopped = true;
          setEnded(true);
          void queries.invalidateQueries({ queryKey: ["session"] });
      }
    };
    const retry = () => {
      dispatch({ type: "down" });
      if (stopped) return;
      // Refused or the server went away: try again, slower each time, and ask whether
      // we are still signed in (a refused stream may mean the session ended).
      if (!token) void queries.invalidateQueries({ queryKey: ["session"] });
      const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 10000;
      attempt += 1;
      timer = window.setTimeout(open, wait);
    };
    let close: () => void = () => undefined;
    const open = () => {
      if (token) {
        const abort = new AbortController();
        close = () => abort.abort();
        readStream(token, handle, abort.signal).then(retry, (failure: unknown) => {
          if (failure instanceof Error && /^(401|403)$/.test(failure.message)) {
            stopped = true;
            setEnded(true);
          }
          if (!abort.signal.aborted) retry();
        });
        return;
      }
      const source = new EventSource("/api/v1/live/events");
      close = () => source.close();
      for (const name of ["snapshot", "agent", "queue", "call", "call_ended", "ended"]) {
        source.addEventListener(name, (event) => {
          handle(name, JSON.parse((event as MessageEvent<string>).data));
          if (name === "ended") source.close();
        });
      }
      source.onerror = () => {
        dispatch({ type: "down" });
        if (source.readyState === EventSource.CLOSED) retry();
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      close();
    };
  }, [enabled, token, queries]);
  return { ...state, ended };
}
