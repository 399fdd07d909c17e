// The agent's own work mode in the top bar: every mode, the change reaching Asterisk's
// queues as the API makes it. Shown to those with a phone of their own.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../shared/api/client";
import { errorText } from "../shared/api/errors";
import { modeName } from "../shared/modeNames";
import { useToast } from "../shared/ui/Toast";

const MINE = ["me", "phones"];

export function MyMode() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const notify = useToast();
  const phones = useQuery({ queryKey: MINE,
                            queryFn: async () => unwrap(await api.GET("/api/v1/me/phones")) });
  const modes = useQuery({ queryKey: ["work-modes"], staleTime: 60_000,
                           queryFn: async () => unwrap(await api.GET("/api/v1/work-modes")) });
  const phone = phones.data?.[0];
  const change = useMutation({
    mutationFn: async (mode: string) => unwrap(await api.PUT("/api/v1/agents/{endpoint}/mode", {
      params: { path: { endpoint: phone?.endpoint ?? "" } }, body: { mode } })),
    onSuccess: async (applied) => {
      if (!applied.applied) notify(t("myMode.later"));
      await client.invalidateQueries({ queryKey: MINE });
    },
    onError: (failure) => notify(errorText(t, failure), "error"),
  });
  if (!phone) return null;
  const current = phone.mode;
  return (
    <label className={`my-mode ${current && !current.available ? "my-mode--away" : "my-mode--ready"}`}>
      <span className="visually-hidden">{t("myMode.label")}</span>
      <select value={current?.code ?? ""} disabled={change.isPending}
              onChange={(event) => { if (event.target.value) change.mutate(event.target.value); }}>
        {!current && <option value="">{t("myMode.notSet")}</option>}
        {(modes.data ?? []).filter((mode) => mode.active || mode.code === current?.code)
          .map((mode) => <option key={mode.code} value={mode.code}>{modeName(t, mode.name)}</option>)}
      </select>
    </label>
  );
}
