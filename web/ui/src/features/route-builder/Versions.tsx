import { useQuery } from "@tanstack/react-query";
import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { formatMoment } from "../../shared/i18n";
import { Builder } from "./context";
import { diffCanvas } from "./diff";
import type { Graph, NodeType } from "./graph";
import { RouteNodeView } from "./RouteNodeView";

const NODE_VIEWS = { route: RouteNodeView };

/** Published versions with who and when; compare one with the one before; roll back. */
export function Versions({ routeId, types, canRollBack, onRolledBack }: {
  routeId: number;
  types: NodeType[];
  canRollBack: boolean;
  onRolledBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [compared, setCompared] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: ["route-versions", routeId],
    queryFn: async () => unwrap(await api.GET("/api/v1/routes/{route_id}/versions",
                                              { params: { path: { route_id: routeId } } })),
  });
  async function rollBack(version: number) {
    unwrap(await api.POST("/api/v1/routes/{route_id}/rollback", {
      params: { path: { route_id: routeId } }, body: { version } }));
    await versions.refetch();
    onRolledBack();
  }
  if (!versions.data) return null;
  return (
    <section className="versions" aria-labelledby="versions-title">
      <h2 id="versions-title">{t("versions.title")}</h2>
      {versions.data.length === 0 ? <p className="muted">{t("versions.none")}</p> : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("versions.number")}</th>
              <th scope="col">{t("versions.when")}</th>
              <th scope="col">{t("versions.by")}</th>
              <th scope="col">{t("versions.note")}</th>
              <th scope="col"><span className="visually-hidden">{t("versions.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {[...versions.data].reverse().map((version) => (
              <tr key={version.number}>
                <th scope="row">{version.number}</th>
                <td>{formatMoment(version.published_at, i18n.language)}</td>
                <td>{version.author ? version.author.display_name || version.author.login : "—"}</td>
                <td>{version.note}</td>
                <td className="versions__actions">
                  {version.number > 1 && (
                    <button type="button" className="secondary"
                            onClick={() => setCompared(version.number)}>
                      {t("versions.compare", { number: version.number - 1 })}
                    </button>
                  )}
                  {canRollBack && version.number < versions.data.length && (
                    <button type="button" className="secondary"
                            onClick={() => void rollBack(version.number)}>
                      {t("versions.rollBack", { number: version.number })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {compared !== null && <Diff routeId={routeId} after={compared} types={types} />}
    </section>
  );
}

function Diff({ routeId, after, types }: { routeId: number; after: number; types: NodeType[] }) {
  const { t } = useTranslation();
  const load = (number: number) => async () => unwrap(await api.GET(
    "/api/v1/routes/{route_id}/versions/{number}",
    { params: { path: { route_id: routeId, number } } }));
  const older = useQuery({ queryKey: ["route-version", routeId, after - 1], queryFn: load(after - 1) });
  const newer = useQuery({ queryKey: ["route-version", routeId, after], queryFn: load(after) });
  const changes = useQuery({
    queryKey: ["route-diff", routeId, after],
    queryFn: async () => unwrap(await api.GET("/api/v1/routes/{route_id}/diff", {
      params: { path: { route_id: routeId }, query: { from: after - 1, to: after } } })),
  });
  const typeMap = useMemo(() => new Map(types.map((type) => [type.type, type])), [types]);
  if (!older.data || !newer.data || !changes.data) {
    return <p role="status">{t("app.loading")}</p>;
  }
  const drawn = diffCanvas(older.data.graph, newer.data.graph, changes.data);
  return (
    <div className="diff" aria-label={t("versions.diffOf", { before: after - 1, after })}
         role="region">
      <h3>{t("versions.diffOf", { before: after - 1, after })}</h3>
      <p className="diff__legend">
        <span className="diff-added">{t("versions.added")}</span>
        <span className="diff-removed">{t("versions.removed")}</span>
        <span className="diff-changed">{t("versions.changed")}</span>
      </p>
      <ChangeList diff={changes.data} after={newer.data.graph} before={older.data.graph} />
      <div className="diff__canvas">
        <Builder.Provider value={{ types: typeMap, issues: [] }}>
          <ReactFlowProvider>
            <ReactFlow nodes={drawn.nodes} edges={drawn.edges} nodeTypes={NODE_VIEWS}
                       nodesDraggable={false} nodesConnectable={false} fitView
                       fitViewOptions={{ maxZoom: 1 }} minZoom={0.2}>
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </ReactFlowProvider>
        </Builder.Provider>
      </div>
    </div>
  );
}

type Change = { from?: unknown; to?: unknown } | null | undefined;

/** What changed, in words: each changed node's settings and wires, before and after. */
function ChangeList({ diff, before, after }: { diff: Schemas["Diff"]; before: Graph;
                                                after: Graph }) {
  const { t } = useTranslation();
  const name = (id: string) => after.nodes[id]?.label || before.nodes[id]?.label || id;
  const shown = (value: unknown) => value === null || value === undefined ? "—"
    : typeof value === "string" ? value : JSON.stringify(value);
  const lines: string[] = [
    ...diff.added.map((id) => t("versions.nodeAdded", { node: name(id) })),
    ...diff.removed.map((id) => t("versions.nodeRemoved", { node: name(id) })),
    ...diff.changed.flatMap((change) => {
      const parts: [string, Change][] = [
        ...Object.entries(change.params ?? {}),
        ...Object.entries(change.ports ?? {}).map(([port, moved]): [string, Change] =>
          [t("versions.wire", { port }), moved]),
        ...(change.label ? [[t("versions.label"), change.label] as [string, Change]] : []),
      ];
      return parts.map(([what, moved]) => t("versions.changedLine", {
        node: name(change.node), what, from: shown(moved?.from), to: shown(moved?.to) }));
    }),
  ];
  if (lines.length === 0) return <p>{t("versions.noChanges")}</p>;
  return <ul className="diff__list">{lines.map((line) => <li key={line}>{line}</li>)}</ul>;
}
