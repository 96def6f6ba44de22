"""A minimal W3C WebDriver client for chromedriver: JSON over HTTP with urllib, no selenium."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference
T = TypeVar("T")


class WebDriverError(RuntimeError):
    """An error answer from chromedriver (W3C `error` and `message`)."""


def missing_browser() -> str | None:
    """Why the browser tests cannot run, or None when Chromium and chromedriver are there."""
    absent = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if not absent:
        return None
    return (
        f"{' and '.join(absent)} not installed: run `make test` (its `browser` step installs "
        "Debian's chromium and chromium-driver), or `make browser` once"
    )


def _call(method: str, url: str, payload: dict[str, Any] | None = None) -> Any:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["value"]
    except urllib.error.HTTPError as error:
        value = json.load(error).get("value", {})
        raise WebDriverError(f"{value.get('error')}: {value.get('message')}") from None


def wait_for(probe: Callable[[], T | None], timeout: float = 20.0, what: str = "condition") -> T:
    """Poll `probe` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while True:
        if result := probe():
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


class Browser:
    """One browser session: navigate, find by CSS selector, type, click, run scripts."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _do(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        return _call(method, self.base + path, payload)

    def get(self, url: str) -> None:
        self._do("POST", "/url", {"url": url})

    def refresh(self) -> None:
        self._do("POST", "/refresh", {})

    def find(self, css: str) -> str:
        """The element id of the first match (raises WebDriverError if none)."""
        return str(self._do("POST", "/element", {"using": "css selector", "value": css})[ELEMENT])

    def texts(self, css: str) -> list[str]:
        """Rendered text of every match."""
        found = self._do("POST", "/elements", {"using": "css selector", "value": css})
        return [str(self._do("GET", f"/element/{e[ELEMENT]}/text")) for e in found]

    def type(self, css: str, text: str) -> None:
        self._do("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css: str) -> None:
        self._do("POST", f"/element/{self.find(css)}/click", {})

    def run(self, script: str, *args: Any) -> Any:
        """Run `script` (a function body; use `return`) in the page."""
        return self._do("POST", "/execute/sync", {"script": script, "args": list(args)})

    def cdp(self, command: str, **params: Any) -> Any:
        """A Chrome DevTools Protocol command, through chromedriver's vendor endpoint."""
        return self._do("POST", "/goog/cdp/execute", {"cmd": command, "params": params})

    def console_errors(self) -> list[str]:
        """Errors the page logged since the last call (script errors, CSP violations)."""
        entries = self._do("POST", "/se/log", {"type": "browser"})
        return [e["message"] for e in entries if e["level"] == "SEVERE"]

    def quit(self) -> None:
        self._do("DELETE", "")


class ChromeDriver:
    """A chromedriver process; each `browser()` gets a fresh Chromium profile."""

    def __init__(self, log: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [CHROMEDRIVER, f"--port={self.port}"], stdout=out, stderr=subprocess.STDOUT
            )
        wait_for(self._ready, what="chromedriver to start")

    def _ready(self) -> bool:
        try:
            return bool(_call("GET", f"{self.url}/status")["ready"])
        except (urllib.error.URLError, ConnectionError):
            return False

    def browser(self, profile: Path, language: str = "en-US", timezone: str = "UTC") -> Browser:
        """Start Chromium whose `navigator.language` and time zone are the ones given."""
        options = {
            "binary": CHROMIUM,
            "args": [*FLAGS, f"--user-data-dir={profile}", f"--lang={language}"],
            "prefs": {"intl.accept_languages": language},
        }
        capabilities = {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL"},
        }}
        session = _call("POST", f"{self.url}/session", {"capabilities": capabilities})
        browser = Browser(f"{self.url}/session/{session['sessionId']}")
        browser.cdp("Emulation.setTimezoneOverride", timezoneId=timezone)
        return browser

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
