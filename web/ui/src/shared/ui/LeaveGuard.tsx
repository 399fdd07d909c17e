// A form with unsaved changes holds the way out: another page of the app asks first, and
// reloading or closing the tab gets the browser's own question.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker } from "react-router";
import { UnsavedContext } from "../unsaved";
import { Confirm } from "./Dialog";

export function UnsavedProvider({ children }: { children: ReactNode }) {
  const [dirty, setDirty] = useState<ReadonlySet<string>>(() => new Set());
  // What the way out asks about, as it is right now: a form saved and then left in one go
  // (saving, then opening what was saved) is not held by a render that has not happened.
  const unsaved = useRef(new Set<string>());
  const mark = useCallback((form: string, on: boolean) => {
    if (on) unsaved.current.add(form); else unsaved.current.delete(form);
    setDirty((old) => {
      if (old.has(form) === on) return old;
      const next = new Set(old);
      if (on) next.add(form); else next.delete(form);
      return next;
    });
  }, []);
  return (
    <UnsavedContext.Provider value={mark}>
      {children}
      <LeaveGuard held={() => unsaved.current.size > 0} warnOnUnload={dirty.size > 0} />
    </UnsavedContext.Provider>
  );
}

function LeaveGuard({ held, warnOnUnload }: { held: () => boolean; warnOnUnload: boolean }) {
  const { t } = useTranslation();
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    currentLocation.pathname !== nextLocation.pathname && held());
  useEffect(() => {
    if (!warnOnUnload) return;
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [warnOnUnload]);
  return (
    <Confirm open={blocker.state === "blocked"} tone="danger"
             onOpenChange={(open) => { if (!open && blocker.state === "blocked") blocker.reset(); }}
             title={t("form.leaveTitle")} description={t("form.leaveWhat")}
             confirmLabel={t("form.leaveConfirm")}
             onConfirm={() => { if (blocker.state === "blocked") blocker.proceed(); }} />
  );
}
