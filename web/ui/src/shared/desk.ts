// The desk's event stream (GET /api/v1/desk/events): told that tickets moved or that a
// notification came, the lists and counters on screen are asked for again — no polling,
// and nothing on the stream itself but the nudge. And the agent's own phone: a call
// ringing, answered or over (the screen pop).
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { phoneCallHeard, phoneCallOf } from "./phoneCall";
import { presenceHeard } from "./presence";

export function useDeskEvents(enabled: boolean): void {
  const queries = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource("/api/v1/desk/events");
    let opened = false;
    const tickets = () => {
      void queries.invalidateQueries({ queryKey: ["tickets"] });
      void queries.invalidateQueries({ queryKey: ["ticket"] });
    };
    // A reconnect may have missed changes: ask again as if told.
    source.addEventListener("hello", () => {
      if (opened) tickets();
      opened = true;
    });
    source.addEventListener("tickets", tickets);
    source.addEventListener("notifications", () => {
      void queries.invalidateQueries({ queryKey: ["notifications"] });
    });
    source.addEventListener("call", (event: MessageEvent<string>) => {
      const call = phoneCallOf(event.data);
      if (call !== null) phoneCallHeard(call);
    });
    source.addEventListener("presence", (event: MessageEvent<string>) => {
      presenceHeard(event.data);
    });
    source.addEventListener("ended", () => {
      source.close();
      void queries.invalidateQueries({ queryKey: ["session"] });
    });
    return () => { source.close(); };
  }, [enabled, queries]);
}
