"""Login and logout: Argon2-checked passwords, rate-limited, CSRF-protected forms."""

from __future__ import annotations

from http import HTTPStatus

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from bot.staff.sessions import tokens_match
from bot.web.console.context import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    clear_cookie,
    console_of,
    forbidden,
    now,
    set_cookie,
    staff_only,
)

bp = Blueprint("console_auth", url_prefix="/console")


def _login_page(request: Request, error: str = "", status: int = 200) -> HTTPResponse:
    console = console_of(request)
    nonce = request.cookies.get(LOGIN_COOKIE)
    token = console.sessions.login_csrf(nonce)
    if token is None:  # no (or a forged) nonce cookie: hand out a fresh one
        nonce = console.sessions.login_nonce()
        token = console.sessions.login_csrf(nonce)
    request.ctx.csrf_token = token
    response = console.render(request, "login.html", status=status, error=error)
    set_cookie(response, LOGIN_COOKIE, str(nonce))
    return response


@bp.get("/login")
async def login_form(request: Request) -> HTTPResponse:
    return _login_page(request)


@bp.post("/login")
async def login(request: Request) -> HTTPResponse:
    console = console_of(request)
    form = request.form or {}
    expected = console.sessions.login_csrf(request.cookies.get(LOGIN_COOKIE))
    if not tokens_match(expected, form.get("csrf_token")):
        return forbidden(request, "missing or wrong CSRF token; reload the login page")
    username = (form.get("username") or "").strip().lower()
    address = request.remote_addr or request.ip or "unknown"
    wait = console.limiter.retry_after(username, address)
    if wait:
        response = _login_page(request, f"Too many failed logins; try again in {wait} s.",
                               HTTPStatus.TOO_MANY_REQUESTS)
        response.headers["Retry-After"] = str(wait)
        return response
    account = console.accounts.verify(username, form.get("password") or "")
    if account is None:
        console.limiter.failed(username, address)
        return _login_page(request, "Wrong username or password.", HTTPStatus.UNAUTHORIZED)
    console.limiter.succeeded(username)
    response = redirect("/console/")
    set_cookie(response, SESSION_COOKIE, console.sessions.create(account.username, now()))
    clear_cookie(response, LOGIN_COOKIE)
    return response


@bp.post("/logout")
@staff_only()
async def logout(request: Request) -> HTTPResponse:
    console_of(request).sessions.end(request.cookies.get(SESSION_COOKIE))
    response = redirect("/console/login")
    clear_cookie(response, SESSION_COOKIE)
    return response
