// Undo and redo over whole graphs: every settled change is a snapshot (a graph is small),
// so a step back restores exactly what was on the canvas, positions included.
import { useCallback, useRef, useState } from "react";
import type { Graph } from "./graph";

const LIMIT = 100;

export function useHistory(initial: Graph) {
  const past = useRef<string[]>([JSON.stringify(initial)]);
  const future = useRef<string[]>([]);
  // What the buttons show, kept in state: the stacks themselves live in refs.
  const [sizes, setSizes] = useState({ past: 1, future: 0 });
  const redraw = useCallback(() => {
    setSizes({ past: past.current.length, future: future.current.length });
  }, []);

  /** Remember the graph as it is now, unless it is what was remembered last. */
  const record = useCallback((graph: Graph) => {
    const text = JSON.stringify(graph);
    if (past.current[past.current.length - 1] === text) return;
    past.current = [...past.current.slice(-LIMIT), text];
    future.current = [];
    redraw();
  }, [redraw]);

  /** Back one step from ``now`` (remembered first if the pause to record it has not
   *  passed yet, so the newest change is never skipped). */
  const undo = useCallback((now: Graph): Graph | null => {
    record(now);
    if (past.current.length < 2) return null;
    future.current = [past.current[past.current.length - 1]!, ...future.current];
    past.current = past.current.slice(0, -1);
    redraw();
    return JSON.parse(past.current[past.current.length - 1]!) as Graph;
  }, [record, redraw]);

  const redo = useCallback((): Graph | null => {
    const [next, ...rest] = future.current;
    if (next === undefined) return null;
    future.current = rest;
    past.current = [...past.current, next];
    redraw();
    return JSON.parse(next) as Graph;
  }, [redraw]);

  return { record, undo, redo, canUndo: sizes.past > 1, canRedo: sizes.future > 0 };
}
