// What a person calls a node: the label an admin typed, else its type's title with the
// number of its kind ("Queue 2"), never the internal id. Pure.
import type { CanvasNode, NodeType } from "./graph";
import { isRouteNode } from "./graph";

export function nodeName(id: string, nodes: CanvasNode[], types: Map<string, NodeType>): string {
  const node = nodes.find((item) => item.id === id);
  if (!node || !isRouteNode(node)) return id;
  if (node.data.label.trim()) return node.data.label.trim();
  const title = types.get(node.data.nodeType)?.title ?? node.data.nodeType;
  const number = /_(\d+)$/.exec(id)?.[1];
  return number && number !== "1" ? `${title} ${number}` : title;
}

export function portName(id: string, port: string, nodes: CanvasNode[],
                         types: Map<string, NodeType>): string {
  const node = nodes.find((item) => item.id === id);
  if (!node || !isRouteNode(node)) return port;
  return types.get(node.data.nodeType)?.ports.find((spec) => spec.name === port)?.label ?? port;
}
