import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";

/** AGI, AMI and database at a glance (/api/v1/health: degraded is a 200 answer too). */
export function HealthBadge() {
  const { t } = useTranslation();
  const health = useQuery({
    queryKey: ["health"],
    queryFn: async () => unwrap(await api.GET("/api/v1/health")),
    refetchInterval: 15_000,
  });
  const components = Object.entries(health.data?.components ?? {});
  const down = components.filter(([, component]) => component.status !== "ok");
  const label = health.data == null ? t("health.unknown")
    : down.length === 0 ? t("health.ok") : t("health.degraded", { count: down.length });
  const details = components.map(([name, component]) =>
    `${t(`health.component.${name}`, { defaultValue: name })}: ${
      t(`health.status.${component.status}`, { defaultValue: component.status })}`).join("\n");
  return (
    <p className={`health health--${down.length === 0 && health.data ? "ok" : "down"}`}
       role="status" aria-label={`${t("health.label")}: ${label}`} title={details}>
      <span aria-hidden="true" className="health__dot" />
      <span className="health__label">{label}</span>
    </p>
  );
}
