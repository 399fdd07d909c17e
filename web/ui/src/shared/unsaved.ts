// Forms say whether they hold unsaved changes; the shell holds the way out while any does
// (shared/ui/LeaveGuard.tsx): one guard for the whole app, as the router allows one.
import { createContext, useContext, useEffect, useId } from "react";

export type MarkUnsaved = (form: string, dirty: boolean) => void;

export const UnsavedContext = createContext<MarkUnsaved>(() => undefined);

/** This form's unsaved changes keep the person from leaving without being asked. */
export function useUnsaved(dirty: boolean): void {
  const mark = useContext(UnsavedContext);
  const form = useId();
  useEffect(() => {
    mark(form, dirty);
    return () => { mark(form, false); };
  }, [mark, form, dirty]);
}
