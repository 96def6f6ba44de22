"""Login, sessions, CSRF and roles, over HTTP against the real web process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from bot.cases import CaseStore
from bot.web import WebProcess

from .client import ConsoleClient
from .seed import PASSWORD, seed_case

Client = Callable[[str | None], ConsoleClient]
PAGES = ["/console/", "/console", "/console/cases/07000001", "/console/agreement",
         "/console/staff", "/console/corrections/en.yml", "/console/cases/07000001/thread"]
POSTS = ["/console/cases/07000001/review", "/console/cases/07000001/message",
         "/console/cases/07000001/close", "/console/staff", "/console/logout"]


@pytest.fixture(scope="module")
def case_number(store: CaseStore) -> str:
    return str(seed_case(store, "auth-1", "backup job failed").case_number)


@pytest.mark.parametrize("path", PAGES)
def test_every_console_page_sends_strangers_to_the_login_page(client: Client, path: str) -> None:
    response = client(None).get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/login"


@pytest.mark.parametrize("path", POSTS)
def test_posts_without_a_session_are_forbidden(client: Client, path: str) -> None:
    assert client(None).post(path, {"severity": "1"}).status_code == 403


def test_login_page_sets_strict_httponly_cookie_and_hidden_token(web: WebProcess) -> None:
    response = requests.get(f"{web.url}console/login", timeout=10)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert 'type="hidden" name="csrf_token" value="' in response.text


def test_wrong_password_is_refused_without_a_session(client: Client) -> None:
    anonymous = client(None)
    response = anonymous.login("rita", "not the password at all")
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert "triagebot_session" not in anonymous.http.cookies
    assert anonymous.get("/console/").status_code == 302


def test_right_password_opens_the_queue_with_an_httponly_session(client: Client) -> None:
    anonymous = client(None)
    anonymous.get("/console/login")
    response = anonymous.post("/console/login", {"username": "rita", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/console/"
    cookie = response.headers["Set-Cookie"]
    assert "triagebot_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert anonymous.get("/console/").status_code == 200


def test_login_without_csrf_token_is_forbidden(client: Client) -> None:
    anonymous = client(None)
    anonymous.get("/console/login")
    response = anonymous.post("/console/login", {"username": "rita", "password": PASSWORD},
                              csrf=False)
    assert response.status_code == 403


def test_failed_logins_are_rate_limited_per_account(client: Client, accounts: object) -> None:
    accounts.add("lena", PASSWORD, "reviewer")  # type: ignore[attr-defined]
    anonymous = client(None)
    codes = [anonymous.login("lena", f"wrong password {i}").status_code for i in range(5)]
    assert codes == [401] * 5
    blocked = anonymous.login("lena", PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    assert client(None).login("rita", PASSWORD).status_code == 302  # other accounts unaffected


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_post_without_the_session_csrf_token_is_forbidden(
        client: Client, store: CaseStore, case_number: str, token: str | None) -> None:
    rita = client("rita")
    data = {"severity": "1", "case_type": "technical", "reason": "outage"}
    if token is not None:
        data["csrf_token"] = token
    response = rita.post(f"/console/cases/{case_number}/review", data, csrf=False)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert store.get(case_number).severity == 3  # type: ignore[union-attr]


def test_a_token_from_another_session_does_not_count(client: Client, case_number: str,
                                                     store: CaseStore) -> None:
    rita, other = client("rita"), client("rita")
    rita.csrf = other.csrf
    response = rita.post(f"/console/cases/{case_number}/review",
                         {"severity": "2", "case_type": "technical", "reason": "x"})
    assert response.status_code == 403
    assert store.get(case_number).severity == 3  # type: ignore[union-attr]


def test_logout_ends_the_session_server_side(client: Client) -> None:
    rita = client("rita")
    cookie = rita.http.cookies["triagebot_session"]
    assert rita.post("/console/logout", {}).status_code == 302
    replay = ConsoleClient(rita.base)
    replay.http.cookies.set("triagebot_session", cookie, path="/console")
    assert replay.get("/console/").status_code == 302


def test_a_forged_session_cookie_is_ignored(client: Client) -> None:
    forged = client(None)
    forged.http.cookies.set("triagebot_session", "abc.def", path="/console")
    assert forged.get("/console/").status_code == 302


@pytest.mark.parametrize("path", ["/console/staff", "/console/corrections/en.yml"])
def test_reviewers_may_not_open_admin_pages(client: Client, path: str) -> None:
    assert client("rita").get(path).status_code == 403
    assert client("adam").get(path).status_code in (200, 404)  # 404: nothing to export yet


def test_only_admins_add_staff_from_the_web(client: Client, accounts: object) -> None:
    form = {"username": "nora", "role": "reviewer", "timezone": "Asia/Tokyo",
            "password": PASSWORD, "password_again": PASSWORD}
    rita = client("rita")
    assert rita.post("/console/staff", form).status_code == 403
    assert accounts.get("nora") is None  # type: ignore[attr-defined]
    adam = client("adam")
    adam.get("/console/staff")
    assert adam.post("/console/staff", {**form, "password_again": "different"}
                     ).status_code == 400
    assert adam.post("/console/staff", form).status_code == 303
    assert accounts.get("nora").timezone == "Asia/Tokyo"  # type: ignore[attr-defined]
    assert client(None).login("nora", PASSWORD).status_code == 302
