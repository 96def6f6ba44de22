"""Every environment variable the bot reads, read in one place with its default."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

FAKE_NOW_EXAMPLE = "2026-12-31T19:59:00+09:00"


class SettingsError(ValueError):
    """An environment variable holds a value the bot cannot use; the message says how to fix it."""


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def parse_fake_now(value: str) -> datetime:
    """TRIAGEBOT_FAKE_NOW as an aware time; raises SettingsError on anything else."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as err:
        raise SettingsError(f"TRIAGEBOT_FAKE_NOW={value!r} is not an ISO time; write e.g. "
                            f"{FAKE_NOW_EXAMPLE}") from err
    if moment.utcoffset() is None:
        raise SettingsError(f"TRIAGEBOT_FAKE_NOW={value!r} has no UTC offset; write e.g. "
                            f"{FAKE_NOW_EXAMPLE}")
    return moment


@dataclass(frozen=True)
class Settings:
    """Runtime configuration; see README "Configuration" for each variable."""

    host: str
    rasa_port: int
    actions_port: int
    web_port: int
    var_dir: Path
    model_dir: Path
    model_cache: Path
    tracker_db: Path
    cases_url: str
    # Longest message a channel accepts (characters); longer ones get a clear error.
    max_message_chars: int = 5000
    # Interface of the action server: loopback, since only the Rasa server calls it.
    actions_host: str = "127.0.0.1"
    # Origins browsers may call the Rasa server from (CORS and socket.io); empty = the
    # chat page's own origin on web_port.
    cors_origins: tuple[str, ...] = ()
    # The project the bot serves: domain.yml, config.yml, data/, endpoints.yml, credentials.yml.
    project_dir: Path = field(default_factory=Path.cwd)
    # Test clock (bot/clock.py): the time the clock starts from, and whether a fake clock
    # was asked for (`triagebot run` and the action server refuse one otherwise).
    fake_now: datetime | None = None
    allow_fake_clock: bool = False
    # Production stores (docs/reliability.md): the tracker store's SQLAlchemy URL (empty: the
    # SQLite file `tracker_db`) and Redis for Rasa's lock store (empty: locks in memory,
    # right for one Rasa process only).
    tracker_url: str = ""
    redis_url: str = ""
    # Where the web app calls Rasa's HTTP API (take-over, voice intake); empty: the Rasa
    # server of this machine on rasa_port. In containers: http://rasa:5005 or the proxy.
    rasa_url: str = ""
    # The origin browsers reach the bot at behind a proxy or TLS (https://chat.example.com);
    # empty: http://HOST:RASA_PORT as the page sees it.
    public_url: str = ""

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """CORS origins: TRIAGEBOT_CORS_ORIGINS, else the chat page served on web_port."""
        if self.cors_origins:
            return self.cors_origins
        hosts = {"127.0.0.1", "localhost"} if self.host in ("", "0.0.0.0", "::", "127.0.0.1",
                                                              "localhost") else {self.host}
        return tuple(sorted(f"http://{h}:{self.web_port}" for h in hosts))

    @property
    def tracker_store_url(self) -> str:
        """TRIAGEBOT_TRACKER_URL, else the SQLite file TRIAGEBOT_TRACKER_DB."""
        return self.tracker_url or f"sqlite:///{self.tracker_db}"

    @property
    def rasa_api_url(self) -> str:
        """TRIAGEBOT_RASA_URL, else http://127.0.0.1:TRIAGEBOT_RASA_PORT."""
        return self.rasa_url.rstrip("/") or f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}/webhook"

    def secret(self, name: str, env_var: str) -> str:
        """A secret from `env_var`, else one generated once into var/NAME (mode 0600)."""
        value = os.environ.get(env_var)
        if value:
            return value
        path = self.var_dir / name
        if not path.exists():
            self.var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            # O_EXCL: two processes starting at once must not write two different secrets.
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(secrets.token_urlsafe(32))
        return path.read_text(encoding="utf-8").strip()

    def auth_token(self) -> str:
        """The Rasa HTTP API token: TRIAGEBOT_AUTH_TOKEN, else var/auth-token."""
        return self.secret("auth-token", "TRIAGEBOT_AUTH_TOKEN")

    def session_secret(self) -> str:
        """Key that signs socket.io session ids: TRIAGEBOT_SESSION_SECRET, else var/."""
        return self.secret("session-secret", "TRIAGEBOT_SESSION_SECRET")

    def action_secret(self) -> str:
        """Token the Rasa server sends the action server: TRIAGEBOT_ACTION_SECRET, else var/."""
        return self.secret("action-secret", "TRIAGEBOT_ACTION_SECRET")

    def console_secret(self) -> str:
        """Key that signs review-console session cookies and CSRF tokens:
        TRIAGEBOT_CONSOLE_SECRET, else var/console-secret."""
        return self.secret("console-secret", "TRIAGEBOT_CONSOLE_SECRET")

    def jwt_secret(self) -> str | None:
        """Secret of JWTs that Rasa's HTTP API also accepts (HS256): TRIAGEBOT_JWT_SECRET;
        None, and only the token accepted, when unset."""
        return os.environ.get("TRIAGEBOT_JWT_SECRET", "").strip() or None

    def transcripts_token(self) -> str | None:
        """Bearer token of the voice platform posting calls (POST /api/transcripts):
        TRIAGEBOT_TRANSCRIPTS_TOKEN; None, and the intake disabled, when unset."""
        return os.environ.get("TRIAGEBOT_TRANSCRIPTS_TOKEN", "").strip() or None

    def rasa_env(self) -> dict[str, str]:
        """Environment for child processes: fills the ${...} placeholders of endpoints.yml,
        and makes `load_settings()` in the child equal these settings."""
        env = dict(os.environ)
        env.pop("TRIAGEBOT_FAKE_NOW", None)
        if self.fake_now is not None:
            env["TRIAGEBOT_FAKE_NOW"] = self.fake_now.isoformat()
        env.update(
            TRIAGEBOT_PROJECT_DIR=str(self.project_dir),
            TRIAGEBOT_VAR_DIR=str(self.var_dir),
            TRIAGEBOT_MODEL_DIR=str(self.model_dir),
            TRIAGEBOT_MODEL_CACHE=str(self.model_cache),
            TRIAGEBOT_ALLOW_FAKE_CLOCK="1" if self.allow_fake_clock else "0",
            TRIAGEBOT_ACTION_URL=self.action_url,
            TRIAGEBOT_TRACKER_DB=str(self.tracker_db),
            TRIAGEBOT_TRACKER_URL=self.tracker_store_url,
            TRIAGEBOT_REDIS_URL=self.redis_url,
            TRIAGEBOT_RASA_URL=self.rasa_url,
            TRIAGEBOT_PUBLIC_URL=self.public_url,
            TRIAGEBOT_CASES_URL=self.cases_url,
            TRIAGEBOT_ACTION_SECRET=self.action_secret(),
            TRIAGEBOT_SESSION_SECRET=self.session_secret(),
            TRIAGEBOT_AUTH_TOKEN=self.auth_token(),
            TRIAGEBOT_HOST=self.host,
            TRIAGEBOT_RASA_PORT=str(self.rasa_port),
            TRIAGEBOT_ACTIONS_PORT=str(self.actions_port),
            TRIAGEBOT_WEB_PORT=str(self.web_port),
            TRIAGEBOT_MAX_MESSAGE_CHARS=str(self.max_message_chars),
            TRIAGEBOT_ACTIONS_HOST=self.actions_host,
            TRIAGEBOT_CORS_ORIGINS=",".join(self.cors_origins),
        )
        return env


