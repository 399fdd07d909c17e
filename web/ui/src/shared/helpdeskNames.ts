// Statuses, priorities and queues by the names an admin gave them (tickets carry codes).
// A shipped one nobody renamed (still its English default) reads in the user's language.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "./api/client";

const SHIPPED: Record<string, Record<string, string>> = {
  status: { open: "Open", in_progress: "In progress", waiting_customer: "Waiting for customer",
            call_back: "Call back", resolved: "Resolved", closed: "Closed" },
  priority: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" },
  queue: { general: "General" },
};

export interface HelpdeskNames {
  status: (code: string) => string;
  priority: (code: string) => string;
  queue: (code: string | null) => string;
}

/** The help desk's statuses, priorities and queues (cached a minute): one fetch each for
 *  every screen that names or offers them. */
export function useHelpdeskSetup() {
  const options = { staleTime: 60_000 };
  return {
    statuses: useQuery({ ...options, queryKey: ["ticket-statuses"],
      queryFn: async () => unwrap(await api.GET("/api/v1/ticket-statuses")) }),
    priorities: useQuery({ ...options, queryKey: ["ticket-priorities"],
      queryFn: async () => unwrap(await api.GET("/api/v1/ticket-priorities")) }),
    queues: useQuery({ ...options, queryKey: ["ticket-queues"],
      queryFn: async () => unwrap(await api.GET("/api/v1/ticket-queues")) }),
  };
}

export function useHelpdeskNames(): HelpdeskNames {
  const { t } = useTranslation();
  const shown = (kind: string, code: string, name: string | undefined) => {
    if (name === undefined) return code;
    return SHIPPED[kind]?.[code] === name ? t(`helpdesk.${kind}.${code}`) : name;
  };
  const { statuses, priorities, queues } = useHelpdeskSetup();
  return {
    status: (code) => shown("status", code,
                            statuses.data?.find((each) => each.code === code)?.name),
    priority: (code) => shown("priority", code,
                              priorities.data?.find((each) => each.code === code)?.name),
    queue: (code) => code === null ? "—"
      : shown("queue", code, queues.data?.find((each) => each.code === code)?.name),
  };
}
