import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button, type ButtonVariant } from "./Button";
import "./ui.css";

interface ConfirmProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** What will happen, in a sentence a person reads before deciding. */
  description: ReactNode;
  confirmLabel: string;
  tone?: Extract<ButtonVariant, "primary" | "danger">;
  /** Runs on confirm; the dialog stays open (and says why) if it throws. */
  onConfirm: () => Promise<void> | void;
  /** Fields the decision needs (a version note, say). */
  children?: ReactNode;
}

/** A confirmation for what changes live calls or cannot be undone: it says what will
 *  happen, keeps focus inside, closes on Escape or Cancel, and stays open while the action
 *  runs. */
export function Confirm({ open, onOpenChange, title, description, confirmLabel,
                          tone = "primary", onConfirm, children }: ConfirmProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => { if (!busy) onOpenChange(next); }}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog__overlay" />
        <AlertDialog.Content className="dialog">
          <AlertDialog.Title asChild><h2>{title}</h2></AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="dialog__text">{description}</div>
          </AlertDialog.Description>
          {children && <div className="dialog__body">{children}</div>}
          {error && <p role="alert" className="dialog__error">{error}</p>}
          <div className="dialog__actions">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary" disabled={busy}>{t("common.cancel")}</Button>
            </AlertDialog.Cancel>
            <Button variant={tone} disabled={busy} aria-busy={busy}
                    onClick={() => void run()}>{confirmLabel}</Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
