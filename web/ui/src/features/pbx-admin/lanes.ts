// A queue's members as lanes: level 1 rings first, then level 2...; inside a level, in
// position order. Every edit gives new lanes; `membersOf` turns them back into the API's
// (endpoint, level, position) with levels and positions counted from 1 without gaps.

export interface Member { endpoint: string; level: number; position: number }
export type Lanes = string[][];

export function lanesOf(members: readonly Member[]): Lanes {
  const levels = [...new Set(members.map((member) => member.level))].sort((a, b) => a - b);
  return levels.map((level) => members
    .filter((member) => member.level === level)
    .sort((a, b) => a.position - b.position || a.endpoint.localeCompare(b.endpoint))
    .map((member) => member.endpoint));
}

export function membersOf(lanes: Lanes): Member[] {
  return lanes.filter((lane) => lane.length > 0).flatMap((lane, index) =>
    lane.map((endpoint, position) => ({ endpoint, level: index + 1, position: position + 1 })));
}

/** Move an agent to lane `toLane` (one past the last opens a new level) before `toIndex`. */
export function move(lanes: Lanes, endpoint: string, toLane: number, toIndex: number): Lanes {
  const without = lanes.map((lane) => lane.filter((name) => name !== endpoint));
  const target = Math.max(0, Math.min(toLane, without.length));
  const next = target === without.length ? [...without, []] : without.map((lane) => [...lane]);
  const lane = next[target] ?? [];
  const from = lanes[target]?.indexOf(endpoint) ?? -1;
  // Dropping below one's own place counts the places as they were before the agent left.
  const index = from >= 0 && from < toIndex ? toIndex - 1 : toIndex;
  lane.splice(Math.max(0, Math.min(index, lane.length)), 0, endpoint);
  return tidy(next);
}

export function add(lanes: Lanes, endpoint: string): Lanes {
  if (lanes.some((lane) => lane.includes(endpoint))) return lanes;
  if (lanes.length === 0) return [[endpoint]];
  return lanes.map((lane, index) => index === lanes.length - 1 ? [...lane, endpoint] : lane);
}

export function remove(lanes: Lanes, endpoint: string): Lanes {
  return tidy(lanes.map((lane) => lane.filter((name) => name !== endpoint)));
}

function tidy(lanes: Lanes): Lanes {
  return lanes.filter((lane) => lane.length > 0);
}
