// The draft as the server keeps it: what is unsaved, saving (by hand and automatically, a
// moment after the last change), and guards that keep unsaved work from being left behind.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { useBlocker } from "react-router";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import type { Graph } from "./graph";

const AUTOSAVE_AFTER_MS = 1500;

export type SaveOutcome = "saved" | "conflict";

export interface Draft {
  /** The canvas differs from what the server has. */
  unsaved: boolean;
  saving: boolean;
  conflict: boolean;
  /** The saved draft is not what calls run (changed since publishing, or never published). */
  differs: boolean;
  revision: number;
  save: (revision?: number) => Promise<SaveOutcome>;
  /** After a publish or a rollback: the draft is what calls run. */
  markPublished: () => void;
  blocker: ReturnType<typeof useBlocker>;
}

export function useDraft(route: Schemas["Route"], graph: Graph, settled: boolean,
                         readOnly: boolean): Draft {
  const graphText = JSON.stringify(graph);
  const [savedText, setSavedText] = useState(graphText);
  const [revision, setRevision] = useState(route.revision);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [differs, setDiffers] = useState(route.draft_differs);
  const inFlight = useRef<Promise<SaveOutcome> | null>(null);
  const latest = useRef({ graph, graphText, revision });
  useLayoutEffect(() => { latest.current = { graph, graphText, revision }; },
                  [graph, graphText, revision]);
  const unsaved = !readOnly && graphText !== savedText;

  const save = useCallback(async (at?: number): Promise<SaveOutcome> => {
    if (inFlight.current) await inFlight.current; // one save at a time, in order
    const { graph: sent, graphText: sentText, revision: current } = latest.current;
    const run = (async (): Promise<SaveOutcome> => {
      setSaving(true);
      try {
        const result = await api.PUT("/api/v1/routes/{route_id}", {
          params: { path: { route_id: route.id } },
          body: { revision: at ?? current, graph: { ...sent } } });
        if (result.response.status === 409) {
          setConflict(true);
          return "conflict";
        }
        const saved = unwrap(result);
        latest.current.revision = saved.revision;
        setRevision(saved.revision);
        setSavedText(sentText);
        setDiffers(saved.draft_differs);
        setConflict(false);
        return "saved";
      } finally {
        setSaving(false);
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      if (inFlight.current === run) inFlight.current = null;
    }
  }, [route.id]);

  // Autosave: a moment after the last settled change, never while a conflict waits for
  // the person's choice (theirs or mine).
  useEffect(() => {
    if (!unsaved || !settled || conflict) return;
    const timer = window.setTimeout(() => { void save().catch(() => undefined); },
                                    AUTOSAVE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [graphText, unsaved, settled, conflict, save]);

  // Reloading or closing the tab with unsaved work asks first (the browser's own prompt).
  useEffect(() => {
    if (!unsaved && !saving) return;
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved, saving]);

  // Leaving for another page of the app: held while anything is unsaved.
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    (unsaved || saving) && currentLocation.pathname !== nextLocation.pathname);

  const markPublished = useCallback(() => { setDiffers(false); }, []);
  return { unsaved, saving, conflict, differs, revision, save, markPublished, blocker };
}

/** Leaving for another page: the draft is saved first and the page left; only when saving
 *  fails is the person asked (``ask``) whether to leave their changes behind. A deleted
 *  route (``gone``) has nothing left to save. */
export function useLeaveGuard(draft: Draft, gone: RefObject<boolean>, ask: () => void): void {
  const { blocker, save } = draft;
  const leaving = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked") {
      leaving.current = false;
      return;
    }
    if (leaving.current) return;
    leaving.current = true;
    if (gone.current) {
      blocker.proceed();
      return;
    }
    save().then((outcome) => {
      if (outcome === "saved") blocker.proceed();
      else ask();
    }, ask);
  }, [blocker, save, gone, ask]);
}
