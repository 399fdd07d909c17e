import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

export const LISTS = ["caller-lists"] as const;

/** Every caller list, as the lists page and the builder's VIP node show them. */
export function useCallerLists() {
  return useQuery({ queryKey: LISTS,
                    queryFn: async () => unwrap(await api.GET("/api/v1/caller-lists")) });
}

export const ROUTES = ["routes"] as const;

/** Every route, as the routes page and the home page's summary show them. */
export function useRoutes() {
  return useQuery({ queryKey: ROUTES,
                    queryFn: async () => unwrap(await api.GET("/api/v1/routes")) });
}
