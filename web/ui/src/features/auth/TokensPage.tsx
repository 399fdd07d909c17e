import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { RequestFailed, api, expectDone, unwrap } from "../../shared/api/client";
import { copyText } from "../../shared/clipboard";
import { formatMoment } from "../../shared/i18n";
import "./tokens.css";

const TOKENS = ["auth", "tokens"] as const;

/** My API tokens: what each is for, when it ends, when it was last used; make one for a
 * script (its secret shown once), revoke any. */
export function TokensPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const ids = { name: useId(), days: useId() };
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [confirming, setConfirming] = useState<number | null>(null);
  const [copied, setCopied] = useState(false);
  const tokens = useQuery({
    queryKey: TOKENS,
    refetchInterval: 30_000,  // "last used" follows the scripts using them
    queryFn: async () => unwrap(await api.GET("/api/v1/auth/tokens")),
  });
  const make = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/auth/tokens", {
      body: { name: name.trim(), days: Number(days) } })),
    onSuccess: () => {
      setName(""); setCopied(false);
      void client.invalidateQueries({ queryKey: TOKENS });
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: number) => expectDone(await api.DELETE(
      "/api/v1/auth/tokens/{token_id}", { params: { path: { token_id: id } } })),
    onSuccess: (_, id) => { if (make.data?.id === id) make.reset(); },  // its secret goes too
    onSettled: () => { setConfirming(null); void client.invalidateQueries({ queryKey: TOKENS }); },
  });
  const when = (value: string | null | undefined) =>
    value ? formatMoment(value, i18n.language) : t("tokens.never");
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() !== "") make.mutate();
  }
  return (
    <section aria-labelledby="tokens-title" className="tokens">
      <h1 id="tokens-title">{t("tokens.title")}</h1>
      <p>{t("tokens.intro")}</p>
      <form onSubmit={submit} className="tokens__new">
        <label htmlFor={ids.name}>{t("tokens.name")}</label>
        <input id={ids.name} required maxLength={100} value={name}
               onChange={(event) => setName(event.target.value)} />
        <label htmlFor={ids.days}>{t("tokens.days")}</label>
        <select id={ids.days} value={days} onChange={(event) => setDays(event.target.value)}>
          {["7", "30", "90", "365"].map((value) => (
            <option key={value} value={value}>{t("tokens.daysOption", { count: Number(value) })}</option>
          ))}
        </select>
        <button type="submit" disabled={make.isPending || name.trim() === ""}>
          {t("tokens.make")}
        </button>
      </form>
      {make.isError && (
        <p role="alert" className="tokens__error">
          {make.error instanceof RequestFailed && make.error.body?.details["field"] === "days"
            ? t("tokens.tooLong", { days: make.error.body.details["max"] })
            : t("login.unavailable")}
        </p>
      )}
      {make.data && (
        <div role="status" className="tokens__secret">
          <p>{t("tokens.shownOnce", { name: make.data.name })}</p>
          <code className="tokens__value">{make.data.token}</code>
          <button type="button" className="secondary"
                  onClick={() => { void copyText(make.data.token).then(setCopied); }}>
            {copied ? t("tokens.copied") : t("tokens.copy")}
          </button>
        </div>
      )}
      {tokens.data && tokens.data.length === 0 && <p>{t("tokens.none")}</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="tokens__table">
          <thead>
            <tr>
              <th scope="col">{t("tokens.name")}</th><th scope="col">{t("tokens.kind")}</th>
              <th scope="col">{t("tokens.expires")}</th><th scope="col">{t("tokens.lastUsed")}</th>
              <th scope="col"><span className="visually-hidden">{t("tokens.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td data-label={t("tokens.name")}>
                  {token.name || t(`tokens.kinds.${token.kind}`)}
                </td>
                <td data-label={t("tokens.kind")}>{t(`tokens.kinds.${token.kind}`)}</td>
                <td data-label={t("tokens.expires")}>{when(token.expires_at)}</td>
                <td data-label={t("tokens.lastUsed")}>{when(token.last_used_at)}</td>
                <td>
                  {confirming === token.id ? (
                    <span className="tokens__confirm">
                      <span>{t("tokens.revokeWarning")}</span>
                      <button type="button" className="tokens__danger"
                              onClick={() => revoke.mutate(token.id)} disabled={revoke.isPending}>
                        {t("tokens.revokeConfirm", { name: token.name })}
                      </button>
                      <button type="button" className="secondary"
                              onClick={() => setConfirming(null)}>
                        {t("tokens.keep")}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="secondary"
                            onClick={() => setConfirming(token.id)}
                            aria-label={t("tokens.revokeNamed", { name: token.name })}>
                      {t("tokens.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
