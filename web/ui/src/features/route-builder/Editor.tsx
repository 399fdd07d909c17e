import {
  Background, ConnectionLineType, Controls, MarkerType, MiniMap, ReactFlow, ReactFlowProvider,
  useEdgesState, useNodesState, useReactFlow, type Edge,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { LayoutGrid, Redo2, Save, Trash2, Undo2 } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { RequestFailed, api, expectDone, type Schemas } from "../../shared/api/client";
import { errorText } from "../../shared/api/errors";
import { Button } from "../../shared/ui/Button";
import { Confirm } from "../../shared/ui/Dialog";
import { useNarrowScreen } from "../../shared/narrow";
import { useToast } from "../../shared/ui/Toast";
import { copy, paste, type Clip } from "./clipboard";
import { DraftState, FindNode, TrafficPicker } from "./BuilderBar";
import { Builder } from "./context";
import { useDraft, useLeaveGuard } from "./draft";
import {
  asGraph, isRouteNode, toCanvas, toGraph, type CanvasNode, type Graph, type NodeType,
} from "./graph";
import { useHistory } from "./history";
import { Inspector } from "./Inspector";
import { firstDrawn, tidy } from "./layout";
import { nodeName, portName } from "./names";
import { localizedIssue } from "./nodeTexts";
import { NoteView } from "./notes";
import { Numbers } from "./Numbers";
import { drawn } from "./overlays";
import { Palette } from "./Palette";
import type { Choices } from "./ParamForm";
import { Problems } from "./Problems";
import { PublishButton } from "./Publish";
import { RouteNodeView } from "./RouteNodeView";
import { useShortcuts } from "./shortcuts";
import { RouteEdge } from "./RouteEdge";
import { useCanvasEdits } from "./canvasEdits";
import { flowLabels } from "./flowLabels";
import { Simulator, type Step } from "./Simulator";
import { EdgeCalls, useTraffic, type Period } from "./Traffic";
import { useValidation } from "./validation";
import { Versions } from "./Versions";
import "./builder.css";

const NODE_VIEWS = { route: RouteNodeView, note: NoteView };
const EDGE_VIEWS = { route: RouteEdge };
// Wires step around corners (readable at any zoom), go around nodes when they lead back,
// and end in an arrow; they stay under the nodes, so no wire or label ever covers a port
// someone wants to grab.
const EDGE_DEFAULTS = { type: "route", markerEnd: { type: MarkerType.ArrowClosed } } as const;
// Text stays legible after Tidy up or fitting the view: never smaller than this.
const READABLE_ZOOM = 0.6;
type Issue = Schemas["Issue"];

interface EditorProps {
  route: Schemas["Route"];
  types: NodeType[];
  choices: Choices;
  readOnly: boolean;
  onReload: () => void;
}

type StatusLine = { key: string; params?: Record<string, unknown> } | { text: string };

export function Editor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ route, types, choices, readOnly, onReload }: EditorProps) {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const notify = useToast();
  const narrow = useNarrowScreen();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const initial = useMemo(() => firstDrawn(asGraph(route.graph), types), [route, types]);
  const [nodes, setNodes, onNodesChange] = useNodesState<CanvasNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState(initial.edges);
  const [entry, setEntry] = useState<string | null>(asGraph(route.graph).entry);
  // The status line: a catalogue key (rendered in the current language, so switching the
  // language or fixing the problems never leaves a stale sentence) or a server's text.
  const [status, setStatusLine] = useState<StatusLine>({ text: "" });
  const say = useCallback((key: string, params?: Record<string, unknown>) => {
    setStatusLine({ key, params });
  }, []);
  const [path, setPath] = useState<Step[]>([]);
  const [shown, setShown] = useState(0);
  const [published, setPublished] = useState(0); // versions made here: the list reloads
  const [publishedVersion, setPublishedVersion] = useState(route.published_version);
  const [numbers, setNumbers] = useState<string[]>(route.numbers);
  const [period, setPeriod] = useState<Period | null>(null);
  const [edgeShown, setEdgeShown] = useState<string | null>(null);
  const traffic = useTraffic(route.id, period);
  const counts = period !== null ? traffic.data ?? null : null;
  const typeMap = useMemo(() => new Map(types.map((type) => [type.type, type])), [types]);
  const graph = useMemo(() => toGraph(nodes, edges, entry), [nodes, edges, entry]);
  const [serverIssues, setIssues, serverWarnings] = useValidation(route.id, graph);
  const dragging = nodes.some((node) => node.dragging);
  const draft = useDraft(route, graph, !dragging, readOnly);
  const problemsTitle = useRef<HTMLHeadingElement>(null);
  const deleted = useRef(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [askLeave, setAskLeave] = useState(false);

  const issues = useMemo(() => serverIssues.map((issue) => {
    const node = issue.node ? nodes.find((item) => item.id === issue.node) : undefined;
    return localizedIssue(issue, node && isRouteNode(node) ? typeMap.get(node.data.nodeType)
      : undefined, t);
  }), [serverIssues, nodes, typeMap, t]);
  const warnings = useMemo(() => serverWarnings.map((issue) => localizedIssue(issue, undefined, t)),
                           [serverWarnings, t]);
  const selected = nodes.filter(isRouteNode).find((node) => node.selected);
  const history = useHistory(toGraph(initial.nodes, initial.edges, asGraph(route.graph).entry));
  const clip = useRef<Clip | null>(null);
  const searchField = useRef<HTMLInputElement>(null);
  const graphText = JSON.stringify(graph);
  const name = (id: string) => nodeName(id, nodes, typeMap);

  // A settled change (not every frame of a drag) becomes a step undo can go back to.
  const { record } = history;
  useEffect(() => {
    if (dragging) return;
    const timer = window.setTimeout(() => record(JSON.parse(graphText) as Graph), 150);
    return () => window.clearTimeout(timer);
  }, [graphText, dragging, record]);

  const { blocker } = draft;
  useLeaveGuard(draft, deleted, () => setAskLeave(true));

  function restore(snapshot: Graph | null) {
    if (!snapshot) return;
    const shownGraph = toCanvas(snapshot);
    setNodes(shownGraph.nodes);
    setEdges(shownGraph.edges);
    setEntry(snapshot.entry);
  }

  function pasteClip() {
    if (!clip.current) return;
    const pasted = paste(clip.current, nodes);
    clip.current = { nodes: pasted.nodes, edges: pasted.edges };  // paste again: further on
    setNodes((current) => [...current.map((node) => ({ ...node, selected: false })),
                           ...pasted.nodes]);
    setEdges((current) => [...current, ...pasted.edges]);
  }

  function find(text: string) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return;
    const found = nodes.filter(isRouteNode).find((node) => [name(node.id),
      typeMap.get(node.data.nodeType)?.title ?? ""].some((value) =>
      value.toLowerCase().includes(wanted)));
    if (found) select(found.id);
    else say("builder.notFound", { text });
  }

  async function saveNow() {
    say("builder.saving");
    try {
      const outcome = await draft.save();
      if (outcome === "saved") say("builder.saved");
      else setStatusLine({ text: "" });
    } catch (failure) {
      setStatusLine({ text: errorText(t, failure) });
    }
  }

  useShortcuts({
    find: () => searchField.current?.focus(),
    ...(readOnly ? {} : {
      save: () => void saveNow(),
      undo: () => restore(history.undo(graph)),
      redo: () => restore(history.redo()),
      copy: () => { clip.current = copy(nodes, edges) ?? clip.current; },
      paste: pasteClip,
    }),
  });
  const wirePort = (edge: Edge) => portName(edge.source, edge.sourceHandle ?? "", nodes, typeMap);
  const shownCanvas = drawn(nodes, edges, path, shown, counts, wirePort);
  // A wire read out by what it joins, never by the nodes' ids.
  const canvas = { ...shownCanvas, edges: shownCanvas.edges.map((edge) => ({
    ...edge, ariaLabel: t("flow.wire", { from: name(edge.source), port: wirePort(edge),
                                        to: name(edge.target) }) })) };
  const ariaLabels = useMemo(() => flowLabels(t), [t]);

  const { wire, connect, dropWire, addNode, addNote, drop, changeNode, changeParam,
          makeEntry, deleteNode } = useCanvasEdits({ nodes, setNodes, setEdges, entry, setEntry, typeMap,
                                         readOnly });

  function viewMiddle() {
    return flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
  }

  async function keepMine() {
    const latest = await api.GET("/api/v1/routes/{route_id}",
                                 { params: { path: { route_id: route.id } } });
    if (latest.data && (await draft.save(latest.data.revision)) === "saved") {
      say("builder.saved");
    }
  }

  async function publish(note: string) {
    if (draft.unsaved || draft.saving) {
      if ((await draft.save()) === "conflict") throw new Error(t("builder.conflict"));
    }
    const result = await api.POST("/api/v1/routes/{route_id}/publish", {
      params: { path: { route_id: route.id } }, body: { note } });
    if (result.data) {
      setPublishedVersion(result.data.number);
      draft.markPublished();
      setPublished((count) => count + 1);
      say("builder.published", { version: result.data.number });
      notify(t("builder.published", { version: result.data.number }));
      return;
    }
    if (result.error.code === "validation_failed") {
      const found = (result.error.details["issues"] ?? []) as Issue[];
      if (found.length) setIssues(found);
      say("builder.publishRefused", { count: found.length });
      window.setTimeout(() => {
        problemsTitle.current?.scrollIntoView({ block: "start", behavior: "smooth" });
        problemsTitle.current?.focus();
      }, 50);
      return;
    }
    throw new Error(errorText(t, new RequestFailed(result.response.status, result.error, null)));
  }

  async function deleteRoute() {
    try {
      expectDone(await api.DELETE("/api/v1/routes/{route_id}",
                                  { params: { path: { route_id: route.id } } }));
    } catch (failure) {
      throw new Error(errorText(t, failure));
    }
    deleted.current = true;
    queries.removeQueries({ queryKey: ["route", route.id] });
    await queries.invalidateQueries({ queryKey: ["routes"] });
    notify(t("builder.deleted", { name: route.name }));
    void navigate("/routes");
  }

  function select(id: string | undefined) {
    if (!id) return;
    setNodes((current) => current.map((node) => ({ ...node, selected: node.id === id })));
    const node = flow.getNode(id);
    if (node) {
      void flow.setCenter(node.position.x + 110, node.position.y + 60,
                          { zoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration: 200 });
    }
  }

  function edgeWords(id: string): { node: string; port: string } {
    const edge = edges.find((each) => each.id === id);
    if (!edge) return { node: "", port: "" };
    return { node: name(edge.source),
             port: portName(edge.source, edge.sourceHandle ?? "", nodes, typeMap) };
  }

  const routeNodes = nodes.filter(isRouteNode);
  const targets = selected ? Object.fromEntries(edges.filter((edge) => edge.source === selected.id)
    .map((edge) => [edge.sourceHandle ?? "", edge.target])) : {};
  const saveState = draft.saving ? "saving" : draft.unsaved ? "unsaved" : "saved";
  return (
    <Builder.Provider value={{ types: typeMap, issues, traffic: counts, readOnly,
                               nodeName: name,
                               portName: (id, port) => portName(id, port, nodes, typeMap) }}>
      <section className="builder" aria-labelledby="builder-title">
        <header className="builder__bar">
          <DraftState name={route.name} publishedVersion={publishedVersion}
                      differs={draft.differs} saveState={saveState} readOnly={readOnly} />
          <div className="builder__actions">
            {!readOnly && (
              <>
                <Button variant="ghost" iconOnly icon={Undo2} disabled={!history.canUndo}
                        onClick={() => restore(history.undo(graph))} aria-label={t("builder.undo")}
                        title={t("builder.undo")} aria-keyshortcuts="Control+Z" />
                <Button variant="ghost" iconOnly icon={Redo2} disabled={!history.canRedo}
                        onClick={() => restore(history.redo())} aria-label={t("builder.redo")}
                        title={t("builder.redo")} aria-keyshortcuts="Control+Shift+Z" />
                <Button variant="ghost" icon={LayoutGrid} onClick={() => {
                  setNodes((current) => tidy(current, edges));
                  window.setTimeout(() => void flow.fitView({ maxZoom: 1, minZoom: READABLE_ZOOM,
                                                              duration: 200 }), 50);
                }}>{t("builder.tidy")}</Button>
                <Button icon={Save} onClick={() => void saveNow()}
                        aria-keyshortcuts="Control+S">{t("builder.save")}</Button>
                <PublishButton next={(publishedVersion ?? 0) + 1} numbers={numbers}
                               disabled={draft.conflict} onPublish={publish} />
                <Button variant="ghost" iconOnly icon={Trash2} aria-label={t("builder.delete")}
                        title={t("builder.delete")} onClick={() => setConfirmDelete(true)} />
              </>
            )}
            <FindNode onFind={find} inputRef={searchField} />
            <TrafficPicker period={period} calls={counts ? counts.calls : null}
                           onChange={(next) => {
                             setPeriod(next);
                             setEdgeShown(null);
                             if (next !== null) setPath([]); // one overlay at a time
                           }} />
          </div>
          <p role="status" className="builder__status">
            {!("key" in status) ? status.text
              // "Not published: N problems" no longer holds once they are fixed.
              : status.key === "builder.publishRefused" && serverIssues.length === 0 ? ""
                : t(status.key, status.params)}
          </p>
        </header>
        <Numbers routeId={route.id} routeName={route.name} numbers={numbers} setNumbers={setNumbers}
                 published={publishedVersion !== null} readOnly={readOnly} />
        {draft.conflict && (
          <div role="alert" className="conflict">
            <p>{t("builder.conflict")}</p>
            <Button variant="primary" onClick={onReload}>{t("builder.reloadTheirs")}</Button>
            <Button onClick={() => void keepMine()}>{t("builder.keepMine")}</Button>
          </div>
        )}
        <div className={`builder__body${readOnly ? " builder__body--read-only" : ""}`}>
          {!readOnly && (
            <Palette types={types} onAdd={(type) => addNode(type, viewMiddle())}
                     onAddNote={() => addNote(viewMiddle())} />
          )}
          <div className="builder__canvas" onDragOver={(event) => event.preventDefault()}
               onDrop={drop}>
            {routeNodes.length === 0 && (
              <p className="builder__hint">{readOnly ? t("builder.emptyReadOnly")
                : t("builder.emptyHint")}</p>
            )}
            <ReactFlow nodes={canvas.nodes} edges={canvas.edges} nodeTypes={NODE_VIEWS}
                       edgeTypes={EDGE_VIEWS} ariaLabelConfig={ariaLabels}
                       defaultEdgeOptions={EDGE_DEFAULTS} elevateEdgesOnSelect
                       connectionLineType={ConnectionLineType.SmoothStep}
                       connectionRadius={60}
                       onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
                       onConnect={connect} nodesDraggable={!readOnly}
                       onConnectEnd={dropWire}
                       onEdgeClick={(_, edge) => { if (period !== null) setEdgeShown(edge.id); }}
                       nodesConnectable={!readOnly} elementsSelectable
                       deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
                       onNodesDelete={(removed) => {
                         if (removed.some((node) => node.id === entry)) setEntry(null);
                       }}
                       fitView={initial.nodes.length > 0}
                       // A phone shows the whole route first; people zoom in to read.
                       fitViewOptions={{ maxZoom: 1, minZoom: narrow ? 0.2 : READABLE_ZOOM,
                                         padding: 0.12 }}
                       minZoom={0.2}>
              <Background />
              <MiniMap pannable zoomable ariaLabel={t("builder.minimap")}
                       style={{ width: 160, height: 110 }} />
              <Controls showInteractive={!readOnly} />
            </ReactFlow>
          </div>
          <aside className="builder__side" aria-label={t("builder.inspector")}>
            {selected ? (
              <Inspector node={selected} nodes={nodes} targets={targets} types={typeMap}
                         choices={choices} readOnly={readOnly} isEntry={selected.id === entry}
                         issues={issues.filter((issue) => issue.node === selected.id)}
                         onLabel={(label) => changeNode(selected.id,
                                                        (data) => ({ ...data, label }))}
                         onParam={(param, value) => changeParam(selected.id, param, value)}
                         onEntry={() => makeEntry(selected.id)}
                         onConnect={(port, target) => wire(selected.id, port, target)}
                         onDelete={() => deleteNode(selected.id)} />
            ) : <p className="muted">{readOnly ? t("builder.selectHintReadOnly")
              : t("builder.selectHint")}</p>}
            <Problems issues={issues} warnings={warnings} name={name}
                      onSelect={(node) => select(node)} titleRef={problemsTitle} />
            {period !== null && edgeShown !== null && (
              <EdgeCalls routeId={route.id} period={period} edge={edgeShown}
                         {...edgeWords(edgeShown)} />
            )}
            <Simulator routeId={route.id} agents={choices.agents} readOnly={readOnly}
                       saveDraft={async () => readOnly || (await draft.save()) === "saved"}
                       onPath={(steps) => {
                         setPath(steps);
                         if (steps.length) setPeriod(null); // one overlay at a time
                       }}
                       shown={shown} onShow={setShown} />
          </aside>
        </div>
        <Versions key={published} routeId={route.id} types={types} canRollBack={!readOnly}
                  draftDiffers={draft.differs} onRolledBack={onReload} />
      </section>
      <Confirm open={confirmDelete} onOpenChange={setConfirmDelete} tone="danger"
               title={t("builder.deleteTitle", { name: route.name })}
               description={t("builder.deleteWhat")}
               confirmLabel={t("builder.deleteConfirm")} onConfirm={deleteRoute} />
      <Confirm open={askLeave} tone="danger"
               onOpenChange={(open) => {
                 setAskLeave(open);
                 if (!open && blocker.state === "blocked") blocker.reset();
               }}
               title={t("builder.leaveTitle")} description={t("builder.leaveWhat")}
               confirmLabel={t("builder.leaveConfirm")}
               onConfirm={() => { if (blocker.state === "blocked") blocker.proceed(); }} />
    </Builder.Provider>
  );
}
