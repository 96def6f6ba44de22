"""Keep servers running in the foreground until Ctrl-C or SIGTERM (`run`, `prod-local`)."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable


def _interrupt(signum: int, frame: object) -> None:
    """Stop on SIGTERM (e.g. from a service manager) exactly as on Ctrl-C."""
    raise KeyboardInterrupt


def serve(start: Callable[[], str], supervise: Callable[[], None],
          stop: Callable[[], None]) -> None:
    """`start()` the servers and print the banner it returns, `supervise()` them every half
    second, and `stop()` them on Ctrl-C or SIGTERM, or when `start` fails (its error is
    raised after the stop).

    The handlers are set and the `try` entered before anything starts: a SIGTERM sent the
    moment the banner appeared once landed between the print and the `try`, ended the
    process with KeyboardInterrupt and left a stopped server running.
    """
    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C stops everything even when started from a shell that made us ignore SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        print(start(), flush=True)
        while True:
            supervise()  # a server that exits is restarted, with back-off
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nstopping ...", file=sys.stderr)
    finally:
        # A second Ctrl-C while stopping must not leave servers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop()
