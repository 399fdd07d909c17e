// A supervisor sets an agent's work mode from the board: the change reaches Asterisk's
// queues (paused or not) as the API does, and the agent's tile follows from the stream.
import { modeName } from "../../shared/modeNames";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useToast } from "../../shared/ui/Toast";
import type { LiveAgent } from "../../shared/live";

export function useWorkModes() {
  return useQuery({ queryKey: ["work-modes"], staleTime: 60_000,
                    queryFn: async () => unwrap(await api.GET("/api/v1/work-modes")) });
}

export function ModePicker({ agent }: { agent: LiveAgent }) {
  const { t } = useTranslation();
  const notify = useToast();
  const modes = useWorkModes();
  const change = useMutation({
    mutationFn: async (mode: string) => unwrap(await api.PUT("/api/v1/agents/{endpoint}/mode", {
      params: { path: { endpoint: agent.endpoint } }, body: { mode } })),
    onSuccess: (applied) => notify(t(applied.applied ? "live.modeSet" : "live.modeSetLater", {
      agent: agent.name, mode: applied.mode?.name ?? "" })),
    onError: (failure) => notify(errorText(t, failure), "error"),
  });
  const active = (modes.data ?? []).filter((mode) => mode.active);
  if (active.length === 0) return null;
  return (
    <select className="mode-picker" aria-label={t("live.modeOf", { agent: agent.name })} value=""
            disabled={change.isPending}
            onChange={(event) => { if (event.target.value) change.mutate(event.target.value); }}>
      <option value="">{agent.mode ? modeName(t, agent.mode) : t("live.setMode")}</option>
      {active.filter((mode) => mode.name !== agent.mode).map((mode) => (
        <option key={mode.id} value={mode.code}>{modeName(t, mode.name)}</option>
      ))}
    </select>
  );
}
