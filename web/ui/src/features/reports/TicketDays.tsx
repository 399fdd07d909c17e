// Tickets per day: created and resolved as a chart, with first reaction, handling time
// (SLA time only) and SLA met % in the table beside it.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type uPlot from "uplot";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { clock } from "../../shared/clock";
import { formatPercent, localeOf } from "../../shared/i18n";
import { Chart, COUNT_STEPS, timeAxes } from "./Chart";

export function TicketDays({ period }: { period: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const series = useQuery({
    queryKey: ["ticket-series", period],
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/tickets/series", { params: {
      query: { from: period.from, to: period.to } } })),
  });
  const days = useMemo(() => series.data ?? [], [series.data]);
  const date = new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: "medium",
                                                                  timeZone: "UTC" });
  const { options, data } = useMemo(() => {
    const x = days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
    const { first, axes, tzDate, legend } = timeAxes(localeOf(i18n.language), t("reports.day"),
                                     { dateStyle: "medium", timeZone: "UTC" });
    const chart: Omit<uPlot.Options, "width" | "height"> = {
      series: [first, { label: t("reports.ticketsCreated"), stroke: "#1c5fd4", width: 2 },
               { label: t("reports.ticketsResolved"), stroke: "#1a6b34", width: 2 }],
      axes: [axes?.[0] ?? {}, { label: t("reports.tickets"), incrs: COUNT_STEPS }],
      tzDate, legend,
    };
    return { options: chart, data: [x, days.map((day) => day.created),
                                    days.map((day) => day.resolved)] as uPlot.AlignedData };
  }, [days, t, i18n.language]);
  const seconds = (value: number | null) => value === null ? "—" : clock(value);
  return (
    <section aria-labelledby="ticket-days">
      <h2 id="ticket-days">{t("reports.ticketDays")}</h2>
      {series.isError && <p role="alert">{errorText(t, series.error)}</p>}
      {series.data && (days.length === 0 ? <p className="muted">{t("reports.noTickets")}</p> : (
        <div className="report-pair">
          {days.length > 1 && <Chart options={options} data={data} />}
          <div className="table-scroll">
            <table className="table table--stack">
              <thead><tr>
                <th scope="col">{t("reports.day")}</th>
                <th scope="col">{t("reports.ticketsCreated")}</th>
                <th scope="col">{t("reports.ticketsResolved")}</th>
                <th scope="col">{t("reports.firstReaction")}</th>
                <th scope="col">{t("reports.handling")}</th>
                <th scope="col">{t("reports.slaMet")}</th>
              </tr></thead>
              <tbody>
                {days.map((day) => (
                  <tr key={day.day}>
                    <th scope="row">{date.format(new Date(`${day.day}T00:00:00Z`))}</th>
                    <td data-label={t("reports.ticketsCreated")}>{day.created}</td>
                    <td data-label={t("reports.ticketsResolved")}>{day.resolved}</td>
                    <td data-label={t("reports.firstReaction")}>{seconds(day.avg_first_reaction_seconds)}</td>
                    <td data-label={t("reports.handling")}>{seconds(day.avg_handling_seconds)}</td>
                    <td data-label={t("reports.slaMet")}>{formatPercent(day.sla_met_percent, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
