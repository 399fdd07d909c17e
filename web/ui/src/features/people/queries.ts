import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../shared/api/client";

export const USERS = ["users"] as const;
export const RANKS: Schemas["User"]["rank"][] = ["agent", "privileged_agent", "supervisor", "admin"];

export function useUsers() {
  return useQuery({ queryKey: USERS, queryFn: async () => unwrap(await api.GET("/api/v1/users")) });
}
