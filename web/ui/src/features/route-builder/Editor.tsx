import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, addEdge, useEdgesState,
  useNodesState, useReactFlow, type Connection,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../shared/api/client";
import { copy, paste, type Clip } from "./clipboard";
import { Builder } from "./context";
import { useHistory } from "./history";
import { tidy } from "./layout";
import {
  asGraph, defaults, edgeId, isRouteNode, newNodeId, toCanvas, toGraph, type CanvasNode,
  type Graph, type NodeType,
} from "./graph";
import { localizedIssue } from "./nodeTexts";
import { NoteView, newNote } from "./notes";
import { useNumbers } from "./numbers";
import { Palette, dropped } from "./Palette";
import { ParamForm, type Choices } from "./ParamForm";
import { RouteNodeView } from "./RouteNodeView";
import { Simulator, type Step } from "./Simulator";
import { EdgeCalls, PERIODS, useTraffic, type Period } from "./Traffic";
import { drawn } from "./overlays";
import { useShortcuts } from "./shortcuts";
import { Versions } from "./Versions";
import { useValidation } from "./validation";
import "./builder.css";

const NODE_VIEWS = { route: RouteNodeView, note: NoteView };
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
  const initial = useMemo(() => toCanvas(asGraph(route.graph)), [route]);
  const [nodes, setNodes, onNodesChange] = useNodesState<CanvasNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState(initial.edges);
  const [entry, setEntry] = useState<string | null>(asGraph(route.graph).entry);
  const [revision, setRevision] = useState(route.revision);
  // The status line: a catalogue key (rendered in the current language, so switching the
  // language or fixing the problems never leaves a stale sentence) or a server's text.
  const [status, setStatusLine] = useState<StatusLine>({ text: "" });
  const setStatus = useCallback((text: string) => { setStatusLine({ text }); }, []);
  const say = useCallback((key: string, params?: Record<string, unknown>) => {
    setStatusLine({ key, params });
  }, []);
  const [conflict, setConflict] = useState(false);
  const { number, setNumber, numbers, attach, detach } = useNumbers(route.id, route.numbers,
                                                                    setStatus);
  const [path, setPath] = useState<Step[]>([]);
  const [shown, setShown] = useState(0);
  const [published, setPublished] = useState(0); // versions made here: the list reloads
  const [period, setPeriod] = useState<Period | null>(null);
  const [edgeShown, setEdgeShown] = useState<string | null>(null);
  const traffic = useTraffic(route.id, period);
  const counts = period !== null ? traffic.data ?? null : null;
  const typeMap = useMemo(() => new Map(types.map((type) => [type.type, type])), [types]);
  const graph = useMemo(() => toGraph(nodes, edges, entry), [nodes, edges, entry]);
  const [serverIssues, setIssues] = useValidation(route.id, graph);

  const issues = useMemo(() => serverIssues.map((issue) => {
    const node = issue.node ? nodes.find((item) => item.id === issue.node) : undefined;
    return localizedIssue(issue, node && isRouteNode(node) ? typeMap.get(node.data.nodeType)
      : undefined, t);
  }), [serverIssues, nodes, typeMap, t]);
  const selected = nodes.filter(isRouteNode).find((node) => node.selected);
  const history = useHistory(toGraph(initial.nodes, initial.edges, asGraph(route.graph).entry));
  const clip = useRef<Clip | null>(null);
  const [search, setSearch] = useState("");
  const searchField = useRef<HTMLInputElement>(null);
  const dragging = nodes.some((node) => node.dragging);
  const graphText = JSON.stringify(graph);

  // A settled change (not every frame of a drag) becomes a step undo can go back to.
  const { record } = history;
  useEffect(() => {
    if (dragging) return;
    const timer = window.setTimeout(() => record(JSON.parse(graphText) as Graph), 150);
    return () => window.clearTimeout(timer);
  }, [graphText, dragging, record]);

  function restore(snapshot: Graph | null) {
    if (!snapshot) return;
    const drawn = toCanvas(snapshot);
    setNodes(drawn.nodes);
    setEdges(drawn.edges);
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
    const found = nodes.filter(isRouteNode).find((node) => [node.id, node.data.label,
      typeMap.get(node.data.nodeType)?.title ?? ""].some((value) =>
      value.toLowerCase().includes(wanted)));
    if (found) select(found.id);
    else say("builder.notFound", { text });
  }

  useShortcuts({
    find: () => searchField.current?.focus(),
    ...(readOnly ? {} : {
      save: () => void save(),
      undo: () => restore(history.undo(graph)),
      redo: () => restore(history.redo()),
      copy: () => { clip.current = copy(nodes, edges) ?? clip.current; },
      paste: pasteClip,
    }),
  });
  const canvas = drawn(nodes, edges, path, shown, counts);


  function connect(connection: Connection) {
    if (readOnly) return;
    // A port leads to one node: a new edge from it replaces the old one.
    setEdges((current) => addEdge(
      { ...connection, id: edgeId(connection.source, connection.sourceHandle ?? "") },
      current.filter((edge) => !(edge.source === connection.source &&
                                 edge.sourceHandle === connection.sourceHandle))));
  }

  function addNode(type: NodeType, position: { x: number; y: number }) {
    const id = newNodeId(type.type, nodes.map((node) => node.id));
    setNodes((current) => [...current.map((node) => ({ ...node, selected: false })), {
      id, type: "route", position, selected: true,
      data: { nodeType: type.type, label: "", params: defaults(type), entry: entry === null },
    }]);
    if (entry === null) setEntry(id);
  }

  function addNote(position: { x: number; y: number }) {
    setNodes((current) => [...current.map((node) => ({ ...node, selected: false })),
                           newNote(current, position)]);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    const what = dropped(event);
    if (readOnly || what === null) return;
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    if ("note" in what) {
      addNote(at);
      return;
    }
    const type = typeMap.get(what.type);
    if (type) addNode(type, at);
  }

  function viewMiddle() {
    return flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
  }

  // One parameter at a time, onto the node as it is now: quick edits never undo each other.
  function changeParam(id: string, name: string, value: unknown) {
    setNodes((current) => current.map((node) => {
      if (node.id !== id || !isRouteNode(node)) return node;
      const params = { ...node.data.params };
      if (value === undefined) delete params[name];
      else params[name] = value;
      return { ...node, data: { ...node.data, params } };
    }));
  }

  function makeEntry(id: string) {
    setEntry(id);
    setNodes((current) => current.map((node) => isRouteNode(node)
      ? { ...node, data: { ...node.data, entry: node.id === id } } : node));
  }

  async function save(currentRevision = revision): Promise<boolean> {
    say("builder.saving");
    const result = await api.PUT("/api/v1/routes/{route_id}", {
      params: { path: { route_id: route.id } },
      body: { revision: currentRevision, graph: { ...graph } } });
    if (result.response.status === 409) {
      setConflict(true);
      setStatus("");
      return false;
    }
    const saved = unwrap(result);
    setRevision(saved.revision);
    setConflict(false);
    say("builder.saved");
    return true;
  }

  async function keepMine() {
    const latest = unwrap(await api.GET("/api/v1/routes/{route_id}",
                                        { params: { path: { route_id: route.id } } }));
    await save(latest.revision);
  }

  async function publish() {
    if (!(await save())) return;
    const result = await api.POST("/api/v1/routes/{route_id}/publish", {
      params: { path: { route_id: route.id } }, body: {} });
    if (result.data) {
      say("builder.published", { version: result.data.number });
      setPublished((count) => count + 1);
    } else if (result.error.code === "nothing_to_publish") {
      say("builder.nothingToPublish", result.error.details);
    } else {
      const found = (result.error.details["issues"] ?? []) as Issue[];
      if (found.length) setIssues(found);
      say("builder.publishRefused", { count: found.length });
    }
  }

  function select(id: string | undefined) {
    if (!id) return;
    setNodes((current) => current.map((node) => ({ ...node, selected: node.id === id })));
    const node = flow.getNode(id);
    if (node) {
      void flow.setCenter(node.position.x + 110, node.position.y + 60,
                          { zoom: flow.getZoom(), duration: 200 });
    }
  }

  return (
    <Builder.Provider value={{ types: typeMap, issues, traffic: counts, readOnly }}>
      <section className="builder" aria-labelledby="builder-title">
        <header className="builder__bar">
          <h1 id="builder-title">{route.name}</h1>
          {!readOnly && (
            <>
              <button type="button" className="secondary" disabled={!history.canUndo}
                      onClick={() => restore(history.undo(graph))}
                      aria-keyshortcuts="Control+Z">{t("builder.undo")}</button>
              <button type="button" className="secondary" disabled={!history.canRedo}
                      onClick={() => restore(history.redo())}
                      aria-keyshortcuts="Control+Shift+Z">{t("builder.redo")}</button>
              <button type="button" className="secondary" onClick={() => {
                setNodes((current) => tidy(current, edges));
                window.setTimeout(() => void flow.fitView({ maxZoom: 1, duration: 200 }), 50);
              }}>{t("builder.tidy")}</button>
              <button type="button" onClick={() => void save()}
                      aria-keyshortcuts="Control+S">{t("builder.save")}</button>
              <button type="button" onClick={() => void publish()}>{t("builder.publish")}</button>
              <label className="builder__number">
                <span>{t("builder.number")}</span>
                <input value={number} onChange={(event) => setNumber(event.target.value)}
                       inputMode="tel" />
              </label>
              <button type="button" className="secondary" disabled={!number}
                      onClick={() => void attach()}>{t("builder.attach")}</button>
            </>
          )}
          <form role="search" className="builder__search" onSubmit={(event) => {
            event.preventDefault();
            find(search);
          }}>
            <label htmlFor="builder-search" className="visually-hidden">{t("builder.find")}</label>
            <input id="builder-search" ref={searchField} type="search" value={search}
                   placeholder={t("builder.find")} aria-keyshortcuts="Control+F"
                   onChange={(event) => setSearch(event.target.value)} />
          </form>
          <label className="builder__number">
            <span>{t("traffic.label")}</span>
            <select value={period ?? ""} onChange={(event) => {
              setPeriod((event.target.value || null) as Period | null);
              setEdgeShown(null);
            }}>
              <option value="">{t("traffic.off")}</option>
              {Object.keys(PERIODS).map((name) => (
                <option key={name} value={name}>{t(`traffic.${name}`)}</option>
              ))}
            </select>
          </label>
          {counts && <span className="muted">{t("traffic.calls", { count: counts.calls })}</span>}
          <p role="status" className="builder__status">
            {!("key" in status) ? status.text
              // "Not published: N problems" no longer holds once they are fixed.
              : status.key === "builder.publishRefused" && serverIssues.length === 0 ? ""
                : t(status.key, status.params)}
          </p>
        </header>
        {numbers.length > 0 && (
          <ul className="builder__numbers" aria-label={t("builder.numbers")}>
            {numbers.map((attached) => (
              <li key={attached}>
                {attached}
                {!readOnly && (
                  <button type="button" className="link-plain"
                          aria-label={t("builder.detach", { number: attached })}
                          onClick={() => void detach(attached)}>×</button>
                )}
              </li>
            ))}
          </ul>
        )}
        {conflict && (
          <div role="alert" className="conflict">
            <p>{t("builder.conflict")}</p>
            <button type="button" onClick={onReload}>{t("builder.reloadTheirs")}</button>
            <button type="button" className="secondary" onClick={() => void keepMine()}>
              {t("builder.keepMine")}
            </button>
          </div>
        )}
        <div className={`builder__body${readOnly ? " builder__body--read-only" : ""}`}>
          {!readOnly && (
            <Palette types={types} onAdd={(type) => addNode(type, viewMiddle())}
                     onAddNote={() => addNote(viewMiddle())} />
          )}
          <div className="builder__canvas" onDragOver={(event) => event.preventDefault()}
               onDrop={drop}>
            <ReactFlow nodes={canvas.nodes} edges={canvas.edges} nodeTypes={NODE_VIEWS}
                       onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
                       onConnect={connect} nodesDraggable={!readOnly}
                       onEdgeClick={(_, edge) => { if (period !== null) setEdgeShown(edge.id); }}
                       nodesConnectable={!readOnly} elementsSelectable
                       deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
                       onNodesDelete={(deleted) => {
                         if (deleted.some((node) => node.id === entry)) setEntry(null);
                       }}
                       fitView={initial.nodes.length > 0} fitViewOptions={{ maxZoom: 1 }}
                       minZoom={0.2}>
              <Background />
              <MiniMap pannable zoomable ariaLabel={t("builder.minimap")} />
              <Controls />
            </ReactFlow>
          </div>
          <aside className="builder__side" aria-label={t("builder.inspector")}>
            {selected ? (
              <div>
                <h2>{typeMap.get(selected.data.nodeType)?.title ?? selected.data.nodeType}</h2>
                <p className="muted">{selected.id}</p>
                {!readOnly && selected.id !== entry && (
                  <button type="button" className="secondary"
                          onClick={() => makeEntry(selected.id)}>{t("builder.makeEntry")}</button>
                )}
                {typeMap.get(selected.data.nodeType) && (
                  <fieldset disabled={readOnly}>
                    <legend className="visually-hidden">{t("builder.parameters")}</legend>
                    <ParamForm type={typeMap.get(selected.data.nodeType)!}
                               params={selected.data.params} choices={choices}
                               issues={issues.filter((issue) => issue.node === selected.id)}
                               onChange={(name, value) => changeParam(selected.id, name,
                                                                      value)} />
                  </fieldset>
                )}
              </div>
            ) : <p className="muted">{t("builder.selectHint")}</p>}
            {period !== null && edgeShown !== null && (
              <EdgeCalls routeId={route.id} period={period} edge={edgeShown} />
            )}
            <Simulator routeId={route.id} saveDraft={() => (readOnly ? Promise.resolve(true)
                                                           : save())}
                       onPath={setPath} shown={shown} onShow={setShown} />
            <h2>{t("builder.problems", { count: issues.length })}</h2>
            {issues.length === 0 ? <p className="muted">{t("builder.noProblems")}</p> : (
              <ul className="builder__problems">
                {issues.map((issue, index) => (
                  <li key={index}>
                    <button type="button" className="link" disabled={!issue.node}
                            onClick={() => select(issue.node ?? undefined)}>
                      {issue.node ? `${issue.node}: ` : ""}{issue.message}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </aside>
        </div>
        <Versions key={published} routeId={route.id} types={types} canRollBack={!readOnly}
                  onRolledBack={onReload} />
      </section>
    </Builder.Provider>
  );
}
