import * as Radix from "@radix-ui/react-toast";
import { X } from "lucide-react";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import "./ui.css";

type Tone = "ok" | "error";
interface Shown { id: number; text: string; tone: Tone }
type Notify = (text: string, tone?: Tone) => void;

const Toasts = createContext<Notify>(() => undefined);

/** Results of actions that finish out of sight (published, detached, deleted) as toasts:
 *  announced to screen readers, closed by their button or by swiping, gone after a while. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Shown[]>([]);
  const notify = useCallback<Notify>((text, tone = "ok") => {
    setShown((current) => [...current.slice(-2), { id: Date.now() + Math.random(), text, tone }]);
  }, []);
  return (
    <Toasts.Provider value={notify}>
      <Radix.Provider duration={6000} label={t("common.notifications")}>
        {children}
        {shown.map((toast) => (
          <Radix.Root key={toast.id} className={`toast toast--${toast.tone}`}
                      type={toast.tone === "error" ? "foreground" : "background"}
                      onOpenChange={(open) => {
                        if (!open) setShown((current) => current.filter((item) => item !== toast));
                      }}>
            <Radix.Description asChild><p>{toast.text}</p></Radix.Description>
            <Radix.Close className="btn btn--ghost btn--icon" aria-label={t("common.close")}>
              <X size={16} aria-hidden="true" />
            </Radix.Close>
          </Radix.Root>
        ))}
        <Radix.Viewport className="toasts" />
      </Radix.Provider>
    </Toasts.Provider>
  );
}

export function useToast(): Notify {
  return useContext(Toasts);
}
