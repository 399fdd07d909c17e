import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { RequestFailed } from "../../shared/api/client";
import { LanguagePicker } from "../../shared/ui/LanguagePicker";
import { useSignIn, type EndedBecause } from "../../shared/session";
import "./login.css";

export function LoginPage({ ended }: { ended: EndedBecause }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const loginId = useId();
  const passwordId = useId();
  const codeId = useId();
  // The server asks for the authenticator's code once the password is right.
  const askingCode = signIn.error instanceof RequestFailed &&
    signIn.error.body?.code === "second_factor_required";
  const wrongCode = signIn.error instanceof RequestFailed &&
    signIn.error.body?.details["wrong"] === true;
  const [codeAsked, setCodeAsked] = useState(false);
  if (askingCode && !codeAsked) setCodeAsked(true);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    signIn.mutate(codeAsked ? { login, password, code } : { login, password });
  }

  return (
    <main className="login" id="main">
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("login.title")}</h1>
        {ended && !signIn.isError && (
          <p className="login__note" role="status">{t(`login.ended.${ended}`)}</p>
        )}
        <label htmlFor={loginId}>{t("login.login")}</label>
        <input id={loginId} name="username" autoComplete="username" required autoFocus
               value={login} onChange={(event) => setLogin(event.target.value)} />
        <label htmlFor={passwordId}>{t("login.password")}</label>
        <input id={passwordId} name="password" type="password" autoComplete="current-password"
               required value={password} onChange={(event) => setPassword(event.target.value)} />
        {codeAsked && (
          <>
            <label htmlFor={codeId}>{t("login.code")}</label>
            <input id={codeId} name="one-time-code" autoComplete="one-time-code" required
                   inputMode="text" autoFocus value={code}
                   onChange={(event) => setCode(event.target.value)} />
          </>
        )}
        {signIn.isError && (!askingCode || wrongCode) && (
          <p className="login__error" role="alert">{failure(signIn.error, t)}</p>
        )}
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? t("login.submitting") : t("login.submit")}
        </button>
        <LanguagePicker />
      </form>
    </main>
  );
}

function failure(error: Error, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof RequestFailed) {
    if (error.status === 429) return t("login.throttled", { count: error.retryAfter ?? 60 });
    if (error.body?.code === "second_factor_required") return t("login.wrongCode");
    if (error.body?.code === "address_refused") return t("login.addressRefused");
    if (error.status === 401 || error.status === 400) return t("login.failed");
  }
  return t("login.unavailable");
}
