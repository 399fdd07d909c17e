// Click-to-call from a ticket: the agent's own phone rings first, then the customer's
// number, presented as the queue or the agent says; the call lands on the timeline.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Phone } from "lucide-react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { useToast } from "../../shared/ui/Toast";

export function CallButton({ ticketId, number }: { ticketId: number; number: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const notify = useToast();
  const phones = useQuery({ queryKey: ["me", "phones"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/me/phones")) });
  const phone = phones.data?.[0];
  const call = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/tickets/{ticket_id}/calls", {
      params: { path: { ticket_id: ticketId } },
      body: { agent: phone?.endpoint ?? "", number } })),
    onSuccess: async (placed) => {
      notify(t("ticket.calling", { number: placed.number, presented: placed.presented }));
      await client.invalidateQueries({ queryKey: ["ticket", ticketId] });
    },
    onError: (failure) => notify(errorText(t, failure), "error"),
  });
  return (
    <Button icon={Phone} onClick={() => call.mutate()} disabled={!phone || call.isPending}
            aria-label={t("ticket.callNumber", { number })}
            title={phone ? t("ticket.callNumber", { number }) : t("ticket.noPhone")}>
      {t("ticket.call")}
    </Button>
  );
}
