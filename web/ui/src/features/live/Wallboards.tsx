// Admins make a wall screen's address (a wallboard token: it shows the live board and
// nothing else), see which screens exist, and switch one off by revoking its token.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, expectDone, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { copyText } from "../../shared/clipboard";
import { formatMoment } from "../../shared/i18n";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";

const WALLBOARDS = ["wallboard-tokens"] as const;

export function Wallboards() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const nameId = useId();
  const [name, setName] = useState("");
  const [revoking, setRevoking] = useState<{ id: number; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const list = useQuery({ queryKey: WALLBOARDS,
                          queryFn: async () => unwrap(await api.GET("/api/v1/wallboard-tokens")) });
  const make = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/wallboard-tokens", {
      body: { name: name.trim(), days: 365 } })),
    onSuccess: () => { setName(""); setCopied(false);
                       void client.invalidateQueries({ queryKey: WALLBOARDS }); },
  });
  const address = make.data ? `${window.location.origin}/wallboard#${make.data.token}` : "";

  async function revoke(id: number) {
    expectDone(await api.DELETE("/api/v1/wallboard-tokens/{token_id}",
                                { params: { path: { token_id: id } } }));
    if (make.data?.id === id) make.reset();
    await client.invalidateQueries({ queryKey: WALLBOARDS });
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    make.mutate();
  }

  return (
    <section aria-labelledby="wallboards" className="wallboards">
      <h2 id="wallboards">{t("wallboard.screens")}</h2>
      <p className="muted">{t("wallboard.about")}</p>
      <form onSubmit={submit} className="live-filters">
        <label htmlFor={nameId}>{t("wallboard.name")}</label>
        <input id={nameId} value={name} required maxLength={100}
               onChange={(event) => setName(event.target.value)} />
        <Button type="submit" disabled={make.isPending || !name.trim()}>
          {t("wallboard.make")}
        </Button>
      </form>
      {make.isError && <p role="alert">{errorText(t, make.error)}</p>}
      {address && (
        <div role="status" className="wallboards__made">
          <p>{t("wallboard.madeOnce")}</p>
          <p><code>{address}</code></p>
          <Button onClick={() => void copyText(address).then(setCopied)}>
            {copied ? t("wallboard.copied") : t("wallboard.copy")}
          </Button>
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <ul className="wallboards__list">
          {list.data.map((token) => (
            <li key={token.id}>
              <strong>{token.name}</strong>{" "}
              <span className="muted">{t("wallboard.until", {
                date: formatMoment(token.expires_at, i18n.language) })}</span>{" "}
              <Button variant="ghost" onClick={() => setRevoking({ id: token.id,
                                                                  name: token.name })}>
                {t("wallboard.switchOff")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Confirm open={revoking !== null} tone="danger"
               onOpenChange={(open) => { if (!open) setRevoking(null); }}
               title={t("wallboard.switchOffTitle", { name: revoking?.name ?? "" })}
               description={t("wallboard.switchOffWhat")}
               confirmLabel={t("wallboard.switchOff")}
               onConfirm={async () => { if (revoking) await revoke(revoking.id); }} />
    </section>
  );
}
