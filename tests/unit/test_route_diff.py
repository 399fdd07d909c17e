from ringdesk.routes.diff import diff_graphs


def test_diff_names_added_removed_and_changed_nodes():
    old = {"entry": "a", "nodes": {
        "a": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
              "ports": {"next": "b"}},
        "b": {"type": "hangup"},
        "c": {"type": "hangup"}}}
    new = {"entry": "a", "nodes": {
        "a": {"type": "announcement", "params": {"sound": "ringdesk/closed"},
              "ports": {"next": "d"}},
        "b": {"type": "hangup"},
        "d": {"type": "hangup"}}}
    assert diff_graphs(old, new) == {
        "added": ["d"], "removed": ["c"],
        "changed": [{"node": "a",
                     "params": {"sound": {"from": "ringdesk/welcome", "to": "ringdesk/closed"}},
                     "ports": {"next": {"from": "b", "to": "d"}}}],
    }
    assert diff_graphs(old, {**old, "entry": "b"})["entry"] == {"from": "a", "to": "b"}
    assert diff_graphs(old, old) == {"added": [], "removed": [], "changed": []}
