import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { RequestFailed, api, expectDone, unwrap, type Schemas } from "../../shared/api/client";
import { formatMoment } from "../../shared/i18n";
import "../../shared/ui/table.css";
import "./caller-lists.css";
import { LISTS, useCallerLists } from "../../shared/api/queries";

type CallerList = Schemas["CallerList"];

/** Caller lists (VIP and others): which numbers a route's VIP node recognises. */
export function CallerListsPage({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { listId } = useParams();
  const lists = useCallerLists();
  if (lists.isPending) return <p role="status">{t("app.loading")}</p>;
  if (lists.isError) {
    return <p role="alert">{t("error.generic", { message: lists.error.message })}</p>;
  }
  const open = lists.data.find((list) => String(list.id) === listId);
  return (
    <section aria-labelledby="lists-title" className="caller-lists">
      <div>
        <h1 id="lists-title">{t("callerLists.title")}</h1>
        <p className="muted">{t("callerLists.intro")}</p>
        {canEdit && <NewList />}
        {lists.data.length === 0 ? <p>{t("callerLists.none")}</p> : (
          <table className="table table--stack">
            <caption className="visually-hidden">{t("callerLists.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("callerLists.name")}</th>
                <th scope="col">{t("callerLists.entries")}</th>
                <th scope="col">{t("callerLists.usedBy")}</th>
                <th scope="col">{t("routes.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {lists.data.map((list) => (
                <tr key={list.id} aria-current={list === open ? "true" : undefined}>
                  <th scope="row"><Link to={`/caller-lists/${list.id}`}>{list.name}</Link></th>
                  <td data-label={t("callerLists.entries")}>{t("callerLists.count", { count: list.entries.length })}</td>
                  <td data-label={t("callerLists.usedBy")}>{list.used_by.join(", ") || "—"}</td>
                  <td data-label={t("routes.updated")}>
                    {formatMoment(list.updated_at, i18n.language)}
                    {list.updated_by && (
                      <> {t("routes.by", { name: list.updated_by.display_name
                                                  || list.updated_by.login })}</>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {listId !== undefined && (open
        ? <ListEditor key={open.id} list={open} canEdit={canEdit} />
        : <p role="alert">{t("error.notFound")}</p>)}
    </section>
  );
}

function NewList() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const id = useId();
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/caller-lists", { body: { name, entries: [] } })),
    onSuccess: async (list) => {
      await client.invalidateQueries({ queryKey: LISTS });
      setName("");
      void navigate(`/caller-lists/${list.id}`);
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form className="new-route" onSubmit={submit} aria-label={t("callerLists.new")}>
      <label htmlFor={id}>{t("callerLists.newName")}</label>
      <input id={id} required maxLength={100} value={name}
             onChange={(event) => setName(event.target.value)} />
      <button type="submit" disabled={create.isPending}>{t("callerLists.create")}</button>
      {create.isError && <p role="alert">{create.error.message}</p>}
    </form>
  );
}

function entriesOf(text: string): string[] {
  return text.split(/[\n,;]+/).map((entry) => entry.trim()).filter(Boolean);
}

/** One list: name, description and entries, saved with its revision; a change made
 *  meanwhile is a conflict that keeps what was typed. */
function ListEditor({ list, canEdit }: { list: CallerList; canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const ids = { name: useId(), description: useId(), entries: useId(), help: useId() };
  const [name, setName] = useState(list.name);
  const [description, setDescription] = useState(list.description);
  const [entries, setEntries] = useState(list.entries.join("\n"));
  const [revision, setRevision] = useState(list.revision);
  const [conflict, setConflict] = useState<CallerList | null>(null);
  const save = useMutation({
    mutationFn: async (asRevision: number) => unwrap(await api.PATCH(
      "/api/v1/caller-lists/{list_id}", {
        params: { path: { list_id: list.id } },
        body: { revision: asRevision, name, description, entries: entriesOf(entries) },
      })),
    onSuccess: (saved) => {
      setConflict(null);
      setRevision(saved.revision);
      setEntries(saved.entries.join("\n"));
      client.setQueryData<CallerList[]>(LISTS, (old) =>
        old?.map((item) => item.id === saved.id ? saved : item));
    },
    onError: async (error) => {
      if (error instanceof RequestFailed && error.status === 409) {
        const theirs = unwrap(await api.GET("/api/v1/caller-lists/{list_id}",
                                            { params: { path: { list_id: list.id } } }));
        setConflict(theirs);
      }
    },
  });
  const remove = useMutation({
    mutationFn: async () => expectDone(await api.DELETE("/api/v1/caller-lists/{list_id}",
                                                        { params: { path: { list_id: list.id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: LISTS });
      void navigate("/caller-lists");
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(revision);
  }
  function reloadTheirs(theirs: CallerList) {
    setName(theirs.name);
    setDescription(theirs.description);
    setEntries(theirs.entries.join("\n"));
    setRevision(theirs.revision);
    setConflict(null);
    save.reset();
    client.setQueryData<CallerList[]>(LISTS, (old) =>
      old?.map((item) => item.id === theirs.id ? theirs : item));
  }
  const failure = save.error instanceof RequestFailed && save.error.status !== 409
    ? save.error : null;
  const badEntry = failure?.body?.details["field"] === "entries";
  return (
    <form className="list-editor" onSubmit={submit} aria-labelledby={`${ids.name}-title`}>
      <h2 id={`${ids.name}-title`}>{list.name}</h2>
      <label htmlFor={ids.name}>{t("callerLists.name")}</label>
      <input id={ids.name} value={name} readOnly={!canEdit} required maxLength={100}
             onChange={(event) => setName(event.target.value)} />
      <label htmlFor={ids.description}>{t("callerLists.description")}</label>
      <input id={ids.description} value={description} readOnly={!canEdit} maxLength={500}
             onChange={(event) => setDescription(event.target.value)} />
      <label htmlFor={ids.entries}>{t("callerLists.entries")}</label>
      <textarea id={ids.entries} rows={12} value={entries} readOnly={!canEdit}
                aria-describedby={ids.help} aria-invalid={badEntry || undefined}
                onChange={(event) => setEntries(event.target.value)} />
      <small id={ids.help}>{t("callerLists.entriesHelp")}</small>
      {list.used_by.length > 0 && (
        <p className="muted">{t("callerLists.usedByRoutes", { routes: list.used_by.join(", ") })}</p>
      )}
      {failure && <p role="alert" className="problem">{failure.message}</p>}
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t("callerLists.conflict")}</p>
          <button type="button" onClick={() => reloadTheirs(conflict)}>
            {t("builder.reloadTheirs")}
          </button>
          <button type="button" onClick={() => save.mutate(conflict.revision)}>
            {t("builder.keepMine")}
          </button>
        </div>
      )}
      {save.isSuccess && <p role="status">{t("callerLists.saved")}</p>}
      {canEdit && (
        <div className="list-editor__actions">
          <button type="submit" disabled={save.isPending}>{t("callerLists.save")}</button>
          <button type="button" className="secondary" disabled={list.used_by.length > 0}
                  onClick={() => {
                    if (window.confirm(t("callerLists.confirmDelete", { name: list.name }))) {
                      remove.mutate();
                    }
                  }}>
            {t("callerLists.delete")}
          </button>
          {remove.isError && <p role="alert">{remove.error.message}</p>}
        </div>
      )}
    </form>
  );
}
