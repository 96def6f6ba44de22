"""What every console route shares: services, templates, the logged-in user, CSRF checks."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from http import HTTPStatus
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sanic import Request
from sanic.response import HTTPResponse, html, redirect, text

from bot.cases import CaseStore, open_store
from bot.cases.review import CaseReview
from bot.cases.thread import CaseThread
from bot.clock import now as clock_now
from bot.settings import Settings
from bot.staff import StaffAccount, StaffAccounts
from bot.staff.ratelimit import LoginLimiter
from bot.staff.sessions import Session, Sessions, tokens_match
from bot.web.console import formatting
from bot.web.console.rasa import RasaConversations

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SESSION_COOKIE = "triagebot_session"
LOGIN_COOKIE = "triagebot_login"
Handler = Callable[..., Coroutine[Any, Any, HTTPResponse]]


def now() -> datetime:
    """The current time, aware (UTC), from the bot's clock (settable in tests)."""
    return clock_now()


@dataclass
class Console:
    """The console's services, built once per web process."""

    settings: Settings
    store: CaseStore
    accounts: StaffAccounts
    sessions: Sessions
    review: CaseReview
    thread: CaseThread
    limiter: LoginLimiter
    rasa: RasaConversations
    templates: Environment

    @classmethod
    def build(cls, settings: Settings) -> Console:
        store = open_store(settings.cases_url)
        # autoescape for every template: customer text, names and transcripts are data
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(formatting.FILTERS)
        return cls(
            settings=settings, store=store, accounts=StaffAccounts(store),
            sessions=Sessions(store, settings.console_secret()), review=CaseReview(store),
            thread=CaseThread(store), limiter=LoginLimiter(),
            rasa=RasaConversations(settings.rasa_api_url, settings.auth_token()),
            templates=env,
        )

    def render(self, request: Request, name: str, status: int = 200,
               **context: Any) -> HTTPResponse:
        """A template with the user, their CSRF token and the current time in its context."""
        template = self.templates.get_template(f"console/{name}")
        body = template.render(
            user=getattr(request.ctx, "staff", None),
            csrf_token=getattr(request.ctx, "csrf_token", ""),
            now=now(), **context,
        )
        return html(body, status=status)


def console_of(request: Request) -> Console:
    return request.app.ctx.console


def set_cookie(response: HTTPResponse, name: str, value: str, path: str = "/console") -> None:
    """An HttpOnly, SameSite=Strict cookie scoped to the console."""
    response.cookies[name] = value
    response.cookies[name]["httponly"] = True
    response.cookies[name]["samesite"] = "Strict"
    response.cookies[name]["path"] = path


def clear_cookie(response: HTTPResponse, name: str) -> None:
    """Tell the browser to drop a console cookie."""
    set_cookie(response, name, "")
    response.cookies[name]["max-age"] = 0


def forbidden(request: Request, why: str) -> HTTPResponse:
    return text(f"403 Forbidden: {why}\n", status=HTTPStatus.FORBIDDEN)


def staff_only(admin: bool = False) -> Callable[[Handler], Handler]:
    """Require a session (else redirect to the login page), a valid CSRF token on POST,
    and the admin role when `admin`."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            console = console_of(request)
            session: Session | None = console.sessions.resolve(
                request.cookies.get(SESSION_COOKIE), now())
            account: StaffAccount | None = (
                console.accounts.get(session.username) if session else None)
            if session is None or account is None:
                if request.method == "POST":
                    return forbidden(request, "log in first")
                return redirect("/console/login")
            if request.method == "POST" and not tokens_match(
                    session.csrf_token, (request.form or {}).get("csrf_token")):
                return forbidden(request, "missing or wrong CSRF token; reload the page")
            if admin and not account.is_admin:
                return forbidden(request, "only admins may do this")
            request.ctx.staff = account
            request.ctx.csrf_token = session.csrf_token
            return await handler(request, *args, **kwargs)

        return wrapper

    return decorate
