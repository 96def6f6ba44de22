"""Start the Rasa server with the API token taken from the environment, not the command line.

`rasa run --auth-token T` shows T to every local user in `ps`. This launcher is started as
`python -m bot.rasa_server RASA-RUN-ARGS...`; it adds the token (TRIAGEBOT_AUTH_TOKEN or
var/auth-token) and the allowed CORS origins to Rasa's own arguments inside the process,
where /proc/PID/cmdline does not show them (so does TRIAGEBOT_JWT_SECRET, when set), and
makes action calls retry across an action-server restart (`bot.rasa_ext.action_calls`) and
checks their answers without re-checking Rasa's schema each time (`action_results`); the
model graph runs node by node (`bot.triage.graph_runner`), the CRF is trained once per
machine (`bot.triage.crf_cache`) and one parse is made before serving (`warm_up`).
"""

from __future__ import annotations

import sys

from bot.lifeline import die_with_supervisor
from bot.settings import load_settings


def main() -> None:
    """Run `rasa run` with the given arguments plus the token and CORS origins."""
    die_with_supervisor()
    settings = load_settings()
    # `--auth-token=T`, not `--auth-token T`: a generated token may start with "-", which
    # argparse would read as another option.
    args = ["rasa", "run", *sys.argv[1:], f"--auth-token={settings.auth_token()}",
            "--cors", *settings.allowed_origins]
    jwt_secret = settings.jwt_secret()
    if jwt_secret:
        args += [f"--jwt-secret={jwt_secret}", "--jwt-method", "HS256"]
    sys.argv = args
    from rasa.__main__ import main as rasa_main

    from bot.rasa_ext import action_calls, action_results, warm_up
    from bot.triage import crf_cache, graph_runner

    action_calls.install()  # calls that survive an action-server restart; all-or-nothing turns
    action_results.install()  # action-server answers checked without re-checking the schema
    graph_runner.install()  # parses and predictions run node by node, not through dask
    crf_cache.install()  # the CRF entity extractor trained once per machine, not per start
    warm_up.install()  # one parse before serving: the first customer does not load taggers

    rasa_main()


if __name__ == "__main__":
    main()
