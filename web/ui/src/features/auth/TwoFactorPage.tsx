import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { RequestFailed, api, unwrap } from "../../shared/api/client";
import "./login.css";

/** Enrol an authenticator app: scan the QR code, confirm a code, keep the recovery codes. */
export function TwoFactorPage({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const codeId = useId();
  const [code, setCode] = useState("");
  const start = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/auth/totp")),
  });
  const confirm = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/auth/totp/confirm",
                                                  { body: { code } })),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm.mutate();
  }
  const body = confirm.data ? (
    <div className="login__card">
      <h1>{t("twoFactor.done")}</h1>
      <p>{t("twoFactor.keepCodes")}</p>
      <ul className="recovery-codes">
        {confirm.data.recovery_codes.map((item) => <li key={item}><code>{item}</code></li>)}
      </ul>
      <button type="button" onClick={() => void client.invalidateQueries({ queryKey: ["session"] })}>
        {t("twoFactor.continue")}
      </button>
    </div>
  ) : (
    <form className="login__card" onSubmit={submit} aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">{t("twoFactor.title")}</h1>
      {required && <p className="login__note">{t("twoFactor.required")}</p>}
      {!start.data ? (
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          {t("twoFactor.start")}
        </button>
      ) : (
        <>
          <p>{t("twoFactor.scan")}</p>
          <img src={start.data.qr_svg} alt={t("twoFactor.qr")} width={200} height={200} />
          <p className="muted">{t("twoFactor.manual")} <code>{start.data.secret}</code></p>
          <label htmlFor={codeId}>{t("twoFactor.code")}</label>
          <input id={codeId} autoComplete="one-time-code" inputMode="numeric" required
                 value={code} onChange={(event) => setCode(event.target.value)} />
          {confirm.isError && (
            <p className="login__error" role="alert">
              {confirm.error instanceof RequestFailed && confirm.error.body
                ? confirm.error.body.message : t("login.unavailable")}
            </p>
          )}
          <button type="submit" disabled={confirm.isPending}>{t("twoFactor.confirm")}</button>
        </>
      )}
    </form>
  );
  return required ? <main className="login" id="main">{body}</main> : body;
}
