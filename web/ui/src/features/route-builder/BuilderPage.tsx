import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { RequestFailed, api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { useCallerLists } from "../../shared/api/queries";
import { useNarrowScreen } from "../../shared/narrow";
import { Editor } from "./Editor";
import { localizedTypes } from "./nodeTexts";

type LiveAgents = Map<string, Schemas["LiveAgent"]>;

/** Who answers a queue, level by level, and how many of them are logged in now ("level 1:
 *  2 agents, level 2: 1 · 1 logged in now"), or that nobody does yet. */
function queueDetail(queue: Schemas["PbxQueue"], live: LiveAgents | null, t: TFunction): string {
  if (queue.members.length === 0) return t("builder.queueEmpty");
  const levels = new Map<number, number>();
  for (const member of queue.members) levels.set(member.level, (levels.get(member.level) ?? 0) + 1);
  const parts = [...levels.entries()].sort(([a], [b]) => a - b)
    .map(([level, count]) => t("builder.queueLevel", { level, count }));
  if (live) {
    const online = queue.members.filter((member) => loggedIn(live.get(member.endpoint))).length;
    parts.push(t("builder.queueLoggedIn", { count: online }));
  }
  return parts.join(", ");
}

function loggedIn(agent: Schemas["LiveAgent"] | undefined): boolean {
  return agent !== undefined && agent.registered === true && agent.status !== "offline"
    && agent.status !== "away";
}

/** Whether an agent's phone is online now, when the live board is at hand. */
function agentDetail(endpoint: string, live: LiveAgents | null, t: TFunction): string | undefined {
  if (!live) return undefined;
  const registered = live.get(endpoint)?.registered;
  if (registered === true) return t("builder.phoneOnline");
  return registered === false ? t("builder.phoneOffline") : undefined;
}

/** The route builder: loads the route, the node types and what nodes may refer to. */
export default function BuilderPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const routeId = Number(useParams()["routeId"]);
  const narrow = useNarrowScreen();
  const route = useQuery({
    queryKey: ["route", routeId],
    queryFn: async () => unwrap(await api.GET("/api/v1/routes/{route_id}",
                                              { params: { path: { route_id: routeId } } })),
    staleTime: Infinity, // the editor holds the draft; a reload is the user's choice
  });
  const types = useQuery({
    queryKey: ["route-node-types"],
    queryFn: async () => unwrap(await api.GET("/api/v1/route-node-types")),
    staleTime: Infinity,
  });
  const sounds = useQuery({ queryKey: ["sounds"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/sounds")) });
  const queues = useQuery({ queryKey: ["pbx-queues"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/pbx/queues")) });
  const agents = useQuery({ queryKey: ["pbx-accounts"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/pbx/accounts")) });
  const trunks = useQuery({ queryKey: ["pbx-trunks"],
                            queryFn: async () => unwrap(await api.GET("/api/v1/pbx/trunks")) });
  const lists = useCallerLists();
  // Who is logged in now, for the pickers; a rank without the live board does without.
  const live = useQuery({
    queryKey: ["live-agents"], retry: false, refetchInterval: 15_000,
    queryFn: async () => {
      const answer = await api.GET("/api/v1/live/agents");
      return answer.data ? new Map(answer.data.map((agent) => [agent.endpoint, agent])) : null;
    },
  });
  const liveAgents = live.data ?? null;
  // In the user's language; made once per answer and language, as the editor keys on it.
  const shownTypes = useMemo(() => types.data && localizedTypes(types.data, t), [types.data, t]);
  const failed = [route, types, sounds, queues, agents, trunks, lists]
    .find((query) => query.isError);
  if (failed?.error) {
    const missing = failed === route && failed.error instanceof RequestFailed
      && failed.error.status === 404;
    return (
      <>
        <p><Link to="/routes">{t("builder.back")}</Link></p>
        <p role="alert">{missing ? t("builder.noSuchRoute") : errorText(t, failed.error)}</p>
      </>
    );
  }
  if (!route.data || !types.data || !sounds.data || !queues.data || !agents.data
      || !trunks.data || !lists.data) {
    return <p role="status">{t("app.loading")}</p>;
  }
  return (
    <>
      <p><Link to="/routes">{t("builder.back")}</Link></p>
      {canEdit && narrow && <p className="muted">{t("builder.narrow")}</p>}
      <Editor key={`${route.data.id}:${route.dataUpdatedAt}`} route={route.data}
              types={shownTypes ?? []} readOnly={!canEdit || narrow}
              choices={{ sounds: sounds.data.map((sound) => sound.name),
                         queues: queues.data.map((queue) => ({
                           value: queue.name, label: queue.name,
                           detail: queueDetail(queue, liveAgents, t) })),
                         agents: agents.data.map((agent) => ({
                           value: agent.endpoint,
                           label: agent.display_name || agent.endpoint,
                           detail: agentDetail(agent.endpoint, liveAgents, t) })),
                         trunks: trunks.data.map((trunk) => trunk.name),
                         callerLists: lists.data.map((list) => list.name) }}
              onReload={() => void route.refetch()} />
    </>
  );
}
