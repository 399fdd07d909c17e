import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMay, type SessionUser } from "../../shared/session";
import { useRoutes } from "../../shared/api/queries";
import { CallsNow, NewestTickets } from "./Activity";
import "./home.css";

export function HomePage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const may = useMay();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t("home.title", { name: user.display_name || user.login })}</h1>
      <p>{t("home.intro")}</p>
      {may("routes.read") && <RoutesSummary />}
      <div className="activity-grid">
        {may("live.view") && <CallsNow />}
        <NewestTickets agent={user.rank === "agent"} />
      </div>
    </section>
  );
}

function RoutesSummary() {
  const { t } = useTranslation();
  const routes = useRoutes();
  if (!routes.data) return null;
  return (
    <p>
      {t("home.routesCount", { count: routes.data.length })}{" "}
      <Link to="/routes">{t("home.openRoutes")}</Link>
    </p>
  );
}
