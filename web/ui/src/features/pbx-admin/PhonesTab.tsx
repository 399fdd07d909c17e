import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, KeyRound } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { copyText } from "../../shared/clipboard";
import { useLiveBoard, type LiveAgent } from "../../shared/live";
import { useMay } from "../../shared/session";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import { Field, FormError } from "../../shared/ui/Field";
import { LiveState } from "../../shared/ui/LiveState";
import "../../shared/ui/table.css";
import { useToast } from "../../shared/ui/Toast";
import { ACCOUNTS, useAccounts } from "./queries";

type Created = Schemas["CreatedAgentAccount"];
// An address only this machine reaches: a softphone elsewhere cannot use it.
const LOOPBACK = /^(127\.|localhost$|\[?::1\]?$)/;
const NEW_FIELDS = ["endpoint", "display_name", "caller_id", "static_contact", "user_id"] as const;

/** Agents' SIP accounts: who registered from where right now, a new phone, a new password
 *  (shown once, with what to type into the softphone and a QR code). */
export function PhonesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const may = useMay();
  const accounts = useAccounts();
  const live = useLiveBoard(may("live.view"));
  const [shown, setShown] = useState<Created | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const client = useQueryClient();
  if (accounts.isPending) return <p role="status">{t("app.loading")}</p>;
  if (accounts.isError) return <p role="alert">{t("error.generic", { message: accounts.error.message })}</p>;
  const onBoard = new Map<string, LiveAgent>(
    (live.board?.agents ?? []).map((agent) => [agent.endpoint, agent]));
  async function reset(endpoint: string) {
    const created = unwrap(await api.POST("/api/v1/pbx/accounts/{endpoint}/password", {
      params: { path: { endpoint } } }));
    setShown(created);
    await client.invalidateQueries({ queryKey: ACCOUNTS });
  }
  return (
    <div className="pbx-phones">
      {shown && <Credentials created={shown} onDone={() => setShown(null)} />}
      {canEdit && !shown && <NewPhone onCreated={setShown} />}
      <div className="pbx-phones__head">
        <h2>{t("pbx.phones")}</h2>
        {may("live.view") && <LiveState live={live.live} />}
      </div>
      {accounts.data.length === 0 ? <p>{t("pbx.noPhones")}</p> : (
        <table className="table table--stack">
          <caption className="visually-hidden">{t("pbx.phones")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pbx.phoneName")}</th>
              <th scope="col">{t("pbx.sipUser")}</th>
              <th scope="col">{t("pbx.registration")}</th>
              <th scope="col">{t("pbx.field.caller_id")}</th>
              {canEdit && <th scope="col"><span className="visually-hidden">{t("pbx.actions")}</span></th>}
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((account) => {
              const agent = onBoard.get(account.endpoint);
              return (
                <tr key={account.endpoint}>
                  <th scope="row">{account.display_name || account.endpoint}</th>
                  <td data-label={t("pbx.sipUser")}><code>{account.endpoint}</code></td>
                  <td data-label={t("pbx.registration")}>
                    <Registration account={account} agent={agent} />
                  </td>
                  <td data-label={t("pbx.field.caller_id")}>{account.caller_id || "—"}</td>
                  {canEdit && (
                    <td>
                      {account.has_password && (
                        <Button icon={KeyRound} onClick={() => setResetting(account.endpoint)}>
                          {t("pbx.newPassword")}
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Confirm open={resetting !== null} onOpenChange={(open) => { if (!open) setResetting(null); }}
               title={t("pbx.newPasswordTitle", { name: resetting ?? "" })}
               description={t("pbx.newPasswordText")} confirmLabel={t("pbx.newPassword")}
               tone="danger" onConfirm={async () => { if (resetting) await reset(resetting); }} />
    </div>
  );
}

function Registration({ account, agent }: { account: Schemas["AgentAccount"];
                                            agent: LiveAgent | undefined }) {
  const { t } = useTranslation();
  if (account.static_contact) {
    return <span>{t("pbx.fixedAddress", { address: account.static_contact })}</span>;
  }
  if (!agent || agent.registered === null) return <span className="muted">{t("pbx.unknown")}</span>;
  return agent.registered
    ? <span className="chip chip--ok">{t("pbx.registeredFrom", { address: agent.address || "?" })}</span>
    : <span className="chip chip--warn">{t("pbx.notRegistered")}</span>;
}

function NewPhone({ onCreated }: { onCreated: (created: Created) => void }) {
  const { t } = useTranslation();
  const may = useMay();
  const client = useQueryClient();
  const empty = { endpoint: "", display_name: "", caller_id: "", static_contact: "", user_id: "" };
  const [form, setForm] = useState(empty);
  const users = useQuery({ queryKey: ["users"], enabled: may("users.read"),
                           queryFn: async () => unwrap(await api.GET("/api/v1/users")) });
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/pbx/accounts", { body: {
      endpoint: form.endpoint.trim(), display_name: form.display_name.trim(),
      caller_id: form.caller_id.trim(), static_contact: form.static_contact.trim(),
      user_id: form.user_id ? Number(form.user_id) : null } })),
    onSuccess: async (created) => {
      setForm(empty);
      await client.invalidateQueries({ queryKey: ACCOUNTS });
      onCreated(created);
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }
  const bind = (key: keyof typeof empty) => ({
    value: form[key], onChange: (event: { target: { value: string } }) =>
      setForm((old) => ({ ...old, [key]: event.target.value })) });
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-phone-title">
      <h2 id="new-phone-title">{t("pbx.newPhone")}</h2>
      <div className="form-grid">
        <Field label={t("pbx.sipUser")} name="endpoint" error={create.error}
               hint={t("pbx.sipUserHint")}>
          {(control) => <input {...control} required autoComplete="off" {...bind("endpoint")} />}
        </Field>
        <Field label={t("pbx.phoneName")} name="display_name" error={create.error}>
          {(control) => <input {...control} {...bind("display_name")} />}
        </Field>
        <Field label={t("pbx.field.caller_id")} name="caller_id" error={create.error}
               hint={t("pbx.callerIdHint")}>
          {(control) => <input {...control} inputMode="tel" {...bind("caller_id")} />}
        </Field>
        {users.data && (
          <Field label={t("pbx.person")} name="user_id" error={create.error}
                 hint={t("pbx.personHint")}>
            {(control) => (
              <select {...control} {...bind("user_id")}>
                <option value="">{t("pbx.nobody")}</option>
                {users.data.filter((user) => user.active).map((user) => (
                  <option key={user.id} value={user.id}>{user.display_name || user.login}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("pbx.staticContact")} name="static_contact" error={create.error}
               hint={t("pbx.staticContactHint")}>
          {(control) => <input {...control} placeholder="sip:desk1@192.0.2.10:5060"
                               {...bind("static_contact")} />}
        </Field>
      </div>
      <FormError error={create.error} fields={NEW_FIELDS} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>{t("pbx.createPhone")}</Button>
      </div>
    </form>
  );
}

/** The password, once: what to type into the softphone, or the QR code to scan. */
function Credentials({ created, onDone }: { created: Created; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useToast();
  const phone = created.softphone;
  return (
    <section className="panel credentials" aria-labelledby="credentials-title" role="region">
      <h2 id="credentials-title">{t("pbx.credentialsTitle", { name: created.display_name || created.endpoint })}</h2>
      {created.password === null ? <p>{t("pbx.noPasswordNeeded")}</p> : (
        <>
          <p role="status" className="chip chip--warn">{t("pbx.shownOnce")}</p>
          <div className="credentials__body">
            <dl className="credentials__list">
              <dt>{t("pbx.server")}</dt><dd><code>{phone.server}</code></dd>
              <dt>{t("pbx.port")}</dt><dd><code>{phone.port}</code></dd>
              <dt>{t("pbx.transport")}</dt><dd><code>{phone.transport.toUpperCase()}</code></dd>
              <dt>{t("pbx.sipUser")}</dt><dd><code>{phone.user}</code></dd>
              <dt>{t("pbx.password")}</dt>
              <dd>
                <code data-testid="sip-password">{created.password}</code>{" "}
                <Button variant="ghost" icon={Copy} onClick={() => {
                  void copyText(created.password ?? "").then((done) =>
                    notify(done ? t("pbx.copied") : t("pbx.copyFailed"), done ? undefined : "error"));
                }}>{t("pbx.copy")}</Button>
              </dd>
            </dl>
            {created.qr_svg && (
              <figure className="credentials__qr">
                <img src={created.qr_svg} alt={t("pbx.qrAlt")} width={180} height={180} />
                <figcaption className="muted">{t("pbx.qrCaption")}</figcaption>
              </figure>
            )}
          </div>
          {LOOPBACK.test(phone.server) && (
            <p role="note" className="chip chip--warn">{t("pbx.loopbackServer")}</p>
          )}
          <p className="muted">{t("pbx.applyForPhone")}</p>
        </>
      )}
      <div className="form-actions">
        <Button variant="primary" onClick={onDone}>{t("pbx.done")}</Button>
      </div>
    </section>
  );
}
