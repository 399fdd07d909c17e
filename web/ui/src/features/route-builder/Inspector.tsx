// The selected node: its name, whether calls start here, where each of its ports leads
// (the keyboard's way to connect: pick the target from a list) and its parameters.
import { Trash2 } from "lucide-react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../shared/api/client";
import { Button } from "../../shared/ui/Button";
import { isRouteNode, portsOf, type CanvasNode, type NodeType, type RouteNode } from "./graph";
import { kindOf } from "./kinds";
import { nodeName } from "./names";
import { ParamForm, type Choices } from "./ParamForm";

export function Inspector({ node, nodes, targets, types, choices, issues, readOnly, isEntry,
                            onLabel, onParam, onEntry, onConnect, onDelete }: {
  node: RouteNode;
  nodes: CanvasNode[];
  /** Where each port of the node leads now. */
  targets: Record<string, string>;
  types: Map<string, NodeType>;
  choices: Choices;
  issues: Schemas["Issue"][];
  readOnly: boolean;
  isEntry: boolean;
  onLabel: (label: string) => void;
  onParam: (name: string, value: unknown) => void;
  onEntry: () => void;
  onConnect: (port: string, target: string | null) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const type = types.get(node.data.nodeType);
  const Icon = kindOf(node.data.nodeType).icon;
  const others = nodes.filter(isRouteNode).filter((other) => other.id !== node.id)
    .map((other) => ({ id: other.id, name: nodeName(other.id, nodes, types) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const ports = portsOf(type, node.data.params);
  return (
    <div className="inspector">
      <h2 className="inspector__title">
        <Icon size={18} aria-hidden="true" />
        {type?.title ?? node.data.nodeType}
      </h2>
      {type?.description && <p className="muted inspector__about">{type.description}</p>}
      <fieldset disabled={readOnly}>
        <legend className="visually-hidden">{t("builder.parameters")}</legend>
        <div className="param">
          <label htmlFor={labelId}>{t("builder.label")}</label>
          <input id={labelId} value={node.data.label} maxLength={80}
                 placeholder={nodeName(node.id, nodes, types)}
                 onChange={(event) => onLabel(event.target.value)} />
        </div>
        {isEntry ? <p className="inspector__entry">{t("builder.isEntry")}</p>
          : !readOnly && <Button onClick={onEntry}>{t("builder.makeEntry")}</Button>}
        {ports.length > 0 && (
          <div className="inspector__ports">
            <h3>{t("builder.leadsTo")}</h3>
            {ports.map((port) => {
              const portLabel = type?.ports.find((spec) => spec.name === port)?.label ?? port;
              return (
                <label key={port} className="inspector__port">
                  <span>{portLabel}</span>
                  <select value={targets[port] ?? ""}
                          aria-label={t("builder.portLeadsTo", { port: portLabel })}
                          onChange={(event) => onConnect(port, event.target.value || null)}>
                    <option value="">{t("builder.nowhere")}</option>
                    {others.map((other) => (
                      <option key={other.id} value={other.id}>{other.name}</option>
                    ))}
                  </select>
                </label>
              );
            })}
          </div>
        )}
        {type && (
          <ParamForm type={type} params={node.data.params} choices={choices} issues={issues}
                     onChange={onParam} />
        )}
      </fieldset>
      {!readOnly && (
        <Button variant="ghost" icon={Trash2} className="inspector__delete" onClick={onDelete}>
          {t("builder.deleteNode")}
        </Button>
      )}
    </div>
  );
}
