// Copy and paste of nodes: the selected nodes (and notes) and the edges between them,
// pasted with new ids beside the originals. Pure.
import type { Edge } from "@xyflow/react";
import { NOTE_PREFIX, edgeId, isRouteNode, newNodeId, type CanvasNode } from "./graph";

export interface Clip {
  nodes: CanvasNode[];
  edges: Edge[];
}

export function copy(nodes: CanvasNode[], edges: Edge[]): Clip | null {
  const picked = nodes.filter((node) => node.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((node) => node.id));
  return { nodes: picked,
           edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)) };
}

export function paste(clip: Clip, existing: CanvasNode[]): Clip {
  const taken = existing.map((node) => node.id);
  const renamed = new Map<string, string>();
  for (const node of clip.nodes) {
    const id = newNodeId(isRouteNode(node) ? node.data.nodeType : `${NOTE_PREFIX}note`,
                         [...taken, ...renamed.values()]);
    renamed.set(node.id, id);
  }
  const nodes = clip.nodes.map((node): CanvasNode => {
    const moved = { id: renamed.get(node.id)!, selected: true,
                    position: { x: node.position.x + 40, y: node.position.y + 40 } };
    return isRouteNode(node) ? { ...node, ...moved, data: { ...node.data, entry: false } }
      : { ...node, ...moved };
  });
  const edges = clip.edges.map((edge) => {
    const source = renamed.get(edge.source)!;
    return { ...edge, id: edgeId(source, edge.sourceHandle ?? ""), source,
             target: renamed.get(edge.target)! };
  });
  return { nodes, edges };
}
