import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { RequestFailed, api, expectDone, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { formatMoment } from "../../shared/i18n";
import { useSession } from "../../shared/session";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import { Field, FormError } from "../../shared/ui/Field";
import { browserName } from "./browserName";
import { RANKS, USERS } from "./queries";

type User = Schemas["User"];
type Rank = User["rank"];
const FIELDS = ["display_name", "email", "rank"] as const;
const FEW = 5;

/** A first password an admin hands over: the person must choose their own at sign-in. */
function madePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}

/** One person: name, email, rank; a new password or second factor; where they are signed
 *  in; deactivation, with what happens to their open tickets. */
export function UserPanel({ user, users }: { user: User; users: User[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const me = useSession().data?.user;
  const [form, setForm] = useState({ display_name: user.display_name, email: user.email ?? "",
                                     rank: user.rank });
  const [password, setPassword] = useState<string | null>(null);
  const [asking, setAsking] = useState<"password" | "totp" | "deactivate" | null>(null);
  const [handOver, setHandOver] = useState<number | null>(null);
  const refresh = (saved: User) => client.setQueryData<User[]>(USERS, (old) =>
    old?.map((item) => item.id === saved.id ? saved : item));
  const patch = async (body: Schemas["UserChanges"]) => unwrap(await api.PATCH(
    "/api/v1/users/{user_id}", { params: { path: { user_id: user.id } }, body }));
  const save = useMutation({
    mutationFn: async () => {
      const body: Schemas["UserChanges"] = {};
      if (form.display_name !== user.display_name) body.display_name = form.display_name;
      if (form.email !== (user.email ?? "")) body.email = form.email.trim() || null;
      if (form.rank !== user.rank) body.rank = form.rank;
      return patch(body);
    },
    onSuccess: refresh,
  });
  const dirty = form.display_name !== user.display_name || form.email !== (user.email ?? "")
    || form.rank !== user.rank;
  const self = me?.id === user.id;
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }
  async function deactivate(choice?: "reassign" | "close") {
    try {
      refresh(await patch({ active: false, ...(choice ? { open_tickets: choice } : {}) }));
      setHandOver(null);
    } catch (failure) {
      const details = failure instanceof RequestFailed ? failure.body?.details : undefined;
      if (details?.["field"] === "open_tickets" && typeof details["open_tickets"] === "number") {
        setHandOver(details["open_tickets"]);
        return;
      }
      throw failure;
    }
  }
  return (
    <div className="user-panel">
      <form className="panel" onSubmit={submit} aria-labelledby="user-title">
        <h2 id="user-title">{user.display_name || user.login}</h2>
        <p className="muted">{t("people.loginIs", { login: user.login })}</p>
        <div className="form-grid">
          <Field label={t("people.name")} name="display_name" error={save.error}>
            {(control) => <input {...control} value={form.display_name}
                                 onChange={(event) => setForm({ ...form, display_name: event.target.value })} />}
          </Field>
          <Field label={t("people.email")} name="email" error={save.error}>
            {(control) => <input {...control} type="email" value={form.email}
                                 onChange={(event) => setForm({ ...form, email: event.target.value })} />}
          </Field>
          <Field label={t("people.rank")} name="rank" error={save.error}
                 hint={self ? t("people.ownRank") : undefined}>
            {(control) => (
              <select {...control} value={form.rank} disabled={self}
                      onChange={(event) => setForm({ ...form, rank: event.target.value as Rank })}>
                {RANKS.map((rank) => <option key={rank} value={rank}>{t(`rank.${rank}`)}</option>)}
              </select>
            )}
          </Field>
        </div>
        <FormError error={save.error} fields={FIELDS} />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={!dirty || save.isPending}>{t("people.save")}</Button>
          {save.isSuccess && !dirty && <span role="status">{t("pbx.saved")}</span>}
        </div>
      </form>

      <section className="panel" aria-labelledby="security-title">
        <h3 id="security-title">{t("people.security")}</h3>
        {password && (
          <div role="status" className="secret-box">
            <p>{t("people.newPasswordIs")}</p>
            <p><code className="secret" data-testid="new-password">{password}</code></p>
            <p className="muted">{t("people.mustChangeAtSignIn")}</p>
          </div>
        )}
        <div className="form-actions">
          <Button onClick={() => setAsking("password")}>{t("people.setPassword")}</Button>
          {user.second_factor && (
            <Button onClick={() => setAsking("totp")}>{t("people.resetSecondFactor")}</Button>
          )}
        </div>
        <p className="muted">
          {user.second_factor ? t("people.secondFactorOn") : t("people.secondFactorOff")}
        </p>
      </section>

      <SignIns user={user} />

      <section className="panel" aria-labelledby="account-title">
        <h3 id="account-title">{t("people.account")}</h3>
        {user.active ? (
          <>
            <p className="muted">{t("people.deactivateHint")}</p>
            <Button variant="danger" disabled={self} onClick={() => setAsking("deactivate")}>
              {t("people.deactivate")}
            </Button>
          </>
        ) : (
          <Button onClick={() => void patch({ active: true }).then(refresh)}>{t("people.reactivate")}</Button>
        )}
      </section>

      <Confirm open={asking === "password"} onOpenChange={() => setAsking(null)}
               title={t("people.setPasswordTitle", { name: user.display_name || user.login })}
               description={t("people.setPasswordText")} confirmLabel={t("people.setPassword")}
               onConfirm={async () => {
                 const made = madePassword();
                 refresh(await patch({ password: made }));
                 setPassword(made);
                 await client.invalidateQueries({ queryKey: ["users", user.id, "sign-ins"] });
               }} />
      <Confirm open={asking === "totp"} onOpenChange={() => setAsking(null)}
               title={t("people.resetSecondFactorTitle")} description={t("people.resetSecondFactorText")}
               confirmLabel={t("people.resetSecondFactor")} tone="danger"
               onConfirm={async () => {
                 refresh(unwrap(await api.DELETE("/api/v1/users/{user_id}/totp", {
                   params: { path: { user_id: user.id } } })));
               }} />
      <Confirm open={asking === "deactivate"} onOpenChange={() => setAsking(null)}
               title={t("people.deactivateTitle", { name: user.display_name || user.login })}
               description={t("people.deactivateText")} confirmLabel={t("people.deactivate")}
               tone="danger" onConfirm={() => deactivate()} />
      {handOver !== null && (
        <HandOver count={handOver} user={user} users={users} onClose={() => setHandOver(null)}
                  onDone={refresh} />
      )}
    </div>
  );
}

/** Deactivating someone who holds open tickets: back to their queues, to a colleague, or
 *  closed. */
function HandOver({ count, user, users, onClose, onDone }: {
  count: number; user: User; users: User[]; onClose: () => void; onDone: (user: User) => void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<"queues" | "person" | "close">("queues");
  const [person, setPerson] = useState("");
  const others = users.filter((other) => other.active && other.id !== user.id);
  return (
    <Confirm open onOpenChange={(open) => { if (!open) onClose(); }}
             title={t("people.handOverTitle", { count })} description={t("people.handOverText", { count })}
             confirmLabel={t("people.deactivate")} tone="danger"
             onConfirm={async () => {
               if (choice === "person" && !person) throw new Error(t("people.pickPerson"));
               onDone(unwrap(await api.PATCH("/api/v1/users/{user_id}", {
                 params: { path: { user_id: user.id } },
                 body: { active: false, open_tickets: choice === "close" ? "close" : "reassign",
                         reassign_to: choice === "person" ? Number(person) : null } })));
               onClose();
             }}>
      <fieldset className="hand-over">
        <legend>{t("people.handOverAsk")}</legend>
        {(["queues", "person", "close"] as const).map((value) => (
          <label key={value} className="field field--check">
            <input type="radio" name="hand-over" checked={choice === value}
                   onChange={() => setChoice(value)} />
            {t(`people.handOver.${value}`)}
          </label>
        ))}
        {choice === "person" && (
          <Field label={t("people.handOverTo")} name="reassign_to" error={null}>
            {(control) => (
              <select {...control} value={person} onChange={(event) => setPerson(event.target.value)}>
                <option value="">{t("pbx.nobody")}</option>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>{other.display_name || other.login}</option>
                ))}
              </select>
            )}
          </Field>
        )}
      </fieldset>
    </Confirm>
  );
}

