import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../shared/api/client";

export const LISTS = ["caller-lists"] as const;

/** Every caller list, as the lists page and the builder's VIP node show them. */
export function useCallerLists() {
  return useQuery({ queryKey: LISTS,
                    queryFn: async () => unwrap(await api.GET("/api/v1/caller-lists")) });
}
