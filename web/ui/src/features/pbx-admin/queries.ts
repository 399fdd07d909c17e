import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../shared/api/client";

export const QUEUES = ["pbx", "queues"] as const;
export const ACCOUNTS = ["pbx", "accounts"] as const;
export const MODES = ["work-modes"] as const;

export function usePbxQueues() {
  return useQuery({ queryKey: QUEUES,
                    queryFn: async () => unwrap(await api.GET("/api/v1/pbx/queues")) });
}

export function useAccounts() {
  return useQuery({ queryKey: ACCOUNTS,
                    queryFn: async () => unwrap(await api.GET("/api/v1/pbx/accounts")) });
}

export function useWorkModes() {
  return useQuery({ queryKey: MODES,
                    queryFn: async () => unwrap(await api.GET("/api/v1/work-modes")) });
}
