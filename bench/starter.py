"""The reference bot: Rasa's own starter project (`rasa init`), built, trained and served.

Its latencies, measured in the same run by the same code as ours, turn every figure into a
ratio that holds on any machine. The project is made by `rasa init --no-prompt` (which
also trains it) in a folder under var/, never committed; the trained model is kept there
under a hash of what shapes it (Rasa's version and the scaffold files `rasa init`
copies), so later runs reuse it. It is served as it comes: `rasa run` with its own
endpoints.yml (no action server, in-memory tracker store) and credentials.yml (REST).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.training import _pin_cpus
from bot.rasa_cli import rasa_bin
from bot.services import Server, Services, wait_ready

# Texts of the starter's reference turn: examples of its own `greet` intent (data/nlu.yml
# of the scaffold), answered by `utter_greet` after one prediction, as our greeting turn.
GREETINGS = ["hello", "hey there", "good morning", "hi"]
TRAIN_TIMEOUT = 1800.0  # seconds; DIET + TED on a busy 2-core machine take a few minutes


def scaffold_dir() -> Path:
    """The files `rasa init` copies into a new project."""
    from rasa.cli.scaffold import scaffold_path

    return Path(scaffold_path())


def inputs_hash() -> str:
    """Hash of Rasa's version and every scaffold file: a new Rasa means a new model."""
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    root = scaffold_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Starter:
    """A starter project with its trained model; `trained_s` is None when it was cached."""

    project: Path
    model: Path
    trained_s: float | None


def _model_of(project: Path) -> Path | None:
    """The newest model `rasa init` trained into `project`/models, if any."""
    return max((project / "models").glob("*.tar.gz"), default=None)


def ensure_starter(root: Path) -> Starter:
    """The starter project under `root`/<hash>, made and trained unless already there."""
    project = root / inputs_hash()
    cached = _model_of(project)
    if cached is not None:
        return Starter(project, cached, None)
    building = root / f"{project.name}.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    begin = time.monotonic()
    with open(root / f"{project.name}.init.log", "wb") as log:
        subprocess.run([rasa_bin(), "init", "--no-prompt", "--init-dir", str(building)],
                       cwd=building, env=env, stdout=log, stderr=subprocess.STDOUT, check=True,
                       timeout=TRAIN_TIMEOUT, preexec_fn=_pin_cpus)
    seconds = time.monotonic() - begin
    if _model_of(building) is None:
        raise RuntimeError(f"`rasa init` trained no model; see {root / project.name}.init.log")
    shutil.rmtree(project, ignore_errors=True)
    building.rename(project)  # only a complete project gets the cached name
    model = _model_of(project)
    assert model is not None
    return Starter(project, model, seconds)


def start_starter(starter: Starter, port: int, token: str, log_dir: Path) -> Services:
    """`rasa run` of the starter project on 127.0.0.1:`port`, HTTP API behind `token`."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    cmd = [sys.executable, "-m", "rasa", "run", "--model", str(starter.model), "--enable-api",
           "--interface", "127.0.0.1", "--port", str(port), "--auth-token", token,
           "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
    services = Services()
    server = Server("starter", cmd, env, log_dir / "starter.log", starter.project)
    services.servers["starter"] = server
    server.start()
    try:
        wait_ready(f"http://127.0.0.1:{port}/status?token={token}", services)
    except BaseException:
        services.stop()
        raise
    return services
