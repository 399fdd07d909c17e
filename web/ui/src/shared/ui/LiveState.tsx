// Whether what a live view shows is current: said only when it is not (reconnecting).
import { useTranslation } from "react-i18next";

export function LiveState({ live }: { live: boolean }) {
  const { t } = useTranslation();
  return (
    <p role="status" className={live ? "visually-hidden" : "chip chip--warn live-state"}>
      {live ? t("live.connected") : t("live.reconnecting")}
    </p>
  );
}
