"""The web app at ``/``: its built files (web/ui/dist), and its index page for every path it
routes itself. The API stays under /api/v1; its unknown paths remain JSON 404s."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, Response, send_from_directory

from ringdesk.web.contract import page
from ringdesk.web.security import content_security_policy

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
    # A fresh nonce per page: the only inline styles allowed are the ones the app's own code
    # inserts (it reads the nonce from the page); the page is never cached, as it carries it.
    nonce = secrets.token_urlsafe(18)
    html = (BUILT / "index.html").read_text().replace(
        "<head>", f'<head>\n    <meta name="style-nonce" content="{nonce}">', 1)
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = content_security_policy(nonce)
    return response
