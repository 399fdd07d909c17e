// Send a waiting or ringing caller to a chosen agent, or take the call on one's own phone:
// the caller leaves the queue and that phone rings; unanswered, the caller is back in line.
import { useMutation, useQuery } from "@tanstack/react-query";
import { PhoneForwarded } from "lucide-react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import type { LiveAgent, LiveCall } from "../../shared/live";
import { Button } from "../../shared/ui/Button";
import { Menu, MenuItem, MenuLabel, MenuSeparator } from "../../shared/ui/Menu";
import { useSession } from "../../shared/session";
import { useToast } from "../../shared/ui/Toast";

const READY_FIRST: Record<string, number> = { idle: 0, wrapup: 1, away: 2, ringing: 3,
                                              in_call: 4, offline: 5 };
// Who can take a caller now: ready, or finishing their notes.
const FREE = new Set(["idle", "wrapup"]);

export function SendMenu({ call, agents }: { call: LiveCall; agents: LiveAgent[] }) {
  const { t } = useTranslation();
  const notify = useToast();
  const send = useMutation({
    mutationFn: async (agent: string | null) => unwrap(await api.POST(
      "/api/v1/live/calls/{linkedid}/redirect",
      { params: { path: { linkedid: call.linkedid } }, body: { agent } })),
    onSuccess: (sent) => notify(t("live.send.ringing", { agent: sent.agent_name })),
    onError: (failure) => notify(errorText(t, failure), "error"),
  });
  const me = useSession().data?.user?.id;
  // The supervisor's own phone, if an admin linked one: only then can they take the call.
  const phones = useQuery({ queryKey: ["pbx", "accounts"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/pbx/accounts")) });
  const hasPhone = (phones.data ?? []).some((account) => account.user_id === me);
  const who = call.caller || t("activity.anonymous");
  const choices = [...agents].sort((a, b) => (READY_FIRST[a.status] ?? 9) - (READY_FIRST[b.status] ?? 9)
                                          || a.name.localeCompare(b.name));
  return (
    <Menu label={t("live.send.menu", { who })}
          trigger={<Button variant="ghost" icon={PhoneForwarded} disabled={send.isPending}
                           aria-label={t("live.send.menu", { who })}>
            {t("live.send.open")}
          </Button>}>
      {hasPhone && (
        <>
          <MenuItem onSelect={() => send.mutate(null)}>{t("live.send.mine")}</MenuItem>
          <MenuSeparator />
        </>
      )}
      <MenuLabel>{t("live.send.toAgent")}</MenuLabel>
      {choices.map((agent) => (
        <MenuItem key={agent.endpoint} disabled={!FREE.has(agent.status)}
                  onSelect={() => send.mutate(agent.endpoint)}>
          {t("live.send.agent", { name: agent.name, status: t(`live.statuses.${agent.status}`) })}
        </MenuItem>
      ))}
    </Menu>
  );
}
