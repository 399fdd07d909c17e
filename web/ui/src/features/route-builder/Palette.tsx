// The palette: the node types the server declares, and a sticky note; each dragged onto the
// canvas or, from the keyboard, added at the middle of the view.
import type { DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { StickyNote } from "lucide-react";
import type { NodeType } from "./graph";
import { kindOf } from "./kinds";

const NODE_DRAG = "application/x-ringdesk-node-type";
const NOTE_DRAG = "application/x-ringdesk-note";

/** What was dropped on the canvas: a node type's name, a note, or nothing of ours. */
export function dropped(event: DragEvent): { note: true } | { type: string } | null {
  if (event.dataTransfer.types.includes(NOTE_DRAG)) return { note: true };
  const type = event.dataTransfer.getData(NODE_DRAG);
  return type ? { type } : null;
}

export function Palette({ types, onAdd, onAddNote }: {
  types: NodeType[];
  onAdd: (type: NodeType) => void;
  onAddNote: () => void;
}) {
  const { t } = useTranslation();
  return (
    <aside className="builder__palette" aria-label={t("builder.palette")}>
      <h2>{t("builder.palette")}</h2>
      <ul>
        {types.map((type) => {
          const { icon: Icon, family } = kindOf(type.type);
          return (
            <li key={type.type} draggable
                onDragStart={(event) => event.dataTransfer.setData(NODE_DRAG, type.type)}>
              <button type="button" className={`palette__item palette__item--${family}`}
                      title={type.description} data-node-type={type.type}
                      onClick={() => onAdd(type)}>
                <Icon size={16} aria-hidden="true" />
                {type.title}
              </button>
            </li>
          );
        })}
        <li draggable onDragStart={(event) => event.dataTransfer.setData(NOTE_DRAG, "note")}>
          <button type="button" className="palette__item" data-node-type="sticky-note"
                  onClick={onAddNote}>
            <StickyNote size={16} aria-hidden="true" />
            {t("notes.add")}
          </button>
        </li>
      </ul>
    </aside>
  );
}
