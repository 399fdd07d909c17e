// A uPlot chart sized to its box; the data's table sits beside it (the chart is for the
// eye, the table is its text for everyone else), so the canvas itself is hidden from
// screen readers.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export function Chart({ options, data }: {
  options: Omit<uPlot.Options, "width" | "height">; data: uPlot.AlignedData;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const size = () => ({ width: Math.max(element.clientWidth, 240), height: 260 });
    const plot = new uPlot({ ...options, ...size() }, data, element);
    const resized = new ResizeObserver(() => plot.setSize(size()));
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [options, data]);
  return <div ref={box} className="report-chart" aria-hidden="true" />;
}

/** Whole things on a count axis: no "2.5 calls". */
export const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** Bars stacked from their parts: each series is drawn as the running sum up to it,
 *  tallest first, so every band shows its own part. */
export function stacked(parts: number[][]): number[][] {
  const sums: number[][] = [];
  parts.forEach((values, index) => {
    const below = index ? sums[index - 1] ?? [] : [];
    sums.push(values.map((value, at) => value + (below[at] ?? 0)));
  });
  return sums.reverse();
}

/** Time on the x axis in the reader's language (uPlot's own is US English), its splits in
 *  the labels' own timezone (uPlot's would fall on the browser's: a day's tick labelled
 *  the day before), counts from zero up, and a legend that names the lines. */
export function timeAxes(locale: string, label: string, options: Intl.DateTimeFormatOptions
                         ): Pick<uPlot.Options, "axes" | "scales" | "tzDate" | "legend">
                            & { first: uPlot.Series } {
  const format = new Intl.DateTimeFormat(locale, options);
  const shown = (seconds: number) => format.format(new Date(seconds * 1000));
  const timeZone = options.timeZone ?? format.resolvedOptions().timeZone;
  return {
    first: { label, value: (_plot, seconds: number | null) => seconds === null ? "—"
      : shown(seconds) },
    axes: [{ values: (_plot, splits) => splits.map(shown), space: 90 }, {}],
    scales: { y: { range: (_plot, _min, max) => [0, Math.max(1, max)] } },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
    legend: { live: false },
  };
}
