// The agent's ticket lists: their own, their queues' unowned ones, everything they may see
// (the API decides which). Filters, sort and page live in the address, so a list can be
// linked, reloaded and gone back to; due times run down on screen; j/k and Enter move.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useNow } from "../../shared/clock";
import { useHelpdeskNames, useHelpdeskSetup } from "../../shared/helpdeskNames";
import { formatMoment, localeOf } from "../../shared/i18n";
import { ticketSubject } from "../../shared/subject";
import { Button } from "../../shared/ui/Button";
import { BulkBar } from "./BulkBar";
import { SavedViews } from "./SavedViews";
import { dueOf, type Due } from "./due";
import "../../shared/ui/table.css";
import "./tickets.css";

type Ticket = Schemas["Ticket"];
const VIEWS = { mine: { owner: "me" }, waiting: { owner: "none" }, all: {} } as const;
type View = keyof typeof VIEWS;
const FILTERS = ["status", "queue", "priority", "channel", "snoozed"] as const;
const SORTS = ["-created_at", "-updated_at", "resolution_due", "reaction_due", "-number"] as const;
const CHANNELS = ["phone", "email", "sms", "form", "agent"] as const;
const PER_PAGE = 50;

function viewOf(value: string | null): View {
  return value === "waiting" || value === "all" ? value : "mine";
}

export default function TicketsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = viewOf(params.get("view"));
  const page = Math.max(1, Number(params.get("page")) || 1);
  const query = {
    ...VIEWS[view], page, per_page: PER_PAGE, q: params.get("q") || undefined,
    sort: (params.get("sort") || "-created_at") as (typeof SORTS)[number],
    ...Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || undefined])),
  };
  const list = useQuery({
    queryKey: ["tickets", query], placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET("/api/v1/tickets", { params: { query } })),
  });
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value); else next.delete(name);
    }
    if (!("page" in changes)) next.delete("page");  // another list starts at its first page
    setParams(next);
  };
  return (
    <section className="tickets" aria-labelledby="tickets-title">
      <h1 id="tickets-title">{t("tickets.title")}</h1>
      <nav className="tickets__views" aria-label={t("tickets.views")}>
        {(Object.keys(VIEWS) as View[]).map((name) => (
          <button key={name} type="button" aria-current={view === name ? "page" : undefined}
                  onClick={() => set({ view: name === "mine" ? null : name })}>
            {t(`tickets.view.${name}`)}
          </button>
        ))}
      </nav>
      <SavedViews params={params} />
      <Filters key={params.get("q") ?? ""} params={params} set={set} />
      {list.isError && <p role="alert">{errorText(t, list.error)}</p>}
      {list.isPending ? <p role="status">{t("app.loading")}</p> : list.data && (
        <>
          <p className="muted" role="status">
            {list.data.total === 0 ? t("tickets.none")
              : t(list.data.total_exact ? "tickets.counted" : "tickets.countedAtLeast", {
                from: (page - 1) * PER_PAGE + 1,
                to: (page - 1) * PER_PAGE + list.data.items.length,
                count: list.data.total,
                total: list.data.total.toLocaleString(localeOf(i18n.language)) })}
          </p>
          {list.data.items.length > 0 && <TicketTable tickets={list.data.items} />}
          <div className="form-actions">
            <Button disabled={page === 1} onClick={() => set({ page: String(page - 1) })}>
              {t("tickets.previous")}
            </Button>
            <Button disabled={page * PER_PAGE >= list.data.total}
                    onClick={() => set({ page: String(page + 1) })}>
              {t("tickets.next")}
            </Button>
          </div>
        </>
      )}
      <Shortcuts />
    </section>
  );
}

function Filters({ params, set }: { params: URLSearchParams;
                                    set: (changes: Record<string, string | null>) => void }) {
  const { t } = useTranslation();
  const names = useHelpdeskNames();
  const { statuses, priorities, queues } = useHelpdeskSetup();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const select = (name: string, label: string, choices: [string, string][]) => (
    <label className="tickets__filter">
      <span>{label}</span>
      <select value={params.get(name) ?? ""} onChange={(event) => set({ [name]: event.target.value })}>
        <option value="">{t("tickets.any")}</option>
        {choices.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </label>
  );
  return (
    <form className="tickets__filters" role="search"
          onSubmit={(event) => { event.preventDefault(); set({ q: search.trim() || null }); }}>
      <label className="tickets__filter tickets__search">
        <span>{t("tickets.search")}</span>
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)}
               placeholder={t("tickets.searchHint")} />
      </label>
      <Button type="submit">{t("tickets.find")}</Button>
      {select("status", t("ticket.status"), (statuses.data ?? []).filter((status) => status.active)
        .map((status) => [status.code, names.status(status.code)]))}
      {select("queue", t("ticket.queue"), (queues.data ?? []).filter((queue) => queue.active)
        .map((queue) => [queue.code, names.queue(queue.code)]))}
      {select("priority", t("ticket.priority"), (priorities.data ?? [])
        .map((priority) => [priority.code, names.priority(priority.code)]))}
      {select("channel", t("tickets.channel"), CHANNELS.map((channel) =>
        [channel, t(`tickets.channels.${channel}`)]))}
      {select("snoozed", t("tickets.snoozed"), [["only", t("tickets.snoozedOnly")],
                                                 ["include", t("tickets.snoozedToo")]])}
      <label className="tickets__filter">
        <span>{t("tickets.sort")}</span>
        <select value={params.get("sort") ?? "-created_at"}
                onChange={(event) => set({ sort: event.target.value === "-created_at" ? null
                  : event.target.value })}>
          {SORTS.map((sort) => <option key={sort} value={sort}>{t(`tickets.sorts.${sort}`)}</option>)}
        </select>
      </label>
    </form>
  );
}

