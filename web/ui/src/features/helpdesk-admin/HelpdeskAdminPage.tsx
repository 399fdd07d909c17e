import { useTranslation } from "react-i18next";
import { NavLink, useParams } from "react-router";
import { CannedRepliesTab } from "./CannedRepliesTab";
import "./helpdesk-admin.css";

const TABS = ["canned-replies"] as const;
type Tab = (typeof TABS)[number];

/** The help desk as admins set it up. */
export default function HelpdeskAdminPage() {
  const { t } = useTranslation();
  const { tab = "canned-replies" } = useParams();
  const current = (TABS as readonly string[]).includes(tab) ? tab as Tab : null;
  return (
    <section className="helpdesk-admin" aria-labelledby="helpdesk-admin-title">
      <h1 id="helpdesk-admin-title">{t("helpdeskAdmin.title")}</h1>
      <nav aria-label={t("helpdeskAdmin.sections")} className="tabs">
        {TABS.map((name) => (
          <NavLink key={name} to={`/helpdesk/${name}`} className="tabs__tab"
                   aria-current={name === current ? "page" : undefined}>
            {t(`helpdeskAdmin.tab.${name}`)}
          </NavLink>
        ))}
      </nav>
      {current === "canned-replies" && <CannedRepliesTab />}
      {current === null && <p role="alert">{t("error.notFound")}</p>}
    </section>
  );
}
