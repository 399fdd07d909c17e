// Sticky notes on the canvas: free text where the admin puts it, saved with the graph and
// ignored by calls.
import { NodeResizer, useReactFlow, type NodeProps } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import { useBuilder } from "./context";
import { NOTE_PREFIX, isNoteNode, newNodeId, type CanvasNode, type NoteNode } from "./graph";

export const NOTE_SIZE = { width: 200, height: 120 };

/** A new, empty note at ``position``, its id the first free one. */
export function newNote(existing: CanvasNode[], position: { x: number; y: number }): NoteNode {
  const taken = existing.filter(isNoteNode).map((node) => node.id.slice(NOTE_PREFIX.length));
  return { id: NOTE_PREFIX + newNodeId("note", taken), type: "note", position,
           data: { text: "" }, selected: true, ...NOTE_SIZE };
}

export function NoteView({ id, data, selected }: NodeProps<NoteNode>) {
  const { t } = useTranslation();
  const flow = useReactFlow<CanvasNode>();
  const { readOnly } = useBuilder();
  return (
    <div className={`note${selected ? " note--selected" : ""}`}>
      <NodeResizer isVisible={selected && !readOnly} minWidth={120} minHeight={60} />
      <div className="note__head" aria-hidden="true">{t("notes.title")}</div>
      <textarea className="nodrag nowheel" value={data.text} readOnly={readOnly}
                aria-label={t("notes.text", { id: id.slice(NOTE_PREFIX.length) })}
                placeholder={t("notes.placeholder")}
                onChange={(event) => flow.updateNodeData(id, { text: event.target.value })} />
    </div>
  );
}
