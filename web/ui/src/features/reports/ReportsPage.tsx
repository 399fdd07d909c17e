// Reports for supervisors and admins: a period (presets or days), optionally one queue;
// calls per hour by outcome, service level and waits per day, calls by weekday and hour
// for staffing, and the figures per queue, each chart with its table; export as CSV or
// XLSX from the server.
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { clock } from "../../shared/clock";
import { formatPercent, localeOf } from "../../shared/i18n";
import "../../shared/ui/table.css";
import { Dispositions } from "./Dispositions";
import { AgentsTime } from "./AgentsTime";
import { Chart, COUNT_STEPS, stacked, timeAxes } from "./Chart";
import { periodOf, PRESETS, type Preset } from "./period";
import { TicketDays } from "./TicketDays";
import "./reports.css";

const COLOURS = { answered: "#1a6b34", abandoned: "#b3261e", missed: "#b06a00",
                  other: "#8a94a3" };
const STACKS = ["answered", "abandoned", "missed", "other"] as const;

export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const ids = { preset: useId(), from: useId(), to: useId(), queue: useId() };
  const [preset, setPreset] = useState<Preset>("last7");
  const [custom, setCustom] = useState(periodOf("last7", new Date()));
  const [queue, setQueue] = useState("");
  const period = preset === "custom" ? custom : periodOf(preset, new Date());
  const queues = useQuery({ queryKey: ["pbx-queues"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/pbx/queues")) });
  const series = useQuery({
    queryKey: ["call-series", period, queue],
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/calls/series", { params: {
      query: { from: period.from, to: period.to, ...(queue ? { queue } : {}) } } })),
  });
  const perQueue = useQuery({
    queryKey: ["calls-report", period],
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/calls", { params: {
      query: { from: period.from, to: period.to, group_by: "queue" } } })),
  });
  const exportLink = (kind: "csv" | "xlsx") =>
    `/api/v1/reports/calls?from=${period.from}&to=${period.to}&group_by=queue&format=${kind}`;
  const ticketsLink = (kind: "csv" | "xlsx") =>
    `/api/v1/reports/tickets/export?from=${period.from}&to=${period.to}&format=${kind}`;
  return (
    <div className="reports">
      <h1>{t("reports.title")}</h1>
      <form className="live-filters" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={ids.preset}>{t("reports.period")}</label>
        <select id={ids.preset} value={preset}
                onChange={(event) => setPreset(event.target.value as Preset)}>
          {PRESETS.map((each) => <option key={each} value={each}>{t(`reports.presets.${each}`)}</option>)}
        </select>
        {preset === "custom" && (
          <>
            <label htmlFor={ids.from}>{t("reports.from")}</label>
            <input id={ids.from} type="date" value={custom.from}
                   onChange={(event) => setCustom({ ...custom, from: event.target.value })} />
            <label htmlFor={ids.to}>{t("reports.to")}</label>
            <input id={ids.to} type="date" value={custom.to}
                   onChange={(event) => setCustom({ ...custom, to: event.target.value })} />
          </>
        )}
        <label htmlFor={ids.queue}>{t("live.queue")}</label>
        <select id={ids.queue} value={queue} onChange={(event) => setQueue(event.target.value)}>
          <option value="">{t("live.allQueues")}</option>
          {(queues.data ?? []).map((each) => (
            <option key={each.name} value={each.name}>{each.name}</option>
          ))}
        </select>
      </form>
      {series.isError && <p role="alert">{errorText(t, series.error)}</p>}
      {series.data && (
        <>
          <CallsPerHour hours={series.data.hours} language={i18n.language}
                        timeZone={series.data.timezone} />
          <Days days={series.data.days} language={i18n.language} />
          <Heatmap heatmap={series.data.heatmap} language={i18n.language} />
        </>
      )}
      <TicketDays period={period} />
      <Dispositions period={period} />
      <AgentsTime period={period} />
      <section aria-labelledby="per-queue">
        <h2 id="per-queue">{t("reports.perQueue")}</h2>
        <p className="reports__exports">
          {t("reports.download")}{" "}
          <a href={exportLink("csv")} download>{t("reports.callsCsv")}</a>{" · "}
          <a href={exportLink("xlsx")} download>{t("reports.callsXlsx")}</a>{" · "}
          <a href={ticketsLink("csv")} download>{t("reports.ticketsCsv")}</a>{" · "}
          <a href={ticketsLink("xlsx")} download>{t("reports.ticketsXlsx")}</a>
        </p>
        {perQueue.data && typeof perQueue.data !== "string" && (
          <PerQueue rows={perQueue.data.rows} />
        )}
      </section>
    </div>
  );
}

/** Hours as the report counts them: in its timezone (the heatmap's too), not the
 *  browser's. */
