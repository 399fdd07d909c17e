"""The web app's typed API client is generated from the OpenAPI description: the committed
types must be what the current description gives (run `./dev api` after changing a shape)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ringdesk.web.app import spec

UI = Path(__file__).parents[2] / "web" / "ui"
NODE_BIN = Path(os.environ.get("VIRTUAL_ENV", Path(__file__).parents[2] / ".venv")) / "bin"


def test_the_generated_client_types_are_current(tmp_path: Path):
    described = tmp_path / "openapi.json"
    described.write_text(json.dumps(spec(), indent=1) + "\n")
    generated = tmp_path / "schema.d.ts"
    env = {**os.environ, "PATH": f"{NODE_BIN}:{os.environ['PATH']}"}
    subprocess.run([str(UI / "node_modules" / ".bin" / "openapi-typescript"), str(described),
                    "--default-non-nullable=false", "-o", str(generated)], check=True,
                   capture_output=True, env=env, cwd=UI)
    committed = (UI / "src" / "shared" / "api" / "schema.d.ts").read_text()
    assert generated.read_text() == committed, "run ./dev api: the API changed"


def test_the_web_app_type_checks_under_strict(tmp_path: Path):
    env = {**os.environ, "PATH": f"{NODE_BIN}:{os.environ['PATH']}"}
    result = subprocess.run([str(UI / "node_modules" / ".bin" / "tsc"), "--noEmit", "-p",
                             "tsconfig.json"], capture_output=True, text=True, env=env, cwd=UI)
    assert result.returncode == 0, result.stdout + result.stderr
