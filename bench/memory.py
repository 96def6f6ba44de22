"""Peak resident memory of process trees, read from /proc (no psutil needed).

The kernel keeps each process's own peak (`VmHWM`); a background thread walks each tree
every `interval` seconds and keeps the highest VmHWM seen per process, so children that
exit early still count. A tree's peak is the sum over its processes: exact for a single
process, an upper bound when several peak at different moments.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")


def _status_kib(pid: int, field: str) -> int | None:
    try:
        text = (PROC / str(pid) / "status").read_text(encoding="ascii", errors="replace")
    except OSError:  # the process exited
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def _children(pid: int) -> list[int]:
    found = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants that are alive now."""
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += _children(pid)
    return tree


class PeakMemory:
    """Samples the peak resident memory of named process trees until stopped."""

    def __init__(self, roots: dict[str, int], interval: float = 0.25) -> None:
        self.roots = roots
        self.interval = interval
        self.peaks: dict[str, dict[int, int]] = {name: {} for name in roots}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="peak-memory", daemon=True)

    def start(self) -> None:
        """Start sampling in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling; call it before the processes are stopped."""
        self._stop.set()
        self._thread.join()
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        """Record the current VmHWM of every process in every tree."""
        for name, root in self.roots.items():
            for pid in process_tree(root):
                hwm = _status_kib(pid, "VmHWM")
                if hwm is not None:
                    seen = self.peaks[name]
                    seen[pid] = max(seen.get(pid, 0), hwm)

    def result(self) -> dict[str, dict[str, float | int]]:
        """Per tree: peak MB (10^6 bytes) and the number of processes seen."""
        return {name: {"peak_mb": sum(seen.values()) * 1024 / 1e6, "processes": len(seen)}
                for name, seen in self.peaks.items()}
