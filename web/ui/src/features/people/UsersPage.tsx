import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";
import "../../shared/ui/table.css";
import { NumberMaskingForm, SignInRulesForm } from "./AccessRules";
import { UserPanel } from "./UserPanel";
import { RANKS, USERS, useUsers } from "./queries";
import "./people.css";

type Created = Schemas["CreatedUser"];
const NEW_FIELDS = ["login", "display_name", "email", "rank", "password"] as const;

/** The people who sign in: ranks, second factor, state; one opens beside the list with
 *  what an admin does to it. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { userId } = useParams();
  const users = useUsers();
  const [adding, setAdding] = useState(false);
  if (users.isPending) return <p role="status">{t("app.loading")}</p>;
  if (users.isError) return <p role="alert">{t("error.generic", { message: users.error.message })}</p>;
  const open = users.data.find((user) => String(user.id) === userId);
  return (
    <section className="people" aria-labelledby="people-title">
      <div className="people__head">
        <h1 id="people-title">{t("people.title")}</h1>
        <Button icon={UserPlus} variant="primary" onClick={() => setAdding(true)}
                disabled={adding}>{t("people.new")}</Button>
      </div>
      {adding && <NewUser onClose={() => setAdding(false)} />}
      <div className="people__body">
        <table className="table table--stack">
          <caption className="visually-hidden">{t("people.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("people.name")}</th>
              <th scope="col">{t("people.rank")}</th>
              <th scope="col">{t("people.secondFactor")}</th>
              <th scope="col">{t("people.state")}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id} aria-current={user === open ? "true" : undefined}
                  className={user.active ? undefined : "people__inactive"}>
                <th scope="row">
                  <Link to={`/users/${user.id}`}>{user.display_name || user.login}</Link>
                  <small className="muted people__login">{user.login}</small>
                </th>
                <td data-label={t("people.rank")}>{t(`rank.${user.rank}`)}</td>
                <td data-label={t("people.secondFactor")}>
                  {user.second_factor ? t("people.on") : t("people.off")}
                </td>
                <td data-label={t("people.state")}>
                  {!user.active ? <span className="chip">{t("people.deactivated")}</span>
                    : user.must_change_password
                      ? <span className="chip chip--warn">{t("people.mustChange")}</span>
                      : <span className="chip chip--ok">{t("people.active")}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {userId !== undefined && (open
          ? <UserPanel key={open.id} user={open} users={users.data} />
          : <p role="alert">{t("error.notFound")}</p>)}
      </div>
      <div className="people__settings">
        <SignInRulesForm />
        <NumberMaskingForm />
      </div>
    </section>
  );
}

function NewUser({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const empty = { login: "", display_name: "", email: "", rank: "agent" as Schemas["NewUser"]["rank"] };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<Created | null>(null);
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/users", { body: {
      login: form.login.trim(), display_name: form.display_name.trim(),
      email: form.email.trim() || null, rank: form.rank } })),
    onSuccess: async (user) => {
      setCreated(user);
      setForm(empty);
      await client.invalidateQueries({ queryKey: USERS });
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }
  if (created) {
    return (
      <section className="panel" role="region" aria-labelledby="created-title">
        <h2 id="created-title">{t("people.createdTitle", { name: created.display_name || created.login })}</h2>
        <p>{t("people.firstPassword")}</p>
        <p><code className="secret" data-testid="first-password">{created.first_password}</code></p>
        <p className="chip chip--warn">{t("people.shownOnce")}</p>
        <div className="form-actions">
          <Button variant="primary" onClick={onClose}>{t("pbx.done")}</Button>
        </div>
      </section>
    );
  }
  const bind = (key: "login" | "display_name" | "email") => ({
    value: form[key], onChange: (event: { target: { value: string } }) =>
      setForm((old) => ({ ...old, [key]: event.target.value })) });
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t("people.new")}</h2>
      <div className="form-grid">
        <Field label={t("people.login")} name="login" error={create.error} hint={t("people.loginHint")}>
          {(control) => <input {...control} required autoComplete="off" {...bind("login")} />}
        </Field>
        <Field label={t("people.name")} name="display_name" error={create.error}>
          {(control) => <input {...control} {...bind("display_name")} />}
        </Field>
        <Field label={t("people.email")} name="email" error={create.error}>
          {(control) => <input {...control} type="email" {...bind("email")} />}
        </Field>
        <Field label={t("people.rank")} name="rank" error={create.error}>
          {(control) => (
            <select {...control} value={form.rank}
                    onChange={(event) => setForm((old) => ({
                      ...old, rank: event.target.value as typeof form.rank }))}>
              {RANKS.map((rank) => <option key={rank} value={rank}>{t(`rank.${rank}`)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <p className="muted">{t("people.newHint")}</p>
      <FormError error={create.error} fields={NEW_FIELDS} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>{t("people.create")}</Button>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
