"""The web app's Polish and English catalogues: the same keys, and each language's plural
forms wherever a string counts something."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CATALOGUES = Path(__file__).parents[2] / "web" / "ui" / "src" / "shared" / "i18n"
# CLDR plural categories i18next asks for (Intl.PluralRules): what each language needs.
PLURALS = {"en": {"one", "other"}, "pl": {"one", "few", "many", "other"}}


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def plural_forms(keys: set[str]) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    for key in keys:
        base, _, form = key.rpartition("_")
        if form in {"zero", "one", "two", "few", "many", "other"}:
            forms.setdefault(base, set()).add(form)
    return forms


def catalogue(language: str) -> dict[str, str]:
    return flatten(json.loads((CATALOGUES / f"{language}.json").read_text()))


def test_both_languages_have_the_same_keys():
    keys = {language: set(catalogue(language)) for language in PLURALS}
    singular = {language: {key for key in found if key.rpartition("_")[0] not in
                           plural_forms(found)} for language, found in keys.items()}
    assert singular["en"] == singular["pl"]
    assert set(plural_forms(keys["en"])) == set(plural_forms(keys["pl"]))


@pytest.mark.parametrize("language", sorted(PLURALS))
def test_every_counted_string_has_the_languages_plural_forms(language):
    for base, forms in plural_forms(set(catalogue(language))).items():
        assert forms == PLURALS[language], f"{language}: {base} has {sorted(forms)}"


@pytest.mark.parametrize("language", sorted(PLURALS))
def test_no_string_is_empty(language):
    assert [key for key, text in catalogue(language).items() if not text.strip()] == []


def test_the_english_node_texts_are_the_servers_and_polish_has_each():
    """The builder shows node types in the user's language from the catalogue; English
    must say what the server declares, so the two never drift."""
    from ringdesk.routes.nodes import NODE_TYPES

    english = json.loads((CATALOGUES / "en.json").read_text())["nodes"]
    for name, node in NODE_TYPES.items():
        described = node.describe()
        texts = english[name]
        assert (texts["title"], texts["description"]) == \
            (described["title"], described["description"]), name
        for param in described["params"]:
            assert texts["params"][param["name"]] == {
                key: param[key] for key in ("label", "help") if key in param}, name
        assert texts.get("ports", {}) == {port["name"]: port["label"]
                                          for port in described["ports"]}, name
    assert set(english) == set(NODE_TYPES)


def server_message_keys() -> set[str]:
    """Every validation message key the route engine can send (issues.<key> in the web app)."""
    import re

    source = "\n".join(path.read_text() for path in
                       (Path(__file__).parents[2] / "routes").rglob("*.py"))
    keys = set(re.findall(r'key="([a-z_]+)"', source))
    keys |= set(re.findall(r'return \(?"([a-z_]+)", \{', source))  # parameter problems
    keys |= {f"not_{kind}" for kind in ("list", "object", "text")}
    return keys | {"missing_param", "unconnected_port", "unreachable"}


@pytest.mark.parametrize("language", ["en", "pl"])
def test_every_validation_message_the_server_sends_is_in_the_catalogue(language: str):
    known = catalogue(language)
    keys = server_message_keys()
    assert len(keys) > 25
    assert sorted(key for key in keys if f"issues.{key}" not in known) == []


def test_call_ticket_subjects_read_in_english_as_the_server_writes_them():
    from ringdesk.helpdesk.calls.opening import SUBJECTS

    english = catalogue("en")
    for outcome, text in SUBJECTS.items():
        assert english[f"subjects.call_{outcome}"] == text.replace("{caller}", "{{caller}}")
    assert catalogue("pl").keys() >= {f"subjects.call_{outcome}" for outcome in SUBJECTS}


@pytest.mark.parametrize("language", ["en", "pl"])
def test_every_reason_the_engine_gives_is_told_in_each_language(language):
    """Steps carry a reason key and facts; the simulator and the ticket's path tell them
    from ``reasons.<key>``, so a key the catalogue lacks would fall back to English."""
    import re

    from ringdesk.routes.nodes.destinations import DIAL_PORTS, QUEUE_PORTS
    from ringdesk.routes.nodes.reasons import REASONS

    source = "\n".join(path.read_text() for path in
                       (Path(__file__).parents[2] / "routes").rglob("*.py"))
    given = set(re.findall(r'done\([^,]+, "([a-z_]+)"', source))
    for kind, ports in (("queue", QUEUE_PORTS), ("agent", DIAL_PORTS)):
        given |= {f"{kind}_{port}" for port in {*ports.values(), "connected", "failed"}}
    assert given <= set(REASONS)
    told = {key.split(".")[1] for key in catalogue(language) if key.startswith("reasons.")}
    assert set(REASONS) <= told
