"""What changed between two versions of a route graph, node by node (pure)."""

from __future__ import annotations

from typing import Any


def diff_graphs(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    old_nodes: dict[str, Any] = old.get("nodes", {})
    new_nodes: dict[str, Any] = new.get("nodes", {})
    changed = []
    for node_id in sorted(set(old_nodes) & set(new_nodes)):
        before, after = old_nodes[node_id], new_nodes[node_id]
        changes: dict[str, Any] = {}
        for part in ("type", "label"):
            if before.get(part) != after.get(part):
                changes[part] = {"from": before.get(part), "to": after.get(part)}
        for part in ("params", "ports"):
            was, now = before.get(part, {}), after.get(part, {})
            keys = sorted(set(was) | set(now))
            delta = {key: {"from": was.get(key), "to": now.get(key)}
                     for key in keys if was.get(key) != now.get(key)}
            if delta:
                changes[part] = delta
        if changes:
            changed.append({"node": node_id, **changes})
    result: dict[str, Any] = {
        "added": sorted(set(new_nodes) - set(old_nodes)),
        "removed": sorted(set(old_nodes) - set(new_nodes)),
        "changed": changed,
    }
    if old.get("entry") != new.get("entry"):
        result["entry"] = {"from": old.get("entry"), "to": new.get("entry")}
    return result


def differs(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    """Whether publishing ``new`` over ``old`` would change anything but the drawing (where
    nodes and notes sit): what calls do, or what the path of a call says."""
    if old is None:
        return True
    changes = diff_graphs(old, new)
    return bool(changes["added"] or changes["removed"] or changes["changed"]
                or "entry" in changes)
