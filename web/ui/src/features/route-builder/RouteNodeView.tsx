import { Handle, Position, type NodeProps } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import { portsOf, type RouteNode } from "./graph";
import { useBuilder } from "./context";

/** A node on the canvas: its type and label, a handle in, and one handle per named port. */
export function RouteNodeView({ id, data, selected }: NodeProps<RouteNode>) {
  const { t } = useTranslation();
  const { types, issues, traffic } = useBuilder();
  const ended = traffic?.ended[id];
  const type = types.get(data.nodeType);
  const ports = portsOf(type, data.params);
  const problems = issues.filter((issue) => issue.node === id);
  // Port problems colour their port, parameter problems wait in the form: the node says
  // how many, and lists only what is about the node itself.
  const own = problems.filter((issue) => !issue.port && !issue.param);
  const settings = problems.filter((issue) => issue.param).length;
  return (
    <div className={`route-node${selected ? " route-node--selected" : ""}${
      problems.length ? " route-node--invalid" : ""}`} data-node-id={id}>
      <Handle type="target" position={Position.Left} />
      <div className="route-node__head">
        {data.entry && <span className="route-node__entry">{t("builder.entry")}</span>}
        <strong>{type?.title ?? data.nodeType}</strong>
        <span className="route-node__id">{data.label || id}</span>
        {traffic && (
          <span className="route-node__traffic">{t("traffic.ended", { count: ended ?? 0 })}</span>
        )}
      </div>
      {(own.length > 0 || settings > 0) && (
        <ul className="route-node__problems">
          {settings > 0 && <li>{t("builder.settingsMissing", { count: settings })}</li>}
          {own.map((issue, index) => <li key={index}>{issue.message}</li>)}
        </ul>
      )}
      <ul className="route-node__ports">
        {ports.map((port) => {
          const label = type?.ports.find((spec) => spec.name === port)?.label ?? port;
          const portProblem = problems.some((issue) => issue.port === port);
          return (
            <li key={port} className={portProblem ? "route-node__port--invalid" : undefined}
                title={portProblem ? problems.find((issue) => issue.port === port)?.message
                  : undefined}>
              {label}
              <Handle type="source" position={Position.Right} id={port} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