/** Where the person is signed in (browsers) and the API tokens they hold; each can be ended. */
function SignIns({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ["users", user.id, "sign-ins"];
  const [showAll, setShowAll] = useState(false);
  const [asking, setAsking] = useState<string | null>(null);  // "b<id>" or "t<id>": said twice
  const signIns = useQuery({ queryKey: key, queryFn: async () => {
    const path = { params: { path: { user_id: user.id } } };
    const [browsers, tokens] = await Promise.all([
      api.GET("/api/v1/users/{user_id}/sessions", path).then(unwrap),
      api.GET("/api/v1/users/{user_id}/tokens", path).then(unwrap)]);
    return { browsers, tokens };
  } });
  const end = useMutation({
    mutationFn: async (what: { browser?: number; token?: number; everyBrowser?: true }) => {
      if (what.everyBrowser) {
        unwrap(await api.DELETE("/api/v1/users/{user_id}/sessions", {
          params: { path: { user_id: user.id } } }));
      } else if (what.browser !== undefined) {
        expectDone(await api.DELETE("/api/v1/users/{user_id}/sessions/{session_id}", {
          params: { path: { user_id: user.id, session_id: what.browser } } }));
      } else if (what.token !== undefined) {
        expectDone(await api.DELETE("/api/v1/users/{user_id}/tokens/{token_id}", {
          params: { path: { user_id: user.id, token_id: what.token } } }));
      }
    },
    onSettled: async () => {
      setAsking(null);
      await client.invalidateQueries({ queryKey: key });
    },
  });
  /** Ending one is asked once more, beside it: the person is signed out there at once. */
  const ending = (id: string, label: string, text: string, run: () => void) => asking === id ? (
    <span className="sign-ins__confirm" role="group" aria-label={label}>
      <small>{t("people.endConfirm")}</small>
      <Button variant="danger" onClick={run} disabled={end.isPending}>{t("people.endYes")}</Button>
      <Button onClick={() => setAsking(null)}>{t("common.cancel")}</Button>
    </span>
  ) : <Button onClick={() => setAsking(id)} aria-label={label}>{text}</Button>;
  return (
    <section className="panel" aria-labelledby="sign-ins-title">
      <h3 id="sign-ins-title">{t("people.signIns")}</h3>
      {signIns.isPending ? <p role="status">{t("app.loading")}</p>
        : signIns.isError ? <p role="alert">{errorText(t, signIns.error)}</p> : (
          <ul className="sign-ins">
            {signIns.data.browsers.length + signIns.data.tokens.length === 0 && (
              <li className="muted">{t("people.noSignIns")}</li>
            )}
            {(showAll ? signIns.data.browsers : signIns.data.browsers.slice(0, FEW)).map((browser) => (
              <li key={`b${browser.id}`}>
                <span>
                  <strong>{t("people.browserFrom", { address: browser.address || "?" })}</strong>
                  <small className="muted" title={browser.user_agent}>
                    {browserName(browser.user_agent)} · {t("people.signedInAt", {
                      when: formatMoment(browser.created_at, i18n.language) })} · {t("people.lastSeen", {
                      when: formatMoment(browser.last_seen_at, i18n.language) })}
                  </small>
                </span>
                {ending(`b${browser.id}`, t("people.endBrowser", { address: browser.address }),
                        t("people.end"), () => end.mutate({ browser: browser.id }))}
              </li>
            ))}
            {signIns.data.tokens.map((token) => (
              <li key={`t${token.id}`}>
                <span>
                  <strong>{token.name || t(`tokens.kinds.${token.kind}`, { defaultValue: token.kind })}</strong>
                  <small className="muted">
                    {t(`tokens.kinds.${token.kind}`, { defaultValue: token.kind })} · {t("people.expires", {
                      when: formatMoment(token.expires_at, i18n.language) })}
                  </small>
                </span>
                {ending(`t${token.id}`, t("people.revokeToken", { name: token.name }),
                        t("people.revoke"), () => end.mutate({ token: token.id }))}
              </li>
            ))}
          </ul>
        )}
      {signIns.data && signIns.data.browsers.length > 1 && (
        <div className="form-actions">
          {ending("every", t("people.endEveryBrowser"), t("people.endEveryBrowser"),
                  () => end.mutate({ everyBrowser: true }))}
        </div>
      )}
      {signIns.data && signIns.data.browsers.length > FEW && (
        <Button variant="ghost" onClick={() => setShowAll(!showAll)}>
          {showAll ? t("people.showFewer") : t("people.showAll", { count: signIns.data.browsers.length })}
        </Button>
      )}
      {end.isError && <p role="alert" className="problem">{errorText(t, end.error)}</p>}
    </section>
  );
}
