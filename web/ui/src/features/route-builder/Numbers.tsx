// The numbers leading to the route: attach one (warned when the route was never published,
// so its callers would find nothing to run) and detach one (confirmed: its callers stop
// reaching the route at once). Results are said with the number as stored (E.164).
import { Phone, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, expectDone, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import { useToast } from "../../shared/ui/Toast";

export function Numbers({ routeId, routeName, numbers, setNumbers, published, readOnly }: {
  routeId: number;
  routeName: string;
  numbers: string[];
  setNumbers: (change: (current: string[]) => string[]) => void;
  /** The route has a published version calls can run. */
  published: boolean;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const notify = useToast();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [warnUnpublished, setWarnUnpublished] = useState(false);
  const [detaching, setDetaching] = useState<string | null>(null);

  async function attach() {
    setError(null);
    try {
      const attached = unwrap(await api.POST("/api/v1/routes/{route_id}/numbers", {
        params: { path: { route_id: routeId } }, body: { number: typed } }));
      setNumbers((current) => [...current.filter((item) => item !== attached.number),
                               attached.number].sort());
      notify(t("builder.attached", { number: attached.number }));
      setTyped("");
    } catch (failure) {
      setError(errorText(t, failure));
    }
  }

  async function detach(number: string) {
    expectDone(await api.DELETE("/api/v1/routes/{route_id}/numbers/{number}", {
      params: { path: { route_id: routeId, number } } }));
    setNumbers((current) => current.filter((item) => item !== number));
    notify(t("builder.detached", { number }));
  }

  return (
    <section className="numbers" aria-label={t("builder.numbers")}>
      <Phone size={16} aria-hidden="true" className="muted" />
      {numbers.length === 0 && <span className="muted">{t("builder.noNumbers")}</span>}
      <ul>
        {numbers.map((number) => (
          <li key={number} className="numbers__chip">
            <span>{number}</span>
            {!readOnly && (
              <Button variant="ghost" iconOnly icon={X} className="numbers__detach"
                      aria-label={t("builder.detach", { number })}
                      title={t("builder.detach", { number })}
                      onClick={() => setDetaching(number)} />
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form className="numbers__attach" onSubmit={(event) => {
          event.preventDefault();
          if (!typed.trim()) return;
          if (published) void attach();
          else setWarnUnpublished(true);
        }}>
          <label>
            <span className="visually-hidden">{t("builder.number")}</span>
            <input value={typed} onChange={(event) => setTyped(event.target.value)}
                   inputMode="tel" autoComplete="off" placeholder={t("builder.numberHint")}
                   aria-invalid={error !== null} />
          </label>
          <Button type="submit" variant="secondary" disabled={!typed.trim()}>
            {t("builder.attach")}
          </Button>
          {error && <p role="alert" className="numbers__error">{error}</p>}
        </form>
      )}
      <Confirm open={warnUnpublished} onOpenChange={setWarnUnpublished}
               title={t("builder.attachUnpublishedTitle")}
               description={t("builder.attachUnpublished", { route: routeName })}
               confirmLabel={t("builder.attachAnyway")} onConfirm={attach} />
      <Confirm open={detaching !== null} onOpenChange={(open) => { if (!open) setDetaching(null); }}
               title={t("builder.detachTitle", { number: detaching ?? "" })}
               description={t("builder.detachWhat", { number: detaching ?? "", route: routeName })}
               confirmLabel={t("builder.detachConfirm")} tone="danger"
               onConfirm={async () => {
                 try {
                   if (detaching) await detach(detaching);
                 } catch (failure) {
                   throw new Error(errorText(t, failure));
                 }
               }} />
    </section>
  );
}
