"""Every environment variable the bot reads, read in one place with its default."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


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

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}/webhook"

    def auth_token(self) -> str:
        """The Rasa API token: TRIAGEBOT_AUTH_TOKEN, else one generated once into var/."""
        token = os.environ.get("TRIAGEBOT_AUTH_TOKEN")
        if token:
            return token
        path = self.var_dir / "auth-token"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def rasa_env(self) -> dict[str, str]:
        """Environment for Rasa processes: fills the ${...} placeholders of endpoints.yml."""
        env = dict(os.environ)
        env.update(
            TRIAGEBOT_ACTION_URL=self.action_url,
            TRIAGEBOT_TRACKER_DB=str(self.tracker_db),
            TRIAGEBOT_CASES_URL=self.cases_url,
        )
        return env


def load_settings() -> Settings:
    """Read the environment once; paths default to folders of the repository."""
    var_dir = _path("TRIAGEBOT_VAR_DIR", ROOT / "var")
    return Settings(
        host=os.environ.get("TRIAGEBOT_HOST", "127.0.0.1"),
        rasa_port=int(os.environ.get("TRIAGEBOT_RASA_PORT", "5005")),
        actions_port=int(os.environ.get("TRIAGEBOT_ACTIONS_PORT", "5055")),
        web_port=int(os.environ.get("TRIAGEBOT_WEB_PORT", "8080")),
        var_dir=var_dir,
        model_dir=_path("TRIAGEBOT_MODEL_DIR", ROOT / "models"),
        model_cache=_path("TRIAGEBOT_MODEL_CACHE", Path.home() / ".cache" / "triagebot" / "models"),
        tracker_db=_path("TRIAGEBOT_TRACKER_DB", var_dir / "tracker.db"),
        cases_url=os.environ.get("TRIAGEBOT_CASES_URL", f"sqlite:///{var_dir / 'cases.db'}"),
    )
