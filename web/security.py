"""Security headers on every answer: the web app runs only its own scripts, is never framed,
and leaks no addresses in referrers."""

from __future__ import annotations

from flask import Response, request


def content_security_policy(style_nonce: str | None = None) -> str:
    """The policy; the web app's page adds a nonce of its own for the few style elements
    its dialogs insert (scroll locking), so no inline style is ever allowed wholesale."""
    styles = f"style-src 'self' 'nonce-{style_nonce}'" if style_nonce else "style-src 'self'"
    return "; ".join((
        "default-src 'self'", "script-src 'self'", styles, "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "media-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"))


CONTENT_SECURITY_POLICY = content_security_policy()
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(self)",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
