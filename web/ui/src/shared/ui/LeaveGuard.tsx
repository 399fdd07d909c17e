// A form with unsaved changes holds the way out: another page of the app asks first, and
// reloading or closing the tab gets the browser's own question.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker } from "react-router";
import { UnsavedContext } from "../unsaved";
import { Confirm } from "./Dialog";

export function UnsavedProvider({ children }: { children: ReactNode }) {
  const [dirty, setDirty] = useState<ReadonlySet<string>>(() => new Set());
  const mark = useCallback((form: string, on: boolean) => {
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
      {dirty.size > 0 && <LeaveGuard />}
    </UnsavedContext.Provider>
  );
}

function LeaveGuard() {
  const { t } = useTranslation();
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);
  return (
    <Confirm open={blocker.state === "blocked"} tone="danger"
             onOpenChange={(open) => { if (!open && blocker.state === "blocked") blocker.reset(); }}
             title={t("form.leaveTitle")} description={t("form.leaveWhat")}
             confirmLabel={t("form.leaveConfirm")}
             onConfirm={() => { if (blocker.state === "blocked") blocker.proceed(); }} />
  );
}
