"""A logged-in (or not) HTTP client for the console, over the real web process."""

from __future__ import annotations

import re

import requests

CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
TIMEOUT = 15


class ConsoleClient:
    """requests.Session bound to one web server, with the console's CSRF token at hand."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.csrf = ""

    def get(self, path: str, **kwargs: object) -> requests.Response:
        response = self.http.get(self.base + path, timeout=TIMEOUT, allow_redirects=False,
                                 **kwargs)  # type: ignore[arg-type]
        found = CSRF.search(response.text)
        if found:
            self.csrf = found[1]
        return response

    def post(self, path: str, data: dict[str, str], csrf: bool = True) -> requests.Response:
        body = {**data, "csrf_token": self.csrf} if csrf else data
        return self.http.post(self.base + path, data=body, timeout=TIMEOUT,
                              allow_redirects=False)

    def login(self, username: str, password: str) -> requests.Response:
        self.get("/console/login")
        response = self.post("/console/login", {"username": username, "password": password})
        if response.status_code == 302:
            self.get("/console/")  # the session's CSRF token, for the forms to come
        return response
