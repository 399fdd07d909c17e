// Customers: find one by name, phone or email, add one; companies alongside. A customer
// opens onto their card and their history across channels.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";
import "../../shared/ui/table.css";
import "./customers.css";

const PER_PAGE = 50;

export default function CustomersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [search, setSearch] = useState(q);
  const contacts = useQuery({
    queryKey: ["contacts", q, page], placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET("/api/v1/contacts", { params: { query: {
      ...(q ? { q } : {}), page, per_page: PER_PAGE } } })),
  });
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value); else next.delete(key);
    }
    setParams(next);
  };
  return (
    <section className="customers" aria-labelledby="customers-title">
      <h1 id="customers-title">{t("customers.title")}</h1>
      <div className="customers__layout">
        <div>
          <form role="search" className="customers__search" onSubmit={(event) => {
            event.preventDefault();
            go({ q: search.trim() || null, page: null });
          }}>
            <label>
              <span>{t("customers.search")}</span>
              <input type="search" value={search} placeholder={t("customers.searchHint")}
                     onChange={(event) => setSearch(event.target.value)} />
            </label>
            <Button type="submit">{t("tickets.find")}</Button>
          </form>
          {contacts.isError && <p role="alert">{errorText(t, contacts.error)}</p>}
          {contacts.data && (contacts.data.length === 0 ? <p>{t("customers.none")}</p> : (
            <table className="table table--stack">
              <caption className="visually-hidden">{t("customers.title")}</caption>
              <thead><tr>
                <th scope="col">{t("ticket.name")}</th>
                <th scope="col">{t("ticket.phone")}</th>
                <th scope="col">{t("ticket.email")}</th>
                <th scope="col">{t("ticket.company")}</th>
              </tr></thead>
              <tbody>
                {contacts.data.map((contact) => (
                  <tr key={contact.id}>
                    <th scope="row">
                      <Link to={`/customers/${contact.id}`}>{contact.name || t("customers.noName")}</Link>
                    </th>
                    <td data-label={t("ticket.phone")}>{contact.phones.join(", ") || "—"}</td>
                    <td data-label={t("ticket.email")}>{contact.emails.join(", ") || "—"}</td>
                    <td data-label={t("ticket.company")}>{contact.company?.name ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <div className="form-actions">
            <Button disabled={page === 1} onClick={() => go({ page: String(page - 1) })}>
              {t("tickets.previous")}
            </Button>
            <Button disabled={(contacts.data?.length ?? 0) < PER_PAGE}
                    onClick={() => go({ page: String(page + 1) })}>
              {t("tickets.next")}
            </Button>
          </div>
        </div>
        <div>
          <NewCustomer />
          <Companies />
        </div>
      </div>
    </section>
  );
}

export function lines(text: string): string[] {
  return text.split(/[\n,]/).map((each) => each.trim()).filter(Boolean);
}

function NewCustomer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form, setForm] = useState({ name: "", phones: "", emails: "" });
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/contacts", { body: {
      name: form.name.trim(), phones: lines(form.phones), emails: lines(form.emails) } })),
    onSuccess: async (contact) => {
      await client.invalidateQueries({ queryKey: ["contacts"] });
      void navigate(`/customers/${contact.id}`);
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-customer-title">
      <h2 id="new-customer-title">{t("customers.new")}</h2>
      <Field label={t("ticket.name")} name="name" error={create.error}>
        {(control) => <input {...control} value={form.name} maxLength={200}
                             onChange={(event) => setForm({ ...form, name: event.target.value })} />}
      </Field>
      <Field label={t("customers.phones")} name="phones" error={create.error}
             hint={t("customers.phonesHint")}>
        {(control) => <input {...control} inputMode="tel" value={form.phones}
                             onChange={(event) => setForm({ ...form, phones: event.target.value })} />}
      </Field>
      <Field label={t("customers.emails")} name="emails" error={create.error}>
        {(control) => <input {...control} value={form.emails}
                             onChange={(event) => setForm({ ...form, emails: event.target.value })} />}
      </Field>
      <FormError error={create.error} fields={["name", "phones", "emails"]} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t("customers.add")}
        </Button>
      </div>
    </form>
  );
}

function Companies() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const companies = useQuery({ queryKey: ["companies"],
                               queryFn: async () => unwrap(await api.GET("/api/v1/companies")) });
  const [form, setForm] = useState({ name: "", domain: "" });
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/companies", { body: {
      name: form.name.trim(), domain: form.domain.trim() || null } })),
    onSuccess: async () => {
      setForm({ name: "", domain: "" });
      await client.invalidateQueries({ queryKey: ["companies"] });
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section className="panel" aria-labelledby="companies-title">
      <h2 id="companies-title">{t("customers.companies")}</h2>
      {(companies.data ?? []).length === 0 ? <p className="muted">{t("customers.noCompanies")}</p> : (
        <ul className="customers__companies">
          {companies.data?.map((company) => (
            <li key={company.id}>
              {company.name}
              {company.domain && <span className="muted"> · {company.domain}</span>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} aria-label={t("customers.newCompany")}>
        <Field label={t("customers.companyName")} name="name" error={create.error}>
          {(control) => <input {...control} required value={form.name}
                               onChange={(event) => setForm({ ...form, name: event.target.value })} />}
        </Field>
        <Field label={t("customers.domain")} name="domain" error={create.error}
               hint={t("customers.domainHint")}>
          {(control) => <input {...control} value={form.domain} placeholder="example.com"
                               onChange={(event) => setForm({ ...form, domain: event.target.value })} />}
        </Field>
        <FormError error={create.error} fields={["name", "domain"]} />
        <div className="form-actions">
          <Button type="submit" disabled={create.isPending}>{t("customers.addCompany")}</Button>
        </div>
      </form>
    </section>
  );
}
