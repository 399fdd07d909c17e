// What agents said their answered calls came to (wrap-up dispositions) in the period, and
// how many calls nobody gave one.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { formatNumber } from "../../shared/i18n";

export function Dispositions({ period }: { period: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const report = useQuery({
    queryKey: ["calls-report", period, "disposition"],
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/calls", { params: {
      query: { from: period.from, to: period.to, group_by: "disposition" } } })),
  });
  const rows = report.data && typeof report.data !== "string" ? report.data.rows : [];
  return (
    <section aria-labelledby="dispositions-title">
      <h2 id="dispositions-title">{t("reports.dispositions")}</h2>
      {report.isError && <p role="alert">{errorText(t, report.error)}</p>}
      {report.isSuccess && rows.length === 0 && <p className="muted">{t("reports.noAnsweredCalls")}</p>}
      {rows.length > 0 && (
        <table className="table">
          <thead><tr>
            <th scope="col">{t("reports.disposition")}</th>
            <th scope="col">{t("reports.answered")}</th>
          </tr></thead>
          <tbody>
            {rows.map((row) => {
              const name = typeof row["group"] === "string" ? row["group"] : "";
              return (
                <tr key={name}>
                  <th scope="row">{name || t("reports.noDisposition")}</th>
                  <td>{formatNumber(Number(row["offered"] ?? 0), i18n.language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
