import { useTranslation } from "react-i18next";
import { NavLink, useParams } from "react-router";
import { useMay } from "../../shared/session";
import { ApplyTab } from "./ApplyTab";
import { NumbersTab } from "./NumbersTab";
import { PhonesTab } from "./PhonesTab";
import { QueuesTab } from "./QueuesTab";
import { WorkModesTab } from "./WorkModesTab";
import "./pbx.css";

const TABS = ["queues", "phones", "work-modes", "numbers", "apply"] as const;
type Tab = (typeof TABS)[number];

/** The PBX as admins set it up: queues and their levels, agents' phones, work modes,
 *  inbound numbers, and Apply config. Supervisors read it. */
export default function PbxPage() {
  const { t } = useTranslation();
  const may = useMay();
  const { tab = "queues" } = useParams();
  const canEdit = may("pbx.write");
  const current = (TABS as readonly string[]).includes(tab) ? tab as Tab : null;
  return (
    <section className="pbx" aria-labelledby="pbx-title">
      <h1 id="pbx-title">{t("pbx.title")}</h1>
      <nav aria-label={t("pbx.sections")} className="tabs">
        {TABS.map((name) => (
          <NavLink key={name} to={`/pbx/${name}`} className="tabs__tab"
                   aria-current={name === current ? "page" : undefined}>
            {t(`pbx.tab.${name}`)}
          </NavLink>
        ))}
      </nav>
      {current === "queues" && <QueuesTab canEdit={canEdit} />}
      {current === "phones" && <PhonesTab canEdit={canEdit} />}
      {current === "work-modes" && <WorkModesTab canEdit={may("work_modes.write")} />}
      {current === "numbers" && <NumbersTab />}
      {current === "apply" && <ApplyTab canEdit={canEdit} />}
      {current === null && <p role="alert">{t("error.notFound")}</p>}
    </section>
  );
}
