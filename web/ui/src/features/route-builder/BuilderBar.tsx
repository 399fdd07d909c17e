// The parts of the builder's bar that only show and report: the draft's state, finding a
// node, and the traffic period.
import type { Ref } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PERIODS, type Period } from "./Traffic";

export function DraftState({ name, publishedVersion, differs, saveState, readOnly }: {
  name: string;
  publishedVersion: number | null;
  differs: boolean;
  saveState: "saving" | "unsaved" | "saved";
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="builder__heading">
      <h1 id="builder-title">{name}</h1>
      <span className={`chip chip--${differs ? "warn" : "ok"}`}>
        {publishedVersion === null ? t("builder.neverPublished")
          : differs ? t("builder.draftDiffers", { version: publishedVersion })
            : t("builder.live", { version: publishedVersion })}
      </span>
      {readOnly ? <span className="chip chip--muted">{t("builder.readOnly")}</span> : (
        <span className={`chip chip--${saveState}`} role="status" aria-live="polite">
          {t(`builder.state.${saveState}`)}
        </span>
      )}
    </div>
  );
}

export function FindNode({ onFind, inputRef }: {
  onFind: (text: string) => void; inputRef: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  return (
    <form role="search" className="builder__search" onSubmit={(event) => {
      event.preventDefault();
      onFind(search);
    }}>
      <label htmlFor="builder-search" className="visually-hidden">{t("builder.find")}</label>
      <input id="builder-search" ref={inputRef} type="search" value={search}
             placeholder={t("builder.find")} aria-keyshortcuts="Control+F"
             onChange={(event) => setSearch(event.target.value)} />
    </form>
  );
}

export function TrafficPicker({ period, onChange, calls }: {
  period: Period | null; onChange: (period: Period | null) => void; calls: number | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label className="builder__traffic">
        <span>{t("traffic.label")}</span>
        <select value={period ?? ""}
                onChange={(event) => onChange((event.target.value || null) as Period | null)}>
          <option value="">{t("traffic.off")}</option>
          {Object.keys(PERIODS).map((each) => (
            <option key={each} value={each}>{t(`traffic.${each}`)}</option>
          ))}
        </select>
      </label>
      {calls !== null && <span className="muted">{t("traffic.calls", { count: calls })}</span>}
    </>
  );
}
