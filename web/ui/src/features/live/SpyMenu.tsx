// Listen to a live call, whisper to its agent or barge in: the supervisor's own phone
// rings first, and joins the call when answered.
import { useMutation } from "@tanstack/react-query";
import { Headphones } from "lucide-react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import type { LiveCall } from "../../shared/live";
import { Button } from "../../shared/ui/Button";
import { Menu, MenuItem } from "../../shared/ui/Menu";
import { useToast } from "../../shared/ui/Toast";

const MODES = ["listen", "whisper", "barge"] as const;

export function SpyMenu({ call }: { call: LiveCall }) {
  const { t } = useTranslation();
  const notify = useToast();
  const spy = useMutation({
    mutationFn: async (mode: (typeof MODES)[number]) => unwrap(await api.POST(
      "/api/v1/live/calls/{linkedid}/spy",
      { params: { path: { linkedid: call.linkedid } }, body: { mode } })),
    onSuccess: (started) => notify(t(`live.spy.ringing.${started.mode}`,
                                     { agent: started.agent })),
    onError: (failure) => notify(errorText(t, failure), "error"),
  });
  const who = call.agent_name || call.caller;
  return (
    <Menu label={t("live.spy.menu", { who })}
          trigger={<Button variant="ghost" icon={Headphones} disabled={spy.isPending}
                           aria-label={t("live.spy.menu", { who })}>
            {t("live.spy.open")}
          </Button>}>
      {MODES.map((mode) => (
        <MenuItem key={mode} onSelect={() => spy.mutate(mode)}>
          {t(`live.spy.${mode}`)}
        </MenuItem>
      ))}
    </Menu>
  );
}
