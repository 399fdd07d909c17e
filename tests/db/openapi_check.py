"""Check a real response against the OpenAPI description (status and body schema)."""

from __future__ import annotations

import re
from typing import Any

import jsonschema

from ringdesk.web.app import spec

SPEC = spec()


def operation(path: str, method: str) -> dict[str, Any]:
    for template, item in SPEC["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path.split("?")[0]) and method in item:
            return item[method]  # type: ignore[no-any-return]
    raise AssertionError(f"{method.upper()} {path} is not in the OpenAPI description")


def check(response: Any, path: str, method: str = "get") -> Any:
    described = operation(path, method)["responses"]
    status = str(response.status_code)
    assert status in described, f"{method.upper()} {path} answered {status}, not described"
    schema = described[status].get("content", {}).get("application/json", {}).get("schema")
    body = response.get_json(silent=True)
    if schema is not None:
        jsonschema.validate(body, {**schema, "components": SPEC["components"]})
    return body
