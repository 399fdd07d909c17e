"""The one mapping from domain errors to HTTP: JSON ``{code, message, details}``."""

from __future__ import annotations

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from ringdesk.core.errors import RingdeskError

STATUS_BY_CODE = {
    "not_found": 404,
    "invalid_input": 400,
    "validation_failed": 422,
    "conflict": 409,
    "not_authenticated": 401,
    "forbidden": 403,
    "config_error": 500,
    "pbx_unavailable": 503,
    "call_not_placed": 502,
    "too_many_attempts": 429,
    "csrf_failed": 403,
    "password_change_required": 403,
    "second_factor_enrolment_required": 403,
    "second_factor_required": 401,
    "address_refused": 403,
    "unsupported_media_type": 415,
    "nothing_to_publish": 409,
    "number_taken": 409,
    "route_has_numbers": 409,
    "route_ran_calls": 409,
    "not_a_phone_number": 400,
    "no_phone": 409,
    "call_not_answered": 409,
    "not_recording": 409,
    "would_lock_out": 422,
}


def error_body(code: str, message: str,
               details: dict[str, object] | None = None) -> dict[str, object]:
    return {"code": code, "message": message, "details": details or {}}


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(RingdeskError)
    def domain_error(error: RingdeskError) -> ResponseReturnValue:
        status = STATUS_BY_CODE.get(error.code, 500)
        response = jsonify(error_body(error.code, error.message, error.details))
        response.status_code = status
        if "retry_after" in error.details:
            response.headers["Retry-After"] = str(error.details["retry_after"])
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = (error.name or "error").lower().replace(" ", "_")
        response = jsonify(error_body(code, error.description or code))
        response.status_code = error.code or 500
        for name, value in error.get_headers():  # e.g. Allow on 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
