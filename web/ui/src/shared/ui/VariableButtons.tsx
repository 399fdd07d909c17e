// The ticket's facts a canned reply or a signature may name ({{customer.name}}...), as
// buttons that put one where the cursor is in its text field.
import { useTranslation } from "react-i18next";
import { Button } from "./Button";

export const VARIABLES = ["customer.name", "customer.company", "ticket.number",
                          "ticket.subject", "agent.name", "queue.name"] as const;

/** Puts ``{{name}}`` into ``field`` at its cursor and hands back the new text. */
export function withVariable(field: HTMLTextAreaElement | null, text: string, name: string): string {
  const at = field?.selectionStart ?? text.length;
  const end = field?.selectionEnd ?? text.length;
  field?.focus();
  return `${text.slice(0, at)}{{${name}}}${text.slice(end)}`;
}

export function VariableButtons({ onInsert }: { onInsert: (name: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="variables" role="group" aria-label={t("canned.variables")}>
      {VARIABLES.map((name) => (
        <Button key={name} onClick={() => onInsert(name)}>{t(`canned.variable.${name}`)}</Button>
      ))}
    </div>
  );
}