def load_settings() -> Settings:
    """Read the environment once; paths default to folders of the project directory."""
    project_dir = _path("TRIAGEBOT_PROJECT_DIR", Path.cwd())
    var_dir = _path("TRIAGEBOT_VAR_DIR", project_dir / "var")
    fake_now = os.environ.get("TRIAGEBOT_FAKE_NOW", "").strip()
    return Settings(
        host=os.environ.get("TRIAGEBOT_HOST", "127.0.0.1"),
        rasa_port=int(os.environ.get("TRIAGEBOT_RASA_PORT", "5005")),
        actions_port=int(os.environ.get("TRIAGEBOT_ACTIONS_PORT", "5055")),
        web_port=int(os.environ.get("TRIAGEBOT_WEB_PORT", "8080")),
        var_dir=var_dir,
        model_dir=_path("TRIAGEBOT_MODEL_DIR", project_dir / "models"),
        model_cache=_path("TRIAGEBOT_MODEL_CACHE", Path.home() / ".cache" / "triagebot" / "models"),
        tracker_db=_path("TRIAGEBOT_TRACKER_DB", var_dir / "tracker.db"),
        cases_url=os.environ.get("TRIAGEBOT_CASES_URL", f"sqlite:///{var_dir / 'cases.db'}"),
        max_message_chars=int(os.environ.get("TRIAGEBOT_MAX_MESSAGE_CHARS", "5000")),
        actions_host=os.environ.get("TRIAGEBOT_ACTIONS_HOST", "127.0.0.1"),
        cors_origins=tuple(
            o.strip() for o in os.environ.get("TRIAGEBOT_CORS_ORIGINS", "").split(",") if o.strip()
        ),
        project_dir=project_dir,
        fake_now=parse_fake_now(fake_now) if fake_now else None,
        allow_fake_clock=os.environ.get("TRIAGEBOT_ALLOW_FAKE_CLOCK") == "1",
        tracker_url=os.environ.get("TRIAGEBOT_TRACKER_URL", "").strip(),
        redis_url=os.environ.get("TRIAGEBOT_REDIS_URL", "").strip(),
        rasa_url=os.environ.get("TRIAGEBOT_RASA_URL", "").strip(),
        public_url=os.environ.get("TRIAGEBOT_PUBLIC_URL", "").strip().rstrip("/"),
    )
