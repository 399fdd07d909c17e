"""The web app at ``/``: its built files (web/ui/dist), and its index page for every path it
routes itself. The API stays under /api/v1; its unknown paths remain JSON 404s."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory

from ringdesk.web.contract import page

BUILT = Path(__file__).with_name("ui") / "dist"
blueprint = Blueprint("spa", __name__)
NOT_BUILT = ("The web app is not built: run ./dev setup, or `npm ci && npm run build` in "
             "web/ui.\n")


@blueprint.get("/assets/<path:name>")
@page
def asset(name: str) -> Response:
    # Built file names carry a hash of their content: they never change, cache for a year.
    response = send_from_directory(BUILT / "assets", name, max_age=365 * 24 * 3600)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@blueprint.get("/")
@blueprint.get("/<page:path>")
@page
def index(path: str = "") -> Response:
    if not (BUILT / "index.html").is_file():
        return Response(NOT_BUILT, status=503, mimetype="text/plain")
    response = send_from_directory(BUILT, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
