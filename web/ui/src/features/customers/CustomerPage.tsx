// One customer: their card (edited in place, a change kept until saved) and their history
// across channels — tickets (only those this person may see) and calls — and a new ticket
// opened for them by hand.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useHelpdeskNames, useHelpdeskSetup } from "../../shared/helpdeskNames";
import { formatMoment } from "../../shared/i18n";
import { ticketSubject } from "../../shared/subject";
import { Button } from "../../shared/ui/Button";
import { Field, FormError } from "../../shared/ui/Field";
import { useSession } from "../../shared/session";
import { useUnsaved } from "../../shared/unsaved";
import { lines } from "./CustomersPage";
import "../../shared/ui/table.css";
import "./customers.css";

type History = Schemas["ContactHistory"];

export default function CustomerPage() {
  const { t } = useTranslation();
  const contactId = Number(useParams().contactId);
  const found = useQuery({
    queryKey: ["contact", contactId], enabled: Number.isInteger(contactId),
    queryFn: async () => unwrap(await api.GET("/api/v1/contacts/{contact_id}", {
      params: { path: { contact_id: contactId } } })),
  });
  if (found.isPending) return <p role="status">{t("app.loading")}</p>;
  if (found.isError) return <p role="alert">{errorText(t, found.error)}</p>;
  const contact = found.data;
  return (
    <section className="customer" aria-labelledby="customer-title">
      <p><Link to="/customers">{t("customers.back")}</Link></p>
      <h1 id="customer-title">{contact.name || t("customers.noName")}</h1>
      <div className="customer__layout">
        <div>
          <TicketHistory contact={contact} />
          <CallHistory contact={contact} />
        </div>
        <div>
          <ContactCard key={JSON.stringify(contact)} contact={contact} />
          <NewTicket contact={contact} />
        </div>
      </div>
    </section>
  );
}