function CallsPerHour({ hours, language, timeZone }: {
  hours: Schemas["HourCalls"][]; language: string; timeZone: string;
}) {
  const { t } = useTranslation();
  const time = new Intl.DateTimeFormat(localeOf(language), { dateStyle: "short",
                                                             timeStyle: "short", timeZone });
  const { options, data } = useMemo(() => {
    // Bars by place, each hour of the period one (quiet ones too), labelled with its own
    // hour in the report's timezone: time splits of uPlot's would fall on the browser's.
    const every = everyHour(hours);
    const oneDay = every.length <= 24;
    const label = new Intl.DateTimeFormat(localeOf(language), oneDay
      ? { timeStyle: "short", timeZone } : { dateStyle: "short", timeStyle: "short", timeZone });
    const at = (index: number) => {
      const hour = Number.isInteger(index) ? every[index] : undefined;
      return hour ? label.format(new Date(hour.at)) : "";
    };
    const sums = stacked(STACKS.map((stack) => every.map((hour) => hour[stack])));
    const drawn = [...STACKS].reverse();
    const chart: Omit<uPlot.Options, "width" | "height"> = {
      series: [{ label: t("reports.hour"), value: (_plot, index: number | null) =>
                   index === null ? "—" : at(index) },
               ...drawn.map((stack) => ({
        label: t(`reports.stacks.${stack}`), fill: COLOURS[stack], stroke: COLOURS[stack],
        paths: barsPath, points: { show: false } }))],
      axes: [{ values: (_plot, splits) => splits.map(at), space: oneDay ? 48 : 110,
               incrs: HOUR_STEPS },
             { label: t("reports.calls"), incrs: COUNT_STEPS }],
      scales: { x: { time: false, range: (_plot, min, max) => [min - 0.5, max + 0.5] },
                y: { range: (_plot, _min, max) => [0, Math.max(1, max)] } },
      legend: { live: false },
    };
    // A quiet hour's band is no bar at all, not a hairline that reads as a few calls.
    const drawnSums = sums.map((band) => band.map((value) => value === 0 ? null : value));
    return { options: chart, data: [every.map((_, index) => index), ...drawnSums] as uPlot.AlignedData };
  }, [hours, t, language, timeZone]);
  return (
    <section aria-labelledby="per-hour">
      <h2 id="per-hour">{t("reports.perHour")}</h2>
      {hours.length === 0 ? <p className="muted">{t("reports.noCalls")}</p> : (
        <div className="report-pair">
          <Chart options={options} data={data} />
          <details>
            <summary>{t("reports.asTable")}</summary>
            <div className="table-scroll">
              <table className="table">
                <thead><tr>
                  <th scope="col">{t("reports.hour")}</th>
                  {STACKS.map((stack) => <th key={stack} scope="col">{t(`reports.stacks.${stack}`)}</th>)}
                </tr></thead>
                <tbody>
                  {hours.map((hour) => (
                    <tr key={hour.at}>
                      <th scope="row">{time.format(new Date(hour.at))}</th>
                      {STACKS.map((stack) => <td key={stack}>{hour[stack]}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </div>
      )}
    </section>
  );
}

const HOUR_STEPS = [1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336, 720];

/** The report lists hours with calls; the chart shows every hour from the first to the
 *  last, a quiet one as no bar. */
function everyHour(hours: Schemas["HourCalls"][]): Schemas["HourCalls"][] {
  const first = hours[0];
  const last = hours[hours.length - 1];
  if (!first || !last) return [];
  const byTime = new Map(hours.map((hour) => [Date.parse(hour.at), hour]));
  const every: Schemas["HourCalls"][] = [];
  for (let time = Date.parse(first.at); time <= Date.parse(last.at); time += 3_600_000) {
    every.push(byTime.get(time) ?? { ...first, at: new Date(time).toISOString(),
      ...Object.fromEntries(STACKS.map((stack) => [stack, 0])) });
  }
  return every;
}

// uPlot draws bars with its own path builder.
const barsPath = uPlot.paths.bars?.({ size: [0.8] });

function Days({ days, language }: { days: Schemas["DayCalls"][]; language: string }) {
  const { t } = useTranslation();
  const date = new Intl.DateTimeFormat(localeOf(language), { dateStyle: "medium",
                                                             timeZone: "UTC" });
  const { options, data } = useMemo(() => {
    const x = days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
    const { first, axes, tzDate, legend } = timeAxes(localeOf(language), t("reports.day"),
                                     { dateStyle: "medium", timeZone: "UTC" });
    const chart: Omit<uPlot.Options, "width" | "height"> = {
      series: [first, { label: t("reports.serviceLevel"), stroke: COLOURS.answered, width: 2 },
               { label: t("reports.abandonedRate"), stroke: COLOURS.abandoned, width: 2 }],
      axes: [axes?.[0] ?? {}, { label: "%" }],
      scales: { y: { range: [0, 100] } },
      tzDate, legend,
    };
    return { options: chart, data: [x, days.map((day) => day.service_level_percent),
                                    days.map((day) => day.abandoned_percent)] as uPlot.AlignedData };
  }, [days, t, language]);
  return (
    <section aria-labelledby="per-day">
      <h2 id="per-day">{t("reports.perDay")}</h2>
      {days.length > 0 && (
        <div className="report-pair">
          {days.length > 1 && <Chart options={options} data={data} />}
          <div className="table-scroll">
            <table className="table table--stack">
              <thead><tr>
                <th scope="col">{t("reports.day")}</th>
                <th scope="col">{t("reports.offered")}</th>
                <th scope="col">{t("reports.answered")}</th>
                <th scope="col">{t("reports.serviceLevel")}</th>
                <th scope="col">{t("reports.abandonedRate")}</th>
                <th scope="col">{t("reports.avgWait")}</th>
                <th scope="col">{t("reports.maxWait")}</th>
              </tr></thead>
              <tbody>
                {days.map((day) => (
                  <tr key={day.day}>
                    <th scope="row">{date.format(new Date(`${day.day}T00:00:00Z`))}</th>
                    <td data-label={t("reports.offered")}>{day.offered}</td>
                    <td data-label={t("reports.answered")}>{day.answered}</td>
                    <td data-label={t("reports.serviceLevel")}>{formatPercent(day.service_level_percent, language)}</td>
                    <td data-label={t("reports.abandonedRate")}>{formatPercent(day.abandoned_percent, language)}</td>
                    <td data-label={t("reports.avgWait")}>{day.avg_wait_seconds === null ? "—" : clock(day.avg_wait_seconds)}</td>
                    <td data-label={t("reports.maxWait")}>{day.max_wait_seconds === null ? "—" : clock(day.max_wait_seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function Heatmap({ heatmap, language }: { heatmap: number[][]; language: string }) {
  const { t } = useTranslation();
  const most = Math.max(1, ...heatmap.flat());
  const weekday = new Intl.DateTimeFormat(localeOf(language), { weekday: "short",
                                                                timeZone: "UTC" });
  return (
    <section aria-labelledby="heatmap">
      <h2 id="heatmap">{t("reports.heatmap")}</h2>
      <div className="table-scroll">
        <table className="heatmap">
          <caption className="visually-hidden">{t("reports.heatmap")}</caption>
          <thead><tr>
            <td />
            {Array.from({ length: 24 }, (_, hour) => <th key={hour} scope="col">{hour}</th>)}
          </tr></thead>
          <tbody>
            {heatmap.map((row, day) => (
              <tr key={day}>
                <th scope="row">{weekday.format(new Date(Date.UTC(2024, 0, 1 + day)))}</th>
                {row.map((count, hour) => (
                  <td key={hour} style={{ background: count
                    ? `rgb(28 95 212 / ${Math.round(15 + 85 * count / most)}%)` : undefined,
                    color: count / most > 0.55 ? "#fff" : undefined }}>
                    {count || ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PerQueue({ rows }: { rows: Record<string, unknown>[] }) {
  const { t, i18n } = useTranslation();
  const shown = (value: unknown) =>
    typeof value === "number" || (typeof value === "string" && value) ? String(value) : "—";
  return (
    <div className="table-scroll">
      <table className="table table--stack">
        <thead><tr>
          <th scope="col">{t("live.queue")}</th>
          <th scope="col">{t("reports.offered")}</th>
          <th scope="col">{t("reports.answered")}</th>
          <th scope="col">{t("reports.missed")}</th>
          <th scope="col">{t("reports.abandoned")}</th>
          <th scope="col">{t("reports.avgWait")}</th>
          <th scope="col">{t("reports.serviceLevel")}</th>
        </tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={shown(row["group"])}>
              <th scope="row">{shown(row["group"]) === "—" ? t("reports.noQueue")
                : shown(row["group"])}</th>
              <td data-label={t("reports.offered")}>{shown(row["offered"])}</td>
              <td data-label={t("reports.answered")}>{shown(row["answered"])}</td>
              <td data-label={t("reports.missed")}>{shown(row["missed"])}</td>
              <td data-label={t("reports.abandoned")}>{shown(row["abandoned"])}</td>
              <td data-label={t("reports.avgWait")}>{typeof row["avg_wait_seconds"] === "number"
                ? clock(row["avg_wait_seconds"]) : "—"}</td>
              <td data-label={t("reports.serviceLevel")}>
                {formatPercent(typeof row["service_level_percent"] === "number"
                  ? row["service_level_percent"] : null, i18n.language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
