import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { RequestFailed, api, unwrap } from "../../shared/api/client";
import { copyText } from "../../shared/clipboard";
import { useSession, useSignOut } from "../../shared/session";
import "./login.css";

/** Enrol an authenticator app: scan the QR code, confirm a code, keep the recovery codes.
 * Replacing or turning off an app in use asks for the current password first. */
export function TwoFactorPage({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const signOut = useSignOut(false);
  const [copied, setCopied] = useState(false);
  const codeId = useId();
  const passwordId = useId();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const inUse = useSession().data?.user?.second_factor ?? false;
  const start = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/auth/totp",
      inUse ? { body: { password } } : {})),
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE("/api/v1/auth/totp",
                                                    { body: { password } })),
    onSuccess: () => { setPassword(""); void client.invalidateQueries({ queryKey: ["session"] }); },
  });
  // The server's refusals, in the user's language by the field they name.
  const failure = (error: Error | null) => {
    if (!(error instanceof RequestFailed) || !error.body) return t("login.unavailable");
    const field = error.body.details["field"];
    if (field === "password") return t("twoFactor.proofNeeded");
    if (field === "code") return t("twoFactor.codeMismatch");
    return error.body.message;
  };
  const renew = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/auth/totp/recovery-codes",
                                                  { body: { password } })),
    onSuccess: () => { setPassword(""); },
  });
  const confirm = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/auth/totp/confirm",
                                                  { body: { code } })),
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm.mutate();
  }
  const codes = confirm.data?.recovery_codes ?? renew.data?.recovery_codes;
  const body = codes ? (
    <div className="login__card">
      <h1>{confirm.data ? t("twoFactor.done") : t("twoFactor.newCodes")}</h1>
      <p>{t("twoFactor.keepCodes")}</p>
      <ul className="recovery-codes">
        {codes.map((item) => <li key={item}><code>{item}</code></li>)}
      </ul>
      <div className="recovery-codes__actions">
        <button type="button" className="secondary" onClick={() => {
          void copyText(codes.join("\n")).then(setCopied);
        }}>
          {copied ? t("tokens.copied") : t("twoFactor.copyCodes")}
        </button>
        <button type="button" className="secondary" onClick={() => download(codes)}>
          {t("twoFactor.downloadCodes")}
        </button>
      </div>
      <button type="button" onClick={() => {
        void client.invalidateQueries({ queryKey: ["session"] });
        void navigate("/");
      }}>
        {t("twoFactor.continue")}
      </button>
    </div>
  ) : (
    <form className="login__card" onSubmit={submit} aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">{t("twoFactor.title")}</h1>
      {required && <p className="login__note">{t("twoFactor.required")}</p>}
      {!start.data && inUse && (
        <>
          <p>{t("twoFactor.on")}</p>
          <label htmlFor={passwordId}>{t("twoFactor.password")}</label>
          <input id={passwordId} type="password" autoComplete="current-password"
                 value={password} onChange={(event) => setPassword(event.target.value)} />
          {(start.isError || remove.isError || renew.isError) && (
            <p className="login__error" role="alert">
              {failure(start.isError ? start.error : remove.isError ? remove.error
                : renew.error)}
            </p>
          )}
          <button type="button" onClick={() => start.mutate()}
                  disabled={start.isPending || password === ""}>
            {t("twoFactor.replace")}
          </button>
          <button type="button" className="secondary" onClick={() => renew.mutate()}
                  disabled={renew.isPending || password === ""}>
            {t("twoFactor.renewCodes")}
          </button>
          <button type="button" className="secondary" onClick={() => remove.mutate()}
                  disabled={remove.isPending || password === ""}>
            {t("twoFactor.turnOff")}
          </button>
        </>
      )}
      {!start.data && !inUse && (
        <>
          {!required && <p>{t("twoFactor.off")}</p>}
          <p className="muted">{t("twoFactor.why")}</p>
          <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
            {t("twoFactor.start")}
          </button>
        </>
      )}
      {start.data && (
        <>
          <p>{t("twoFactor.scan")}</p>
          <img src={start.data.qr_svg} alt={t("twoFactor.qr")} width={200} height={200} />
          <p className="muted">{t("twoFactor.manual")}</p>
          <p><code className="two-factor__secret">{grouped(start.data.secret)}</code></p>
          <label htmlFor={codeId}>{t("twoFactor.code")}</label>
          <input id={codeId} autoComplete="one-time-code" inputMode="numeric" required
                 value={code} onChange={(event) => setCode(event.target.value)} />
          {confirm.isError && (
            <p className="login__error" role="alert">{failure(confirm.error)}</p>
          )}
          <button type="submit" disabled={confirm.isPending}>
            {inUse ? t("twoFactor.switch") : t("twoFactor.confirm")}
          </button>
          <button type="button" className="secondary"
                  onClick={() => { start.reset(); confirm.reset(); setCode(""); }}>
            {inUse ? t("twoFactor.cancel") : t("common.cancel")}
          </button>
        </>
      )}
    </form>
  );
  return required ? (
    <main className="login" id="main">
      {body}
      <button type="button" className="login__aside secondary" onClick={() => signOut.mutate()}
              disabled={signOut.isPending}>{t("user.signOut")}</button>
    </main>
  ) : body;
}

/** "JBSW Y3DP EHPK 3PXP": a key one can read out and type in blocks of four. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The codes as a text file the person keeps (a password manager, a printout). */
function download(codes: string[]): void {
  const file = new Blob([`ringdesk recovery codes\n\n${codes.join("\n")}\n`],
                        { type: "text/plain" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(file);
  link.download = "ringdesk-recovery-codes.txt";
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
