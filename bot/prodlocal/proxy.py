"""nginx as the reverse proxy in front of the Rasa replicas and the web app.

Routes: `/webhooks/` (REST) spread over the replicas, failing over to the next one when a
replica refuses the connection; `/socket.io/` sticky per client address (a socket.io
session polls before it upgrades, and every request of a session must reach the replica
that holds it); Rasa's token-protected HTTP API (`/conversations/`, `/model/`, `/status`),
which the review console and the voice intake call; `/console/` and `/` to the web app.
When no replica can answer (one died mid-request, or none is up), nginx itself answers
with the channels' JSON error in the client's language (Accept-Language), both languages
when it names neither; errors the bot answers pass through unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.channels.limits import InputError
from bot.prodlocal.stores import daemon_command, own, program, system_user

WORKER_USER = "www-data"  # Debian's nginx user, for the workers when the master is root
TURN_TIMEOUT = "300s"  # a turn under heavy load may take long; never cut one short


def _unavailable_body(lang: str | None) -> str:
    """The JSON body of a failed proxied request (the channels' `not_processed` error)."""
    err = InputError("not_processed", 503)
    if lang:
        return json.dumps(err.body(lang), ensure_ascii=False)
    both = " / ".join(err.body(code)["message"] for code in ("en", "ja"))
    return json.dumps({"error": "not_processed", "message": both}, ensure_ascii=False)


def _quoted(body: str) -> str:
    return "'" + body.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class Proxy:
    """nginx on 127.0.0.1:`port` with its configuration and temporary files in `root`."""

    root: Path
    port: int
    rasa_ports: Sequence[int]
    web_port: int

    def config(self, worker_user: str | None) -> str:
        """The nginx.conf text."""
        rasa = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;"
                         for p in self.rasa_ports)
        tmp = self.root / "tmp"
        proxied = f"""
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout {TURN_TIMEOUT};
      proxy_send_timeout {TURN_TIMEOUT};"""
        to_rasa = f"""{proxied}
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      error_page 502 503 504 = @unavailable;"""
        return f"""# Written by `triagebot prod-local` at every start; edits are lost.
{f"user {worker_user};" if worker_user else ""}
worker_processes 1;
pid {self.root / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  client_max_body_size 2m;
  server_tokens off;
  upstream rasa {{
{rasa}
    keepalive 64;
  }}
  upstream rasa_sticky {{
    hash $remote_addr consistent;
{rasa}
  }}
  upstream web {{
    server 127.0.0.1:{self.web_port};
    keepalive 16;
  }}
  map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
  map $http_accept_language $unavailable {{
    default {_quoted(_unavailable_body(None))};
    ~*^ja {_quoted(_unavailable_body("ja"))};
    ~*^en {_quoted(_unavailable_body("en"))};
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location /webhooks/ {{
      proxy_pass http://rasa;{to_rasa}
    }}
    location /socket.io/ {{
      proxy_pass http://rasa_sticky;{proxied}
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }}
    location ~ ^/(conversations|model)/ {{
      proxy_pass http://rasa;{to_rasa}
    }}
    location = /status {{
      proxy_pass http://rasa;{to_rasa}
    }}
    location /console/ {{
      proxy_pass http://web;{proxied}
      proxy_set_header Connection "";
    }}
    location / {{
      proxy_pass http://web;{proxied}
      proxy_set_header Connection "";
    }}
    location @unavailable {{
      default_type application/json;
      add_header Retry-After 2 always;
      return 503 $unavailable;
    }}
  }}
}}
"""

    def write_config(self) -> Path:
        """Write nginx.conf and the temporary folders the workers write to."""
        worker = system_user(WORKER_USER)
        own(self.root, None)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            own(self.root / "tmp" / name, worker)
        if worker:  # the workers must reach their folders through ours
            self.root.chmod(0o711)
            (self.root / "tmp").chmod(0o711)
        path = self.root / "nginx.conf"
        path.write_text(self.config(worker), encoding="utf-8")
        return path

    def command(self) -> list[str]:
        return daemon_command(None, "TERM", [
            program("nginx"), "-p", str(self.root), "-c", str(self.root / "nginx.conf"),
            "-e", "stderr", "-g", "daemon off;"])