function DueCell({ due, label }: { due: Due | null; label: string }) {
  const { t } = useTranslation();
  if (!due) return <td data-label={label}>—</td>;
  return (
    <td data-label={label} className={`due due--${due.state}`}>
      {due.state === "overdue" && <span className="chip chip--danger">{t("tickets.overdue")}</span>}
      {" "}{due.text}
    </td>
  );
}

/** The rows, moved through with j and k (or the arrows), opened with Enter. */
function TicketTable({ tickets }: { tickets: Ticket[] }) {
  const { t, i18n } = useTranslation();
  const names = useHelpdeskNames();
  const now = useNow();
  const navigate = useNavigate();
  const locale = localeOf(i18n.language);
  const [picked, setPicked] = useState<ReadonlySet<number>>(() => new Set());
  const [chosen, setFocused] = useState(0);
  const focused = Math.min(chosen, tickets.length - 1);  // a shorter page: its last row
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  function keys(event: KeyboardEvent<HTMLTableSectionElement>) {
    const target = event.target as HTMLElement;
    if (target.closest("input, select, textarea")) return;
    const step = event.key === "j" || event.key === "ArrowDown" ? 1
      : event.key === "k" || event.key === "ArrowUp" ? -1 : 0;
    if (step) {
      event.preventDefault();
      const next = Math.min(tickets.length - 1, Math.max(0, focused + step));
      setFocused(next);
      rows.current[next]?.focus();
    } else if (event.key === "Enter") {
      const ticket = tickets[focused];
      if (ticket && target.tagName !== "A") void navigate(`/tickets/${ticket.id}`);
    }
  }
  const pick = (id: number, on: boolean) => setPicked((old) => {
    const next = new Set(old);
    if (on) next.add(id); else next.delete(id);
    return next;
  });
  const pickedTickets = tickets.filter((ticket) => picked.has(ticket.id));
  return (
    <>
    {pickedTickets.length > 0 && <BulkBar chosen={pickedTickets} onDone={() => setPicked(new Set())} />}
    <table className="table table--stack tickets__table">
      <caption className="visually-hidden">{t("tickets.title")}</caption>
      <thead>
        <tr>
          <th scope="col" className="tickets__pick">
            <input type="checkbox" aria-label={t("tickets.bulk.pickAll")}
                   checked={pickedTickets.length === tickets.length}
                   onChange={(event) => setPicked(event.target.checked
                     ? new Set(tickets.map((ticket) => ticket.id)) : new Set())} />
          </th>
          <th scope="col">{t("tickets.number")}</th>
          <th scope="col">{t("tickets.subject")}</th>
          <th scope="col">{t("ticket.customer")}</th>
          <th scope="col">{t("ticket.status")}</th>
          <th scope="col">{t("ticket.queue")}</th>
          <th scope="col">{t("tickets.owner")}</th>
          <th scope="col">{t("tickets.reactionDue")}</th>
          <th scope="col">{t("tickets.resolutionDue")}</th>
          <th scope="col">{t("ticket.created")}</th>
        </tr>
      </thead>
      <tbody onKeyDown={keys}>
        {tickets.map((ticket, index) => (
          <tr key={ticket.id} tabIndex={index === focused ? 0 : -1}
              ref={(row) => { rows.current[index] = row; }}
              onFocus={() => setFocused(index)}
              className={ticket.priority === "urgent" ? "tickets__urgent" : undefined}>
            <td className="tickets__pick">
              <input type="checkbox" checked={picked.has(ticket.id)}
                     aria-label={t("tickets.bulk.pick", { number: ticket.number })}
                     onChange={(event) => pick(ticket.id, event.target.checked)} />
            </td>
            <th scope="row"><Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link></th>
            <td data-label={t("tickets.subject")}>
              {ticketSubject(ticket, t)}
              {ticket.priority !== "normal" && (
                <span className={`chip chip--priority-${ticket.priority}`}> {names.priority(ticket.priority)}</span>
              )}
            </td>
            <td data-label={t("ticket.customer")}>
              {ticket.contact ? ticket.contact.name || ticket.contact.phone || "—" : "—"}
            </td>
            <td data-label={t("ticket.status")}>{names.status(ticket.status)}
              {ticket.snoozed_until && <span className="chip"> {t("tickets.snoozedChip")}</span>}</td>
            <td data-label={t("ticket.queue")}>{names.queue(ticket.queue)}</td>
            <td data-label={t("tickets.owner")}>{ticket.owner_name ?? t("tickets.nobody")}</td>
            <DueCell label={t("tickets.reactionDue")}
                     due={ticket.first_reaction_at ? null : dueOf(ticket.reaction_due, now, locale)} />
            <DueCell label={t("tickets.resolutionDue")}
                     due={ticket.closed ? null : dueOf(ticket.resolution_due, now, locale)} />
            <td data-label={t("ticket.created")}>{formatMoment(ticket.created_at, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  );
}

/** "?" lists the keys of this page. */
function Shortcuts() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const listen = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, select, textarea")) return;
      if (event.key === "?") setOpen((old) => !old);
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", listen);
    return () => window.removeEventListener("keydown", listen);
  }, []);
  return (
    <details className="tickets__keys" open={open}
             onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t("tickets.keys")}</summary>
      <dl>
        <dt><kbd>j</kbd> / <kbd>↓</kbd></dt><dd>{t("tickets.keyNext")}</dd>
        <dt><kbd>k</kbd> / <kbd>↑</kbd></dt><dd>{t("tickets.keyPrevious")}</dd>
        <dt><kbd>Enter</kbd></dt><dd>{t("tickets.keyOpen")}</dd>
        <dt><kbd>?</kbd></dt><dd>{t("tickets.keyHelp")}</dd>
      </dl>
    </details>
  );
}
