"""The Flask application factory: blueprints and error mapping, services handed in."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from web import health, openapi
from web.api import (
    agents,
    auth,
    customers,
    helpdesk_setup,
    live,
    pbx,
    reports,
    routes,
    ticket_actions,
    tickets,
)
from web.auth import check_access
from web.errors import install_error_handlers
from web.services import WebServices


class DatabaseId(IntegerConverter):
    """Whole numbers a database key can hold; anything else is simply not found (404).
    Zero matches (and is then not found) so that every method reaches the token check."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=0, max=2**63 - 1)


def create_app(services: WebServices) -> Flask:
    app = Flask("ringdesk")
    app.url_map.converters["id"] = DatabaseId
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["ringdesk"] = services
    for blueprint in (health.blueprint, tickets.blueprint, ticket_actions.blueprint,
                      helpdesk_setup.blueprint, customers.blueprint, reports.blueprint,
                      routes.blueprint, pbx.blueprint, agents.blueprint, live.blueprint,
                      auth.blueprint, openapi.blueprint):
        app.register_blueprint(blueprint)
    app.before_request(check_access)
    install_error_handlers(app)
    return app
