import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { formatMoment } from "../../shared/i18n";
import "./routes.css";

export function useRoutes() {
  return useQuery({
    queryKey: ["routes"],
    queryFn: async () => unwrap(await api.GET("/api/v1/routes")),
  });
}

/** Routes: name, numbers, published version, last change and who made it. */
export function RoutesPage() {
  const { t, i18n } = useTranslation();
  const routes = useRoutes();
  if (routes.isPending) return <p role="status">{t("app.loading")}</p>;
  if (routes.isError) {
    return <p role="alert">{t("error.generic", { message: routes.error.message })}</p>;
  }
  return (
    <section aria-labelledby="routes-title">
      <h1 id="routes-title">{t("routes.title")}</h1>
      <p className="muted">{t("routes.count", { count: routes.data.length })}</p>
      {routes.data.length === 0 ? <p>{t("routes.none")}</p> : (
        <table className="table">
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
                <th scope="row">{route.name}</th>
                <td>{route.numbers.join(", ") || "—"}</td>
                <td>{route.published_version ?? t("routes.notPublished")}</td>
                <td>
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
