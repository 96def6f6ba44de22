"""Let a server process end when the `triagebot` process supervising it dies.

Called first thing by each server (`bot.rasa_server`, `bot.action_server`, the web app):
Linux sends the process SIGTERM when its parent exits (PR_SET_PDEATHSIG), so a killed
`triagebot run` leaves no server answering on its ports. Done in the child itself rather
than in `preexec_fn`, which is unsafe in a parent that runs threads.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

SUPERVISOR_ENV = "TRIAGEBOT_SUPERVISOR_PID"
_PR_SET_PDEATHSIG = 1


def die_with_supervisor(signum: int = signal.SIGTERM) -> None:
    """Ask for `signum` when the supervisor dies; exit now if it already has."""
    supervisor = os.environ.get(SUPERVISOR_ENV)
    if not supervisor or not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signum))
    if os.getppid() != int(supervisor):  # it died before prctl took effect
        sys.exit(0)
