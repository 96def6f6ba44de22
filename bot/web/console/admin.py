"""Agreement between bot and staff, and the admin pages: staff accounts, corrections export."""

from __future__ import annotations

import tempfile
from http import HTTPStatus
from pathlib import Path

from sanic import Blueprint, Request
from sanic.exceptions import NotFound
from sanic.response import HTTPResponse, raw, redirect

from bot.cases.corrections import FILE_NAME, default_sources, export
from bot.policy.schema import LANGS
from bot.staff import ROLES, StaffError
from bot.web.console.agreement import SEVERITIES, agreement, chart_bars
from bot.web.console.casework import load_cases
from bot.web.console.context import console_of, staff_only

bp = Blueprint("console_admin", url_prefix="/console")


@bp.get("/agreement")
@staff_only()
async def agreement_page(request: Request) -> HTTPResponse:
    console = console_of(request)
    reviewed = console.review.reviewed()
    results = agreement(
        (v.language, int(v.suggested_severity or 0), int(v.severity or 0))
        for v in load_cases(console.store) if v.number in reviewed
    )
    return console.render(request, "agreement.html", results=results, severities=SEVERITIES,
                          bars=chart_bars(results))


def _staff_page(request: Request, error: str = "", status: int = HTTPStatus.OK) -> HTTPResponse:
    console = console_of(request)
    return console.render(request, "staff.html", status=status, error=error,
                          accounts=console.accounts.all(), roles=ROLES)


@bp.get("/staff")
@staff_only(admin=True)
async def staff_page(request: Request) -> HTTPResponse:
    return _staff_page(request)


@bp.post("/staff")
@staff_only(admin=True)
async def add_staff(request: Request) -> HTTPResponse:
    form = request.form or {}
    password = form.get("password") or ""
    if password != (form.get("password_again") or ""):
        return _staff_page(request, "The two passwords differ.", HTTPStatus.BAD_REQUEST)
    try:
        console_of(request).accounts.add((form.get("username") or "").strip().lower(), password,
                                         form.get("role") or "", form.get("timezone") or "UTC")
    except StaffError as err:
        return _staff_page(request, str(err), HTTPStatus.BAD_REQUEST)
    return redirect("/console/staff", status=HTTPStatus.SEE_OTHER)


@bp.get("/corrections/<filename:str>")
@staff_only(admin=True)
async def corrections(request: Request, filename: str) -> HTTPResponse:
    """The export `triagebot export-corrections` writes, for one language (`en.yml`), as a
    download."""
    console = console_of(request)
    language = filename.removesuffix(".yml")
    with tempfile.TemporaryDirectory() as out:
        export(console.store, Path(out), default_sources(console.settings.project_dir))
        target = Path(out) / language / FILE_NAME
        if language not in LANGS or not target.is_file():
            raise NotFound(f"no new reviewed examples in {language!r}")
        body = target.read_bytes()
    return raw(body, content_type="application/yaml; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{language}-{FILE_NAME}"'})
