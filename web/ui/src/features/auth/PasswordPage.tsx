import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { RequestFailed, api } from "../../shared/api/client";
import "./login.css";

/** Choose a new password: required first when an admin set it, and from the user menu. */
export function PasswordPage({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ids = { current: useId(), fresh: useId(), again: useId() };
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: async () => {
      const result = await api.POST("/api/v1/auth/password", { body: { current, new: fresh } });
      if (!result.response.ok) {
        throw new RequestFailed(result.response.status, result.error, null);
      }
    },
    onSuccess: () => {
      setCurrent(""); setFresh(""); setAgain("");
      void client.invalidateQueries({ queryKey: ["session"] });
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setMismatch(fresh !== again);
    if (fresh === again) change.mutate();
  }
  const form = (
    <form className="login__card" onSubmit={submit} aria-labelledby="password-title">
      <h1 id="password-title">{t("password.title")}</h1>
      {required && <p className="login__note">{t("password.required")}</p>}
      <label htmlFor={ids.current}>{t("password.current")}</label>
      <input id={ids.current} type="password" autoComplete="current-password" required
             value={current} onChange={(event) => setCurrent(event.target.value)} />
      <label htmlFor={ids.fresh}>{t("password.new")}</label>
      <input id={ids.fresh} type="password" autoComplete="new-password" required minLength={10}
             value={fresh} onChange={(event) => setFresh(event.target.value)} />
      <label htmlFor={ids.again}>{t("password.again")}</label>
      <input id={ids.again} type="password" autoComplete="new-password" required
             value={again} onChange={(event) => setAgain(event.target.value)} />
      {mismatch && <p className="login__error" role="alert">{t("password.mismatch")}</p>}
      {change.isError && (
        <p className="login__error" role="alert">
          {change.error instanceof RequestFailed && change.error.body
            ? change.error.body.message : t("login.unavailable")}
        </p>
      )}
      {change.isSuccess && <p role="status">{t("password.changed")}</p>}
      <button type="submit" disabled={change.isPending}>{t("password.submit")}</button>
    </form>
  );
  return required ? <main className="login" id="main">{form}</main> : form;
}
