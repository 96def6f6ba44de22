"""Security headers, set once for every response, and refusing paths no route needs."""

from __future__ import annotations

from urllib.parse import unquote

from sanic import Request
from sanic.response import HTTPResponse

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def content_security_policy(socket_origin: str) -> str:
    """Scripts and styles from this server only (never inline); sockets to Rasa only.

    Chat text and customer text are only ever set as text or escaped by Jinja2; the policy
    is the second line of defence. SVG charts are inline markup, not scripts.
    """
    ws_origin = "ws" + socket_origin.removeprefix("http")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {socket_origin} {ws_origin}; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def decoded_path(request: Request) -> str | None:
    """The percent-decoded path, or None when it is undecodable or could traverse folders.

    Dot segments, backslashes or NUL after decoding: no route needs them, traversal does.
    """
    try:
        path = unquote(request.path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in path or "\x00" in path or any(s in (".", "..") for s in path.split("/")):
        return None
    return path


def add_headers(response: HTTPResponse, csp: str) -> None:
    """The common headers and the CSP, unless a handler already set them."""
    for name, value in {**COMMON_HEADERS, "Content-Security-Policy": csp}.items():
        if name not in response.headers:
            response.headers[name] = value
