// Statuses, priorities and queues by the names an admin gave them (tickets carry codes).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./api/client";

export interface HelpdeskNames {
  status: (code: string) => string;
  priority: (code: string) => string;
  queue: (code: string | null) => string;
}

export function useHelpdeskNames(): HelpdeskNames {
  const options = { staleTime: 60_000 };
  const statuses = useQuery({ ...options, queryKey: ["ticket-statuses"],
    queryFn: async () => unwrap(await api.GET("/api/v1/ticket-statuses")) });
  const priorities = useQuery({ ...options, queryKey: ["ticket-priorities"],
    queryFn: async () => unwrap(await api.GET("/api/v1/ticket-priorities")) });
  const queues = useQuery({ ...options, queryKey: ["ticket-queues"],
    queryFn: async () => unwrap(await api.GET("/api/v1/ticket-queues")) });
  return {
    status: (code) => statuses.data?.find((each) => each.code === code)?.name ?? code,
    priority: (code) => priorities.data?.find((each) => each.code === code)?.name ?? code,
    queue: (code) => code === null ? "—"
      : queues.data?.find((each) => each.code === code)?.name ?? code,
  };
}
