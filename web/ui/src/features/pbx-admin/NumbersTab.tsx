import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../shared/api/client";
import { useRoutes } from "../../shared/api/queries";
import "../../shared/ui/table.css";

/** The company's inbound numbers and the route each one runs; a number is attached or
 *  moved in its route's builder. */
export function NumbersTab() {
  const { t } = useTranslation();
  const numbers = useQuery({ queryKey: ["numbers"],
                             queryFn: async () => unwrap(await api.GET("/api/v1/numbers")) });
  const routes = useRoutes();
  if (numbers.isPending || routes.isPending) return <p role="status">{t("app.loading")}</p>;
  if (numbers.isError || routes.isError) {
    return <p role="alert">{t("error.generic", { message: (numbers.error ?? routes.error)?.message })}</p>;
  }
  const names = new Map(routes.data.map((route) => [route.id, route.name]));
  return (
    <div>
      <p className="muted">{t("pbx.numbersIntro")}</p>
      {numbers.data.length === 0 ? <p>{t("pbx.noNumbers")}</p> : (
        <table className="table table--stack">
          <caption className="visually-hidden">{t("pbx.numbers")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pbx.number")}</th>
              <th scope="col">{t("pbx.numberLabel")}</th>
              <th scope="col">{t("pbx.route")}</th>
            </tr>
          </thead>
          <tbody>
            {numbers.data.map((number) => (
              <tr key={number.number}>
                <th scope="row">{number.number}</th>
                <td data-label={t("pbx.numberLabel")}>{number.label || "—"}</td>
                <td data-label={t("pbx.route")}>
                  {number.route_id === null ? <span className="muted">{t("pbx.noRoute")}</span>
                    : <Link to={`/routes/${number.route_id}`}>
                        {names.get(number.route_id) ?? t("pbx.route")}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
