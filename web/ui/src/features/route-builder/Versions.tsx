import { useQuery } from "@tanstack/react-query";
import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import { useToast } from "../../shared/ui/Toast";
import { formatMoment } from "../../shared/i18n";
import { Builder } from "./context";
import { diffCanvas } from "./diff";
import type { Graph, NodeType } from "./graph";
import { flowLabels } from "./flowLabels";
import { RouteNodeView } from "./RouteNodeView";
import "../../shared/ui/table.css";

const NODE_VIEWS = { route: RouteNodeView };

/** Published versions with who and when; compare one with the one before; roll back
 *  (confirmed: it changes what new calls run, and replaces the draft). */
export function Versions({ routeId, types, canRollBack, draftDiffers, onRolledBack }: {
  routeId: number;
  types: NodeType[];
  canRollBack: boolean;
  draftDiffers: boolean;
  onRolledBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const notify = useToast();
  const noteId = useId();
  const [compared, setCompared] = useState<number | null>(null);
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const versions = useQuery({
    queryKey: ["route-versions", routeId],
    queryFn: async () => unwrap(await api.GET("/api/v1/routes/{route_id}/versions",
                                              { params: { path: { route_id: routeId } } })),
  });
  async function rollBack(version: number) {
    try {
      const made = unwrap(await api.POST("/api/v1/routes/{route_id}/rollback", {
        params: { path: { route_id: routeId } }, body: { version, note } }));
      notify(t("versions.rolledBack", { version, number: made.number }));
    } catch (failure) {
      throw new Error(errorText(t, failure));
    }
    setNote("");
    await versions.refetch();
    onRolledBack();
  }
  if (!versions.data) return null;
  return (
    <section className="versions" aria-labelledby="versions-title">
      <h2 id="versions-title">{t("versions.title")}</h2>
      {versions.data.length === 0 ? <p className="muted">{t("versions.none")}</p> : (
        <table className="table table--stack">
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
                <td data-label={t("versions.when")}>{formatMoment(version.published_at, i18n.language)}</td>
                <td data-label={t("versions.by")}>{version.author ? version.author.display_name || version.author.login : "—"}</td>
                <td data-label={t("versions.note")}>{version.restores !== null
                  ? [t("versions.restores", { number: version.restores }), version.note]
                    .filter(Boolean).join(" · ")
                  : version.note || "—"}</td>
                <td className="versions__actions">
                  {version.number > 1 && (
                    <Button onClick={() => setCompared(version.number)}>
                      {t("versions.compare", { number: version.number - 1 })}
                    </Button>
                  )}
                  {canRollBack && version.number < versions.data.length && (
                    <Button onClick={() => setRollingBack(version.number)}>
                      {t("versions.rollBack", { number: version.number })}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {compared !== null && <Diff routeId={routeId} after={compared} types={types} />}
      <Confirm open={rollingBack !== null}
               onOpenChange={(open) => { if (!open) setRollingBack(null); }}
               title={t("versions.rollBackTitle", { number: rollingBack ?? 0 })}
               description={<>
                 <p>{t("versions.rollBackWhat", { number: rollingBack ?? 0,
                                                  next: versions.data.length + 1 })}</p>
                 {draftDiffers && <p><strong>{t("versions.rollBackDraft", { number: rollingBack ?? 0 })}</strong></p>}
               </>}
               confirmLabel={t("versions.rollBackConfirm", { number: rollingBack ?? 0 })}
               onConfirm={() => rollingBack !== null ? rollBack(rollingBack) : undefined}>
        <label htmlFor={noteId}>{t("builder.publishNote")}</label>
        <textarea id={noteId} rows={2} maxLength={500} value={note}
                  onChange={(event) => setNote(event.target.value)} />
      </Confirm>
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
      <ChangeList diff={changes.data} after={newer.data.graph} before={older.data.graph}
                  types={typeMap} />
      <div className="diff__canvas">
        <Builder.Provider value={{ types: typeMap, issues: [] }}>
          <ReactFlowProvider>
            <ReactFlow nodes={drawn.nodes} edges={drawn.edges} nodeTypes={NODE_VIEWS}
                       ariaLabelConfig={flowLabels(t)} nodesDraggable={false} nodesConnectable={false} fitView
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
function ChangeList({ diff, before, after, types }: {
  diff: Schemas["Diff"]; before: Graph; after: Graph; types: Map<string, NodeType>;
}) {
  const { t } = useTranslation();
  const nodeOf = (id: string) => after.nodes[id] ?? before.nodes[id];
  const typeOf = (id: string) => types.get(nodeOf(id)?.type ?? "");
  const name = (id: string) => nodeOf(id)?.label || typeOf(id)?.title || id;
  const param = (id: string, key: string) =>
    typeOf(id)?.params.find((spec) => spec.name === key)?.label ?? key;
  const port = (id: string, key: string) =>
    typeOf(id)?.ports.find((spec) => spec.name === key)?.label ?? key;
  const shown = (value: unknown) => value === null || value === undefined ? "—"
    : typeof value === "string" ? value : JSON.stringify(value);
  const lines: string[] = [
    ...diff.added.map((id) => t("versions.nodeAdded", { node: name(id) })),
    ...diff.removed.map((id) => t("versions.nodeRemoved", { node: name(id) })),
    ...diff.changed.flatMap((change) => {
      const parts: [string, Change][] = [
        ...Object.entries(change.params ?? {}).map(([key, moved]): [string, Change] =>
          [param(change.node, key), moved]),
        ...Object.entries(change.ports ?? {}).map(([key, moved]): [string, Change] =>
          [t("versions.wire", { port: port(change.node, key) }), moved]),
        ...(change.label ? [[t("versions.label"), change.label] as [string, Change]] : []),
      ];
      // A wire's ends are nodes: named as people name them.
      const end = (value: unknown, wire: boolean) =>
        wire && typeof value === "string" ? name(value) : shown(value);
      return parts.map(([what, moved], index) => {
        const wire = index >= Object.keys(change.params ?? {}).length
          && index < Object.keys(change.params ?? {}).length
            + Object.keys(change.ports ?? {}).length;
        return t("versions.changedLine", { node: name(change.node), what,
                                           from: end(moved?.from, wire),
                                           to: end(moved?.to, wire) });
      });
    }),
  ];
  if (lines.length === 0) return <p>{t("versions.noChanges")}</p>;
  return <ul className="diff__list">{lines.map((line) => <li key={line}>{line}</li>)}</ul>;
}
