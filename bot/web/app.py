"""The web application (Sanic): chat page, `/config.js`, static files, console, API routes."""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import urlsplit

from sanic import Request, Sanic
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse, json, text

from bot.settings import Settings
from bot.web.api import MAX_BODY, add_api_routes
from bot.web.chat import SocketChannel, add_chat_routes, socket_origin
from bot.web.console import add_console
from bot.web.security import add_headers, content_security_policy, decoded_path

log = logging.getLogger(__name__)


def _page_host(request: Request) -> str | None:
    try:
        return urlsplit(f"//{request.headers.get('host', '')}").hostname
    except ValueError:
        return None


def _is_api(request: Request) -> bool:
    return request.path.startswith("/api/")


def error_response(request: Request, status: int, message: str = "") -> HTTPResponse:
    """JSON `{"error", "message"}` on API routes, a plain-text line elsewhere."""
    phrase = HTTPStatus(status).phrase
    if _is_api(request):
        return json({"error": phrase.lower().replace(" ", "_"), "message": message or phrase},
                    status=status)
    return text(f"{status} {phrase}\n", status=status)


class _Errors(ErrorHandler):
    """Every error as `error_response`; never a traceback, never an HTML error page."""

    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        status = int(getattr(exception, "status_code", 500))
        if status == HTTPStatus.NOT_FOUND and decoded_path(request) is None:
            status = HTTPStatus.BAD_REQUEST  # refused before routing would matter
        if status >= 500:
            log.error("error answering %s %s", request.method, request.path, exc_info=exception)
        response = error_response(request, status, "" if status >= 500 else str(exception))
        allowed = getattr(exception, "headers", {}).get("Allow")
        if allowed:
            response.headers["Allow"] = ", ".join(sorted(allowed.split(", ")))
        return response


def build_app(settings: Settings, channel: SocketChannel | None = None) -> Sanic:
    """Every route the web server answers, with the security headers in one middleware."""
    app = Sanic("triagebot_web", error_handler=_Errors(),
                configure_logging=False)
    app.config.REQUEST_MAX_SIZE = MAX_BODY  # the largest call transcript; forms are far less
    app.config.REQUEST_TIMEOUT = 30  # a silent client must not hold a connection forever
    app.config.FALLBACK_ERROR_FORMAT = "text"
    app.ctx.settings = settings

    @app.on_request
    async def check_path(request: Request) -> HTTPResponse | None:
        path = decoded_path(request)
        if path is None:
            return error_response(request, HTTPStatus.BAD_REQUEST)
        request.ctx.path = path
        request.ctx.page_host = _page_host(request)
        return None

    @app.on_response
    async def security_headers(request: Request, response: HTTPResponse) -> None:
        add_headers(response, content_security_policy(socket_origin(settings, _page_host(request))))

    add_chat_routes(app, settings, channel or SocketChannel.from_credentials())
    add_console(app, settings)
    add_api_routes(app, settings)
    return app
