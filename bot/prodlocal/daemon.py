"""Run a non-Python server as a system user, ending it when the supervisor dies.

`python -m bot.prodlocal.daemon --user postgres --death-signal INT -- postgres -D ...`
drops root for the named user (PostgreSQL refuses to run as root), then asks Linux for the
death signal (after the user change, which would clear it) and executes the server in its
own place, so the supervisor signals the server itself.
"""

from __future__ import annotations

import argparse
import os
import pwd
import signal
import sys

from bot.lifeline import die_with_supervisor


def drop_to(user: str) -> None:
    """Become `user` (and its groups) if running as root; as anyone else, stay."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(user)
    os.initgroups(user, entry.pw_gid)
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    os.environ.update(HOME=entry.pw_dir, USER=user, LOGNAME=user)


def main(argv: list[str] | None = None) -> None:
    """Parse `--user U --death-signal SIG -- COMMAND...` and execute COMMAND."""
    parser = argparse.ArgumentParser(prog="python -m bot.prodlocal.daemon")
    parser.add_argument("--user", help="system user to run as when started as root")
    parser.add_argument("--death-signal", default="TERM",
                        help="signal the server gets when the supervisor dies (TERM, INT)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    if args.user:
        drop_to(args.user)
    die_with_supervisor(signal.Signals[f"SIG{args.death_signal.upper()}"])
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
