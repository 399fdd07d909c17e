import { Handle, Position, type NodeProps } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import { portsOf, type RouteNode } from "./graph";
import { useBuilder } from "./context";
import { kindOf } from "./kinds";

/** A node on the canvas: its kind's icon and colour, its name, a handle in, and one handle
 *  per named port. The whole node takes a dropped wire. */
export function RouteNodeView({ id, data, selected }: NodeProps<RouteNode>) {
  const { t } = useTranslation();
  const { types, issues, traffic, nodeName } = useBuilder();
  const ended = traffic?.ended[id];
  const type = types.get(data.nodeType);
  const kind = kindOf(data.nodeType);
  const Icon = kind.icon;
  const ports = portsOf(type, data.params);
  const problems = issues.filter((issue) => issue.node === id);
  // Port problems colour their port, parameter problems wait in the form: the node says
  // how many, and lists only what is about the node itself.
  const own = problems.filter((issue) => !issue.port && !issue.param);
  const settings = problems.filter((issue) => issue.param).length;
  const title = type?.title ?? data.nodeType;
  const name = nodeName ? nodeName(id) : data.label || title;
  return (
    <div className={`route-node route-node--${kind.family}${selected ? " route-node--selected" : ""}${
      problems.length ? " route-node--invalid" : ""}`} data-node-id={id}>
      <Handle type="target" position={Position.Left} className="route-node__in" />
      <div className="route-node__head">
        <span className="route-node__icon" aria-hidden="true"><Icon size={16} /></span>
        <span className="route-node__names">
          {data.entry && <span className="route-node__entry">{t("builder.entry")}</span>}
          <strong>{name}</strong>
          {name !== title && <span className="route-node__type">{title}</span>}
        </span>
        {traffic && ended ? (
          <span className="route-node__traffic">{t("traffic.ended", { count: ended })}</span>
        ) : null}
      </div>
      {(own.length > 0 || settings > 0) && (
        <ul className="route-node__problems">
          {settings > 0 && <li>{t("builder.settingsMissing", { count: settings })}</li>}
          {own.map((issue, index) => <li key={index}>{issue.message}</li>)}
        </ul>
      )}
      {ports.length > 0 && (
        <ul className="route-node__ports">
          {ports.map((port) => {
            const label = type?.ports.find((spec) => spec.name === port)?.label ?? port;
            const portProblem = problems.find((issue) => issue.port === port);
            return (
              <li key={port} className={portProblem ? "route-node__port--invalid" : undefined}
                  title={portProblem?.message}>
                {label}
                <Handle type="source" position={Position.Right} id={port}
                        className="route-node__out" />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
