// A wire between two nodes. Forward wires step around corners as usual; a wire that goes
// back (a retry, a loop to the menu) leaves to the right, runs past the nodes' tops or
// bottoms, whichever is nearer, and comes in from the left, so it never crosses a node.
import { BaseEdge, getSmoothStepPath, useInternalNode, type EdgeProps,
         type InternalNode } from "@xyflow/react";

const CLEARANCE = 28; // how far a wire keeps from the nodes it goes around
const CORNER = 8;

export function RouteEdge(props: EdgeProps) {
  const { source, target, sourceX, sourceY, targetX, targetY } = props;
  const from = useInternalNode(source);
  const to = useInternalNode(target);
  const [path, labelX, labelY] = from && to && targetX < sourceX + CLEARANCE
    ? aroundPath(sourceX, sourceY, targetX, targetY, from, to)
    : getSmoothStepPath({ ...props, borderRadius: CORNER });
  return (
    <BaseEdge id={props.id} path={path} labelX={labelX} labelY={labelY} label={props.label}
              labelStyle={props.labelStyle} labelShowBg={props.labelShowBg}
              labelBgStyle={props.labelBgStyle} labelBgPadding={props.labelBgPadding}
              labelBgBorderRadius={props.labelBgBorderRadius} markerEnd={props.markerEnd}
              markerStart={props.markerStart} style={props.style}
              interactionWidth={props.interactionWidth} />
  );
}

function box(node: InternalNode): { top: number; bottom: number } {
  const top = node.internals.positionAbsolute.y;
  return { top, bottom: top + (node.measured.height ?? 0) };
}

/** Out to the right, along the nearer side (above or below both nodes), in from the left. */
export function aroundPath(sx: number, sy: number, tx: number, ty: number,
                           from: InternalNode, to: InternalNode): [string, number, number] {
  const [a, b] = [box(from), box(to)];
  const above = Math.min(a.top, b.top) - CLEARANCE;
  const below = Math.max(a.bottom, b.bottom) + CLEARANCE;
  const middle = (sy + ty) / 2;
  const lane = middle - above < below - middle ? above : below;
  const points: [number, number][] = [
    [sx, sy], [sx + CLEARANCE, sy], [sx + CLEARANCE, lane], [tx - CLEARANCE, lane],
    [tx - CLEARANCE, ty], [tx, ty]];
  return [rounded(points), (sx + tx) / 2, lane];
}

/** A path through the points with each corner rounded (smaller where segments are short). */
export function rounded(points: [number, number][]): string {
  const [first] = points;
  if (!first) return "";
  let path = `M ${first[0]} ${first[1]}`;
  for (let index = 1; index < points.length - 1; index += 1) {
    const [px, py] = points[index - 1]!;
    const [x, y] = points[index]!;
    const [nx, ny] = points[index + 1]!;
    const radius = Math.min(CORNER, Math.hypot(x - px, y - py) / 2, Math.hypot(nx - x, ny - y) / 2);
    const inX = x - Math.sign(x - px) * radius;
    const inY = y - Math.sign(y - py) * radius;
    const outX = x + Math.sign(nx - x) * radius;
    const outY = y + Math.sign(ny - y) * radius;
    path += ` L ${inX} ${inY} Q ${x} ${y} ${outX} ${outY}`;
  }
  const last = points[points.length - 1]!;
  return `${path} L ${last[0]} ${last[1]}`;
}
