"""One case: what the customer said, the bot's suggestion, review, take-over, follow-up."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from sanic import Blueprint, Request
from sanic.exceptions import NotFound
from sanic.response import HTTPResponse, json, redirect

from bot.cases.followup import (
    CONTACT_CHANNELS,
    RESOLUTIONS,
    attempt_days,
    may_close_unreachable,
)
from bot.policy import load_policy
from bot.web.console.casework import CaseView, load_cases, recompute_deadline
from bot.web.console.context import Console, console_of, now, staff_only
from bot.web.console.rasa import RasaUnavailable

bp = Blueprint("console_case", url_prefix="/console/cases")
MAX_STAFF_MESSAGE = 2000  # the chat page's own limit for one message


def _view(console: Console, number: str) -> CaseView:
    found = load_cases(console.store, number)
    if not found:
        raise NotFound(f"no case {number}")
    return found[0]


def _page(request: Request, view: CaseView, error: str = "",
          status: int = HTTPStatus.OK) -> HTTPResponse:
    console = console_of(request)
    log = console.review.log(view.number)
    attempts = [e.at for e in log if e.action == "contact"]
    changes = [e for e in log if e.action == "override" and "deadline" in e.after]
    return console.render(
        request, "case.html", status=status, case=view, error=error, log=log,
        thread=console.thread.messages(view.number), current=now(),
        attempt_days=attempt_days(attempts, view.customer_timezone, view.country),
        may_close=may_close_unreachable(attempts, view.customer_timezone, view.country),
        last_change=changes[-1] if changes else None, case_types=list(load_policy().case_types),
        resolutions=RESOLUTIONS.values(), channels=CONTACT_CHANNELS,
    )


def _form(request: Request, name: str) -> str:
    return ((request.form or {}).get(name) or "").strip()


def _done(view: CaseView) -> HTTPResponse:
    return redirect(f"/console/cases/{view.number}", status=HTTPStatus.SEE_OTHER)


@bp.get("/<number:str>")
@staff_only()
async def case_page(request: Request, number: str) -> HTTPResponse:
    return _page(request, _view(console_of(request), number))


@bp.get("/<number:str>/thread")
@staff_only()
async def thread(request: Request, number: str) -> HTTPResponse:
    """The conversation after hand-off as JSON, for the page to show new messages live."""
    console = console_of(request)
    view = _view(console, number)
    messages: list[dict[str, Any]] = [
        {"at": m.at.isoformat(), "author": m.author, "text": m.text}
        for m in console.thread.messages(view.number)
    ]
    return json({"messages": messages})


@bp.post("/<number:str>/review")
@staff_only()
async def review(request: Request, number: str) -> HTTPResponse:
    """Confirm the severity and type, or override them with a reason (deadline recomputed)."""
    console = console_of(request)
    view = _view(console, number)
    severity, case_type, reason = _form(request, "severity"), _form(request, "case_type"), \
        _form(request, "reason")
    if severity not in ("1", "2", "3", "4"):
        return _page(request, view, "Choose a severity from 1 to 4.", HTTPStatus.BAD_REQUEST)
    if case_type not in load_policy().case_types:
        return _page(request, view, "Choose one of the policy's case types.",
                     HTTPStatus.BAD_REQUEST)
    changed = int(severity) != view.severity or case_type != view.case_type
    if changed and not reason:
        return _page(request, view, "Give a reason for changing the severity or case type.",
                     HTTPStatus.BAD_REQUEST)
    changes: dict[str, Any] = {"severity": int(severity), "case_type": case_type}
    if changed:
        changes["deadline"] = recompute_deadline(view, int(severity), case_type)
    if view.status == "pending_review":  # a voice call's case is open once reviewed
        changes["status"] = "open"
    console.review.change(view.number, request.ctx.staff.username,
                          "override" if changed else "confirm", changes, reason, now())
    return _done(view)


@bp.post("/<number:str>/message")
@staff_only()
async def message(request: Request, number: str) -> HTTPResponse:
    """Write to the customer in their chat; the text joins the case's thread."""
    console = console_of(request)
    view = _view(console, number)
    text = _form(request, "text")
    if view.source != "chat":
        return _page(request, view, "This case came from a call: there is no chat to write to.",
                     HTTPStatus.BAD_REQUEST)
    if not text or len(text) > MAX_STAFF_MESSAGE:
        return _page(request, view, f"Write 1 to {MAX_STAFF_MESSAGE} characters.",
                     HTTPStatus.BAD_REQUEST)
    try:
        await console.rasa.send(view.conversation_id, text)
    except RasaUnavailable as err:
        return _page(request, view, f"Not delivered: {err}", HTTPStatus.BAD_GATEWAY)
    at = now()
    console.thread.append(view.number, "staff", text, at)
    console.review.change(view.number, request.ctx.staff.username, "message", {}, "", at,
                          note={"text": text})
    return _done(view)


@bp.post("/<number:str>/handback")
@staff_only()
async def handback(request: Request, number: str) -> HTTPResponse:
    """The bot answers the customer again."""
    console = console_of(request)
    view = _view(console, number)
    if view.source != "chat":
        return _page(request, view, "This case came from a call: there is no chat to hand back.",
                     HTTPStatus.BAD_REQUEST)
    try:
        await console.rasa.hand_back(view.conversation_id)
    except RasaUnavailable as err:
        return _page(request, view, f"Not handed back: {err}", HTTPStatus.BAD_GATEWAY)
    console.review.change(view.number, request.ctx.staff.username, "handback", {},
                          _form(request, "reason"), now())
    return _done(view)


@bp.post("/<number:str>/contact")
@staff_only()
async def contact(request: Request, number: str) -> HTTPResponse:
    """Record one attempt to reach the customer (§5.6 follow-up)."""
    console = console_of(request)
    view = _view(console, number)
    channel = _form(request, "channel")
    if channel not in CONTACT_CHANNELS:
        return _page(request, view, f"Channel must be one of {', '.join(CONTACT_CHANNELS)}.",
                     HTTPStatus.BAD_REQUEST)
    console.review.change(view.number, request.ctx.staff.username, "contact", {},
                          _form(request, "note"), now(), note={"channel": channel})
    return _done(view)


@bp.post("/<number:str>/close")
@staff_only()
async def close(request: Request, number: str) -> HTTPResponse:
    """Close with one of the policy's resolution kinds."""
    console = console_of(request)
    view = _view(console, number)
    resolution = RESOLUTIONS.get(_form(request, "resolution"))
    if view.status == "closed":
        return _page(request, view, "This case is already closed.", HTTPStatus.CONFLICT)
    if resolution is None:
        return _page(request, view, "Choose one of the resolution kinds.", HTTPStatus.BAD_REQUEST)
    attempts = [e.at for e in console.review.log(view.number) if e.action == "contact"]
    if resolution.needs_attempts and not may_close_unreachable(
            attempts, view.customer_timezone, view.country):
        return _page(request, view, "Record contact attempts on three different business days "
                     "before closing an unreachable case.", HTTPStatus.BAD_REQUEST)
    console.review.change(view.number, request.ctx.staff.username, "close",
                          {"status": "closed"}, _form(request, "note"), now(),
                          note={"resolution": resolution.kind})
    return _done(view)
