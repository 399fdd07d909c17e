// Publishing: what will happen to calls, a note for the history, and the result. Refused
// publishes close the dialog and bring the problems into view.
import { Send } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";

export function PublishButton({ next, numbers, disabled, onPublish }: {
  /** The number the new version will have. */
  next: number;
  numbers: string[];
  disabled: boolean;
  /** Publishes with the note; throws with a message to keep the dialog open. */
  onPublish: (note: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const noteId = useId();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  return (
    <>
      <Button variant="primary" icon={Send} disabled={disabled}
              onClick={() => setOpen(true)}>{t("builder.publish")}</Button>
      <Confirm open={open} onOpenChange={setOpen}
               title={t("builder.publishTitle", { version: next })}
               description={<>
                 <p>{t("builder.publishWhat", { version: next })}</p>
                 <p>{numbers.length > 0
                   ? t("builder.publishNumbers", { numbers: numbers.join(", "),
                                                   count: numbers.length })
                   : t("builder.publishNoNumbers")}</p>
               </>}
               confirmLabel={t("builder.publishConfirm", { version: next })}
               onConfirm={async () => {
                 await onPublish(note);
                 setNote("");
               }}>
        <label htmlFor={noteId}>{t("builder.publishNote")}</label>
        <textarea id={noteId} rows={3} maxLength={500} value={note}
                  placeholder={t("builder.publishNoteHint")}
                  onChange={(event) => setNote(event.target.value)} />
      </Confirm>
    </>
  );
}
