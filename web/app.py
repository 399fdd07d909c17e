"""The Flask application factory: blueprints and error mapping, services handed in."""

from __future__ import annotations

from flask import Flask

from web import health, openapi
from web.api import routes, tickets
from web.errors import install_error_handlers
from web.services import WebServices


def create_app(services: WebServices) -> Flask:
    app = Flask("ringdesk")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["ringdesk"] = services
    for blueprint in (health.blueprint, tickets.blueprint, routes.blueprint,
                      openapi.blueprint):
        app.register_blueprint(blueprint)
    install_error_handlers(app)
    return app
