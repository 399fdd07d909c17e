import { useMutation } from "@tanstack/react-query";
import { Route } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { useRoutes } from "../../shared/api/queries";
import { formatMoment } from "../../shared/i18n";
import { EmptyState, Skeleton } from "../../shared/ui/EmptyState";
import "../../shared/ui/table.css";
import "../../shared/ui/ui.css";
import "./routes.css";

/** Routes: name, numbers, published version, last change and who made it. */
export function RoutesPage({ canCreate }: { canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const routes = useRoutes();
  if (routes.isPending) return <Skeleton lines={4} label={t("app.loading")} />;
  if (routes.isError) {
    return <p role="alert">{t("error.generic", { message: routes.error.message })}</p>;
  }
  return (
    <section aria-labelledby="routes-title">
      <h1 id="routes-title">{t("routes.title")}</h1>
      <p className="muted">{t("routes.count", { count: routes.data.length })}</p>
      {canCreate && <NewRoute />}
      {routes.data.length === 0 ? (
        <EmptyState icon={Route} title={t("routes.none")}>
          {canCreate ? t("routes.noneNext") : t("routes.noneAsk")}
        </EmptyState>
      ) : (
        <table className="table table--stack">
          <caption className="visually-hidden">{t("routes.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("routes.name")}</th>
              <th scope="col">{t("routes.numbers")}</th>
              <th scope="col">{t("routes.published")}</th>
              <th scope="col">{t("routes.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {routes.data.map((route) => (
              <tr key={route.id}>
                <th scope="row"><Link to={`/routes/${route.id}`}>{route.name}</Link></th>
                <td data-label={t("routes.numbers")}>{route.numbers.join(", ") || "—"}</td>
                <td data-label={t("routes.published")}>
                  {route.published_version ?? t("routes.notPublished")}
                  {route.published_version !== null && route.draft_differs && (
                    <> <span className="chip chip--warn">
                      {t("builder.draftDiffers", { version: route.published_version })}
                    </span></>
                  )}
                </td>
                <td data-label={t("routes.updated")}>
                  {formatMoment(route.updated_at, i18n.language)}
                  {route.updated_by && (
                    <> {t("routes.by", { name: route.updated_by.display_name || route.updated_by.login })}</>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const id = useId();
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/routes", { body: { name } })),
    onSuccess: (route) => void navigate(`/routes/${route.id}`),
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form className="new-route" onSubmit={submit} aria-label={t("routes.new")}>
      <label htmlFor={id}>{t("routes.newName")}</label>
      <input id={id} required value={name} onChange={(event) => setName(event.target.value)} />
      <button type="submit" disabled={create.isPending}>{t("routes.create")}</button>
      {create.isError && <p role="alert">{create.error.message}</p>}
    </form>
  );
}
