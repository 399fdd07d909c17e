// The numbers leading to the route: the one being typed, those attached, attach and detach,
// each saying how it went through ``report``.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RequestFailed, api, unwrap } from "../../shared/api/client";

export function useNumbers(routeId: number, initial: string[], report: (text: string) => void) {
  const { t } = useTranslation();
  const [number, setNumber] = useState("");
  const [numbers, setNumbers] = useState<string[]>(initial);

  async function attach() {
    try {
      const attached = unwrap(await api.POST("/api/v1/routes/{route_id}/numbers", {
        params: { path: { route_id: routeId } }, body: { number } }));
      setNumbers((current) => [...current.filter((item) => item !== attached.number),
                               attached.number].sort());
      report(t("builder.attached", { number }));
      setNumber("");
    } catch (error) {
      report(error instanceof RequestFailed ? error.message : String(error));
    }
  }

  async function detach(attached: string) {
    const result = await api.DELETE("/api/v1/routes/{route_id}/numbers/{number}", {
      params: { path: { route_id: routeId, number: attached } } });
    if (result.response.ok) {
      setNumbers((current) => current.filter((item) => item !== attached));
      report(t("builder.detached", { number: attached }));
    } else {
      report(result.error?.message ?? String(result.response.status));
    }
  }

  return { number, setNumber, numbers, attach, detach };
}