function ContactCard({ contact }: { contact: History }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const companies = useQuery({ queryKey: ["companies"],
                               queryFn: async () => unwrap(await api.GET("/api/v1/companies")) });
  const saved = { name: contact.name, phones: contact.phones.join("\n"),
                  emails: contact.emails.join("\n"), company: contact.company?.id ?? null };
  const [form, setForm] = useState(saved);
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  useUnsaved(dirty);
  const save = useMutation({
    mutationFn: async () => unwrap(await api.PUT("/api/v1/contacts/{contact_id}", {
      params: { path: { contact_id: contact.id } }, body: {
        name: form.name.trim(), phones: lines(form.phones), emails: lines(form.emails),
        company_id: form.company } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["contact", contact.id] }),
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="contact-card-title">
      <h2 id="contact-card-title">{t("customers.card")}</h2>
      <Field label={t("ticket.name")} name="name" error={save.error}>
        {(control) => <input {...control} value={form.name} maxLength={200}
                             onChange={(event) => setForm({ ...form, name: event.target.value })} />}
      </Field>
      <Field label={t("customers.phones")} name="phones" error={save.error}
             hint={t("customers.onePerLine")}>
        {(control) => <textarea {...control} rows={2} value={form.phones}
                                onChange={(event) => setForm({ ...form, phones: event.target.value })} />}
      </Field>
      <Field label={t("customers.emails")} name="emails" error={save.error}
             hint={t("customers.onePerLine")}>
        {(control) => <textarea {...control} rows={2} value={form.emails}
                                onChange={(event) => setForm({ ...form, emails: event.target.value })} />}
      </Field>
      <Field label={t("ticket.company")} name="company_id" error={save.error}>
        {(control) => (
          <select {...control} value={form.company ?? ""}
                  onChange={(event) => setForm({ ...form,
                    company: event.target.value ? Number(event.target.value) : null })}>
            <option value="">{t("customers.noCompany")}</option>
            {(companies.data ?? []).map((company) => (
              <option key={company.id} value={company.id}>{company.name}</option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={save.error} fields={["name", "phones", "emails", "company_id"]} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!dirty || save.isPending}>
          {t("customers.save")}
        </Button>
        {save.isSuccess && !dirty && <p role="status">{t("customers.saved")}</p>}
      </div>
    </form>
  );
}

function TicketHistory({ contact }: { contact: History }) {
  const { t, i18n } = useTranslation();
  const names = useHelpdeskNames();
  return (
    <section aria-labelledby="customer-tickets">
      <h2 id="customer-tickets">{t("customers.tickets", { count: contact.tickets.length })}</h2>
      {contact.tickets.length === 0 ? <p className="muted">{t("customers.noTickets")}</p> : (
        <table className="table table--stack">
          <thead><tr>
            <th scope="col">{t("tickets.number")}</th>
            <th scope="col">{t("tickets.subject")}</th>
            <th scope="col">{t("tickets.channel")}</th>
            <th scope="col">{t("ticket.status")}</th>
            <th scope="col">{t("ticket.created")}</th>
          </tr></thead>
          <tbody>
            {contact.tickets.map((ticket) => (
              <tr key={ticket.id}>
                <th scope="row"><Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link></th>
                <td data-label={t("tickets.subject")}>{ticketSubject(ticket, t)}</td>
                <td data-label={t("tickets.channel")}>{t(`tickets.channels.${ticket.channel}`)}</td>
                <td data-label={t("ticket.status")}>{names.status(ticket.status)}</td>
                <td data-label={t("ticket.created")}>{formatMoment(ticket.created_at, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CallHistory({ contact }: { contact: History }) {
  const { t, i18n } = useTranslation();
  const mayOpen = new Set(contact.tickets.map((ticket) => ticket.id));
  return (
    <section aria-labelledby="customer-calls">
      <h2 id="customer-calls">{t("customers.calls", { count: contact.calls.length })}</h2>
      {contact.calls.length === 0 ? <p className="muted">{t("customers.noCalls")}</p> : (
        <ul className="customer__calls">
          {contact.calls.map((call) => (
            <li key={call.linkedid}>
              {formatMoment(call.started_at, i18n.language)} ·{" "}
              {t(`customers.direction.${call.direction}`)} ·{" "}
              {call.outcome ? t(`activity.outcomes.${call.outcome}`) : t("customers.inProgress")}
              {call.ticket_id !== null && mayOpen.has(call.ticket_id) && (
                <> · <Link to={`/tickets/${call.ticket_id}`}>{t("customers.itsTicket")}</Link></>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewTicket({ contact }: { contact: History }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const names = useHelpdeskNames();
  const { queues } = useHelpdeskSetup();
  const me = useSession().data?.user?.id ?? null;
  const [form, setForm] = useState({ subject: "", queue: "", body: "" });
  useUnsaved(form.subject.trim() !== "" || form.body.trim() !== "");
  const open = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/tickets", { body: {
      subject: form.subject.trim(), body: form.body, queue: form.queue || null,
      owner_id: me,  // opened by hand: theirs to work
      contact: { phone: contact.phones[0] ?? null, email: contact.emails[0] ?? null,
                 name: contact.name || null } } })),
    onSuccess: (ticket) => {
      setForm({ subject: "", queue: "", body: "" });
      setOpened(ticket.id);
    },
  });
  // Opened (and so nothing unsaved any more): its page, once the form has emptied.
  const [opened, setOpened] = useState<number | null>(null);
  useEffect(() => {
    if (opened !== null) void navigate(`/tickets/${opened}`);
  }, [opened, navigate]);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.subject.trim()) open.mutate();
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-ticket-title">
      <h2 id="new-ticket-title">{t("customers.newTicket")}</h2>
      <Field label={t("tickets.subject")} name="subject" error={open.error}>
        {(control) => <input {...control} required maxLength={200} value={form.subject}
                             onChange={(event) => setForm({ ...form, subject: event.target.value })} />}
      </Field>
      <Field label={t("ticket.queue")} name="queue" error={open.error}>
        {(control) => (
          <select {...control} value={form.queue}
                  onChange={(event) => setForm({ ...form, queue: event.target.value })}>
            <option value="">{t("customers.defaultQueue")}</option>
            {(queues.data ?? []).filter((queue) => queue.active).map((queue) => (
              <option key={queue.code} value={queue.code}>{names.queue(queue.code)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("customers.firstNote")} name="body" error={open.error}>
        {(control) => <textarea {...control} rows={3} value={form.body}
                                onChange={(event) => setForm({ ...form, body: event.target.value })} />}
      </Field>
      <FormError error={open.error} fields={["subject", "queue", "body"]} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!form.subject.trim() || open.isPending}>
          {t("customers.openTicket")}
        </Button>
      </div>
    </form>
  );
}
