"""The Flask application factory: blueprints and error mapping, services handed in."""

from __future__ import annotations

import functools
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, IntegerConverter, Map, PathConverter

from ringdesk.routes.sounds import MAX_BYTES as MAX_SOUND_BYTES
from ringdesk.web import health, openapi, spa
from ringdesk.web.api import (
    access_settings,
    agent_calls,
    agents,
    audit,
    auth,
    calendars,
    caller_lists,
    canned_replies,
    colleagues,
    customers,
    helpdesk_setup,
    live,
    pbx,
    reports,
    routes,
    sessions,
    ticket_actions,
    ticket_views,
    tickets,
    tokens,
)
from ringdesk.web.auth import check_access
from ringdesk.web.body_limits import BodyLimits
from ringdesk.web.errors import install_error_handlers
from ringdesk.web.schemas.calendars import COUNTRY_CODE
from ringdesk.web.schemas.common import MAX_DB_ID
from ringdesk.web.schemas.pbx import QUEUE_NAME
from ringdesk.web.schemas.routes import SOUND_NAME
from ringdesk.web.security import add_security_headers
from ringdesk.web.services import WebServices

BLUEPRINTS = (health.blueprint, tickets.blueprint, ticket_actions.blueprint,
              helpdesk_setup.blueprint, customers.blueprint, reports.blueprint,
              routes.blueprint, caller_lists.blueprint, calendars.blueprint, pbx.blueprint,
              agents.blueprint, live.blueprint, auth.blueprint, sessions.blueprint,
              tokens.blueprint, audit.blueprint, access_settings.blueprint, colleagues.blueprint,
              agent_calls.blueprint, ticket_views.blueprint,
              canned_replies.blueprint, openapi.blueprint, spa.blueprint)


class DatabaseId(IntegerConverter):
    """Whole numbers a database key can hold; anything else is simply not found (404).
    Zero matches (and is then not found) so that every method reaches the token check."""

    openapi_schema = {"type": "integer", "minimum": 1, "maximum": MAX_DB_ID}

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=0, max=MAX_DB_ID)


class SoundName(BaseConverter):
    """A sound's name as routes play it (``ringdesk/<name>``); others are not found."""

    regex = SOUND_NAME.strip("^$")
    openapi_schema = {"type": "string", "pattern": SOUND_NAME}


class PagePath(PathConverter):
    """A path the web app routes itself: anything but the API's (so its unknown paths stay
    JSON 404s and its methods stay its own)."""

    regex = r"(?!api/|healthz$)[^/].*?"


class CountryCode(BaseConverter):
    regex = COUNTRY_CODE.strip("^$")
    openapi_schema = {"type": "string", "pattern": COUNTRY_CODE}


class QueueName(BaseConverter):
    regex = QUEUE_NAME.strip("^$")
    openapi_schema = {"type": "string", "pattern": QUEUE_NAME}


def body_limits(services: WebServices) -> BodyLimits:
    web = services.config.web
    return BodyLimits(web.max_body_bytes, web.max_attachment_bytes, MAX_SOUND_BYTES)


def bare_app() -> Flask:
    """The app's routes and views without services: enough to describe the API."""
    app = Flask("ringdesk")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.converters.update(id=DatabaseId, sound=SoundName, pbx_queue=QueueName,
                                  country=CountryCode,
                                  page=PagePath)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app


@functools.cache
def spec() -> dict[str, Any]:
    """The description of the app's API (OpenAPI), without a running app's services."""
    return openapi.describe(bare_app())


def create_app(services: WebServices) -> Flask:
    app = bare_app()
    app.extensions["ringdesk"] = services
    limits = body_limits(services)

    @app.before_request
    def limit_body() -> None:
        # The HTTP edge refuses announced bodies; this catches bodies with no length given
        # (and servers other than ours, like the test client).
        request.max_content_length = limits.for_request(request.method, request.path)

    app.before_request(check_access)
    app.after_request(add_security_headers)
    install_error_handlers(app)
    proxies = services.config.web.trusted_proxies
    if proxies:  # the client's address and scheme come from the proxies' headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore[method-assign]
                                x_host=proxies)
    return app
