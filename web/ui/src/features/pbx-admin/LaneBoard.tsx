import { ArrowDown, ArrowLeft, ArrowRight, ArrowUp, GripVertical, X } from "lucide-react";
import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../../shared/ui/Button";
import { move, remove, type Lanes } from "./lanes";

interface LaneBoardProps {
  lanes: Lanes;
  names: Map<string, string>;
  canEdit: boolean;
  onChange: (lanes: Lanes) => void;
}

/** Levels side by side; an agent is dragged (or moved with the buttons, for keyboards and
 *  fingers) to another level or place. */
export function LaneBoard({ lanes, names, canEdit, onChange }: LaneBoardProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState<string | null>(null);
  function dropAt(lane: number, index: number) {
    return (event: DragEvent) => {
      event.preventDefault();
      event.stopPropagation();
      setOver(null);
      const endpoint = event.dataTransfer.getData("text/plain");
      if (endpoint) onChange(move(lanes, endpoint, lane, index));
    };
  }
  function allow(key: string) {
    return (event: DragEvent) => {
      if (!canEdit) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      setOver(key);
    };
  }
  return (
    <div className="lanes">
      {lanes.map((lane, laneIndex) => (
        <section key={laneIndex} className={`lane${over === `lane-${laneIndex}` ? " lane--over" : ""}`}
                 aria-label={t("pbx.level", { level: laneIndex + 1 })}
                 onDragOver={allow(`lane-${laneIndex}`)} onDragLeave={() => setOver(null)}
                 onDrop={dropAt(laneIndex, lane.length)}>
          <h4>{t("pbx.level", { level: laneIndex + 1 })}</h4>
          <p className="muted lane__when">
            {laneIndex === 0 ? t("pbx.ringsFirst") : t("pbx.ringsAfter", { level: laneIndex })}
          </p>
          <ol className="lane__agents">
            {lane.map((endpoint, index) => {
              const name = names.get(endpoint) ?? endpoint;
              return (
                <li key={endpoint} className="lane__agent" draggable={canEdit}
                    data-endpoint={endpoint}
                    onDragStart={(event) => {
                      event.dataTransfer.setData("text/plain", endpoint);
                      event.dataTransfer.effectAllowed = "move";
                    }}
                    onDragOver={allow(`lane-${laneIndex}`)}
                    onDrop={dropAt(laneIndex, index)}>
                  {canEdit && <GripVertical size={16} aria-hidden="true" className="lane__grip" />}
                  <span className="lane__name">
                    {name}
                    {name !== endpoint && <small className="muted"> {endpoint}</small>}
                  </span>
                  {canEdit && (
                    <span className="lane__moves">
                      <Button variant="ghost" iconOnly icon={ArrowUp} disabled={index === 0}
                              aria-label={t("pbx.moveUp", { name })} title={t("pbx.moveUp", { name })}
                              onClick={() => onChange(move(lanes, endpoint, laneIndex, index - 1))} />
                      <Button variant="ghost" iconOnly icon={ArrowDown} disabled={index === lane.length - 1}
                              aria-label={t("pbx.moveDown", { name })} title={t("pbx.moveDown", { name })}
                              onClick={() => onChange(move(lanes, endpoint, laneIndex, index + 2))} />
                      <Button variant="ghost" iconOnly icon={ArrowLeft} disabled={laneIndex === 0}
                              aria-label={t("pbx.earlier", { name })} title={t("pbx.earlier", { name })}
                              onClick={() => onChange(move(lanes, endpoint, laneIndex - 1, Infinity))} />
                      <Button variant="ghost" iconOnly icon={ArrowRight}
                              disabled={lane.length === 1 && laneIndex === lanes.length - 1}
                              aria-label={t("pbx.later", { name })} title={t("pbx.later", { name })}
                              onClick={() => onChange(move(lanes, endpoint, laneIndex + 1, Infinity))} />
                      <Button variant="ghost" iconOnly icon={X}
                              aria-label={t("pbx.removeAgent", { name })}
                              title={t("pbx.removeAgent", { name })}
                              onClick={() => onChange(remove(lanes, endpoint))} />
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {canEdit && (
        <section className={`lane lane--new${over === "new" ? " lane--over" : ""}`}
                 aria-label={t("pbx.newLevel")} onDragOver={allow("new")}
                 onDragLeave={() => setOver(null)} onDrop={dropAt(lanes.length, 0)}>
          <p className="muted">{lanes.length === 0 ? t("pbx.noMembers") : t("pbx.dropForNewLevel")}</p>
        </section>
      )}
    </div>
  );
}
