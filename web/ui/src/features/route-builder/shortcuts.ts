import { useEffect } from "react";

export interface Shortcuts {
  save?: () => void;
  find: () => void;
  undo?: () => void;
  redo?: () => void;
  copy?: () => void;
  paste?: () => void;
}

/** The builder's keys: Ctrl+S, Ctrl+F anywhere; Ctrl+Z, Ctrl+Shift+Z (Ctrl+Y), Ctrl+C and
 *  Ctrl+V on the canvas (in a form field they keep their usual meaning). A handler left
 *  out (read-only) leaves its key alone. */
export function useShortcuts(handlers: Shortcuts): void {
  useEffect(() => {
    function keys(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey)) return;
      const typing = event.target instanceof HTMLElement &&
        ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
      const key = event.key.toLowerCase();
      const chosen = key === "s" ? handlers.save
        : key === "f" ? handlers.find
        : typing ? undefined
        : key === "z" && !event.shiftKey ? handlers.undo
        : (key === "z" && event.shiftKey) || key === "y" ? handlers.redo
        : key === "c" ? handlers.copy
        : key === "v" ? handlers.paste : undefined;
      if (!chosen) return;
      if (key !== "c") event.preventDefault();  // copying leaves the browser's copy be
      chosen();
    }
    window.addEventListener("keydown", keys);
    return () => window.removeEventListener("keydown", keys);
  });
}
