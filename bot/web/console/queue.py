"""The queue: every case, soonest deadline first, with filters and paging."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from bot.web.console.casework import FILTERS, PAGE_SIZE, load_cases, queue_order
from bot.web.console.context import console_of, now, staff_only

bp = Blueprint("console_queue", url_prefix="/console")


def _choices(views: list[Any]) -> dict[str, list[str]]:
    """The values each filter can take, from the cases there are."""
    found: dict[str, set[str]] = {name: set() for name in FILTERS}
    for view in views:
        for name in ("case_type", "program", "language", "source", "status"):
            if getattr(view, name):
                found[name].add(str(getattr(view, name)))
        if view.severity is not None:
            found["severity"].add(str(view.severity))
        found["criterion"].update(c["id"] for c in view.criteria if c.get("id"))
    return {name: sorted(values) for name, values in found.items()}


@bp.get("/")
@staff_only()
async def queue(request: Request) -> HTTPResponse:
    console = console_of(request)
    wanted = {name: request.args.get(name) for name in FILTERS if request.args.get(name)}
    everything = load_cases(console.store)
    current = now()
    shown = queue_order([v for v in everything if v.matches(wanted)], current)
    pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
    try:
        page = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        page = 1
    reviewed = console.review.reviewed()
    return console.render(
        request, "queue.html", cases=shown[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
        total=len(shown), page=page, pages=pages, wanted=wanted, choices=_choices(everything),
        reviewed=reviewed, current=current,
        page_query=lambda p: urlencode({**wanted, "page": p}),
    )
