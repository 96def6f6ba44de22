"""Writes tests/data/hostile/*.jsonl: run `python tests/data/hostile/generate.py` from that folder
after adding cases here (the JSONL files are what the tests read)."""
import base64
import json


def raw(b: bytes) -> dict: return {"raw_b64": base64.b64encode(b).decode()}
def rep(unit: str, n: int) -> dict: return {"$repeat": [unit, n]}
def rawrep(prefix: bytes, unit: bytes, n: int, suffix: bytes) -> dict:
    return {"raw_parts": [[base64.b64encode(prefix).decode(), 1], [base64.b64encode(unit).decode(), n], [base64.b64encode(suffix).decode(), 1]]}

rest, sio, api, actions, web = [], [], [], [], []
def R(name, expect, body=None, **kw):
    rest.append({"name": name, "expect": expect, **({"body": body} if body is not None or "raw_b64" not in kw else {}), **kw})

texts_ok = {
 "emoji": "our backups 🔥🔥 are failing 😱 help", "mixed_scripts": "バックアップ job failed on Сервер-01 مع خطأ",
 "fullwidth": "ＶＢＲ　１２．１　でジョブが失敗します　サポートＩＤ　６１５０２８７４", "html_script": "<script>alert(1)</script>",
 "img_onerror": "<img src=x onerror=alert(1)>", "sql_drop": "'; DROP TABLE events; --", "sql_or": "1' OR '1'='1",
 "template_braces": "{case_number} {0} {{7*7}} ${jndi:ldap://x}", "format_percent": "%s%s%s%n %x",
 "json_in_text": "{\"sender\": \"victim\", \"message\": \"x\"}", "slash_intent": "/handoff", "slash_intent_entities": "/inform{\"severity\": 1}",
 "rasa_restart": "/restart", "zero_width": "hel\u200blo\u200d\ufeff", "combining": "Z\u0351\u0363\u0368\u0364a\u0317lgo",
 "rtl_override": "invoice\u202etxt.exe", "nul_inside": "hello\u0000world", "controls": "\u0001\u0002\u0007bell\u001b[2J",
 "newlines": "line1\r\nline2\nline3\rline4", "long_word": rep("a", 4999), "near_limit_ja": rep("障害", 2499),
 "pii_email": "contact me at hostile.tester@corpus.example", "pii_phone": "call +1 604 555 0199 please",
 "pii_support": "my support ID is 73920418", "pii_ja": "山本と申します、電話は０３－５５５５－０１９９です",
 "path_traversal": "../../../../etc/passwd", "crlf_injection": "hi\r\nX-Injected: 1", "unicode_nonchar": "\ufffe\uffff ok",
 "tab_only_prefix": "\t\t problem", "numbers_only": "0123456789", "punct_only": "?!?!...", "single_char": "a",
 "emoji_only": "🙂", "ja_single": "あ", "error_code": "Failed to connect: 0x80004005",
}
for k, t in texts_ok.items():
    R(f"text_{k}", "reply", {"sender": f"hostile-{k}"[:64], "message": t})
refused_texts = {"empty": "", "spaces": "   ", "only_nul": "\u0000", "over_limit": rep("x", 5001),
                 "huge_100k": rep("y", 100_000), "only_bidi": "\u202e\u202d", "only_controls": "\u0001\u0002\u0003"}
for k, t in refused_texts.items():
    R(f"text_{k}", "refused", {"sender": f"hostile-{k}", "message": t})
# lone surrogates must be written as JSON escapes: build the raw JSON text by hand
for k, s in {"sender_surrogate": '{"sender":"p-\\ud800","message":"hello"}',
             "text_surrogate": '{"sender":"hostile-sur","message":"hello \\udc00"}',
             "text_surrogate_pair_broken": '{"sender":"hostile-sur2","message":"\\ud83d"}',
             "meta_surrogate": '{"sender":"hostile-sur3","message":"hi","metadata":{"a":"\\ud800"}}'}.items():
    R(k, "refused", **raw(s.encode()))
for k, v in {"int": 42, "float": 1.5, "null": None, "list": ["hello"], "object": {"text": "hi"}, "bool": True}.items():
    R(f"message_type_{k}", "refused", {"sender": "hostile-types", "message": v})
for k, v in {"missing": None, "empty": "", "default": "default", "space": "a b", "long": rep("s", 10000),
             "slash": "a/b", "html": "<b>x</b>", "unicode": "送信者", "int": 7, "list": ["a"], "newline": "a\nb",
             "web_prefix": "web-0123456789abcdef0123456789abcdef", "sql": "x' OR '1'='1", "dotdot": "..", "nul": "a\u0000b"}.items():
    body = {"message": "hello"}
    if v is not None: body["sender"] = v
    R(f"sender_{k}", "refused" if k != "dotdot" else "reply", body)
for k, v in {"list": [1, 2], "string": "tz", "number": 5, "nested": {"a": {"b": {"c": 1}}},
             "big": {"k": rep("v", 5_000_000)}, "many_keys": {f"k{i}": i for i in range(1000)},
             "list_value": {"tz": ["Asia/Tokyo"]}}.items():
    R(f"metadata_{k}", "refused", {"sender": "hostile-meta", "message": "hello", "metadata": v})
R("metadata_deep", "refused", **rawrep(b'{"sender":"hostile-meta","message":"hi","metadata":', b"[", 500, b"]" * 500 + b"}"))
R("metadata_flat_ok", "reply", {"sender": "hostile-meta-ok", "message": "hello", "metadata": {"timezone": "Asia/Tokyo", "country": "JP"}})
R("metadata_evil_values", "reply", {"sender": "hostile-meta-ok2", "message": "hello", "metadata": {"timezone": "Mars/Olympus", "country": "<script>", "language": "xx"}})
R("input_channel_spoof", "reply", {"sender": "hostile-chan", "message": "hello", "input_channel": "socketio"})
R("stream_param", "reply", {"sender": "hostile-stream", "message": "hello"}, query="stream=true")
for k, b in {"not_json": b"hello", "truncated": b'{"sender": "a", "message": "hel', "empty_body": b"",
             "json_list": b"[]", "json_string": b'"hello"', "json_null": b"null", "json_number": b"42",
             "json_true": b"true", "invalid_utf8": b'{"sender":"a","message":"\xff\xfe"}', "bom": b'\xef\xbb\xbf{"sender":"hostile-bom","message":"hi"}',
             
             "utf16": '{"sender":"a","message":"hi"}'.encode("utf-16"), "trailing_garbage": b'{"sender":"a","message":"hi"} xx',
             "duplicate_keys": b'{"sender":"hostile-dup","sender":"default","message":"hi"}', "nan": b'{"sender":"a","message":NaN}',
             }.items():
    R(f"body_{k}", "refused", **raw(b))
R("body_deep_nesting", "refused", **rawrep(b'{"sender":"a","message":"hi","x":', b"[", 100000, b"]" * 0 + b"}"))
R("body_huge_number", "refused", **rawrep(b'{"sender":"a","message":1', b"0", 5000, b"}"))
R("body_two_mb", "refused", **rawrep(b'{"sender":"a","message":"', b"z", 2_000_000, b'"}'))
R("content_type_form", "refused", headers={"Content-Type": "application/x-www-form-urlencoded"}, **raw(b"sender=a&message=hi"))

# socket.io: events sent after a normal session_request (unless "no_session")
def S(name, expect, event, data, **kw): sio.append({"name": name, "expect": expect, "event": event, "data": data, **kw})
for k, t in list(texts_ok.items())[:15]:
    S(f"sio_text_{k}", "reply", "user_uttered", {"message": t})
for k, t in refused_texts.items():
    S(f"sio_text_{k}", "refused", "user_uttered", {"message": t})
for k, v in {"int": 42, "null": None, "list": ["a"], "object": {"a": 1}}.items():
    S(f"sio_message_type_{k}", "refused", "user_uttered", {"message": v})
for k, v in {"string_data": "hello", "list_data": ["hello"], "null_data": None, "number_data": 5}.items():
    S(f"sio_data_{k}", "refused", "user_uttered", v)
S("sio_metadata_nested", "refused", "user_uttered", {"message": "hi", "metadata": {"a": {"b": 1}}})
S("sio_metadata_bad_json_string", "refused", "user_uttered", {"message": "hi", "metadata": "{not json"})
S("sio_metadata_json_string_ok", "reply", "user_uttered", {"message": "hi", "metadata": "{\"timezone\": \"Asia/Tokyo\"}"})
S("sio_no_session", "refused", "user_uttered", {"message": "hello"}, no_session=True)
S("sio_other_session_id_in_message", "reply", "user_uttered", {"message": "hello", "session_id": "VICTIM"})
for k, v in {"guessed": "0123456789abcdef0123456789abcdef", "rest_sender": "hostile-emoji", "web_sender": "web-VICTIM_BARE",
             "forged_mac": "VICTIM_BARE.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "nested": {"a": 1}, "long": rep("s", 10000),
             "surrogate_free_garbage": "🙂.🙂"}.items():
    S(f"sio_session_request_{k}", "new_session", "session_request", {"session_id": v})
S("sio_session_request_surrogate", "new_session", "session_request", {"session_id": "p-\ud800"})
S("sio_text_surrogate", "refused", "user_uttered", {"message": "hello \udc00"})
S("sio_metadata_surrogate", "refused", "user_uttered", {"message": "hi", "metadata": {"tz": "\ud800"}})
S("sio_session_request_none", "new_session", "session_request", None)
S("sio_session_request_list", "new_session", "session_request", [1, 2])

# Rasa HTTP API (token-protected)
def A(name, expect, method, path, body=None, token=True, **kw): api.append({"name": name, "expect": expect, "method": method, "path": path, "token": token, **({"body": body} if body is not None else {}), **kw})
A("api_parse_no_token", "unauthorized", "POST", "/model/parse", {"text": "hello"}, token=False)
A("api_parse_wrong_token", "unauthorized", "POST", "/model/parse", {"text": "hello"}, token="wrong")
A("api_parse_ok", "ok", "POST", "/model/parse", {"text": "all backups failed"})
A("api_parse_at_limit", "ok", "POST", "/model/parse", {"text": rep("backup failed ", 350)})
A("api_parse_over_limit", "client_error", "POST", "/model/parse", {"text": rep("backup failed ", 1400)})
A("api_parse_non_string", "client_error", "POST", "/model/parse", {"text": 5})
A("api_parse_list_body", "client_error", "POST", "/model/parse", **raw(b"[]"))
A("api_parse_two_mb", "client_error", "POST", "/model/parse", **rawrep(b'{"text":"', b"a", 2_000_000, b'"}'))
A("api_tracker_no_token", "unauthorized", "GET", "/conversations/hostile-emoji/tracker", token=False)
A("api_tracker_traversal", "not_500", "GET", "/conversations/..%2F..%2Fetc/tracker")
A("api_tracker_surrogate_url", "not_500", "GET", "/conversations/%ED%A0%80/tracker")
A("api_events_no_token", "unauthorized", "POST", "/conversations/hostile-x/tracker/events", {"event": "slot", "name": "handoff_case", "value": "1"}, token=False)
A("api_status_no_token", "unauthorized", "GET", "/status", token=False)
A("api_version_public", "ok", "GET", "/version", token=False)

# action server: forged calls
forged = {"next_action": "action_handoff", "sender_id": "hostile-forged", "tracker": {"sender_id": "hostile-forged", "slots": {"program": "premium", "severity": "1", "route": "collect"}, "latest_message": {"text": "<script>alert(1)</script>"}, "events": [{"event": "user", "text": "<script>"}], "paused": False, "latest_event_time": 1, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}, "domain": {}, "version": "3.6.21"}
def X(name, expect, body=None, token=None, **kw): actions.append({"name": name, "expect": expect, "token": token, **({"body": body} if body is not None else {}), **kw})
X("actions_forged_handoff_no_token", "unauthorized", forged)
X("actions_forged_handoff_wrong_token", "unauthorized", forged, token="guess")
X("actions_forged_handoff_empty_token", "unauthorized", forged, token="")
X("actions_list_no_token", "unauthorized", method="GET", path="/actions")
X("actions_health_public", "ok", method="GET", path="/health")
X("actions_right_token_list_body", "client_error", token="RIGHT", **raw(b"[]"))
X("actions_right_token_bad_json", "client_error", token="RIGHT", **raw(b"{"))
X("actions_right_token_missing_tracker", "client_error", {"next_action": "action_handoff"}, token="RIGHT")
X("actions_right_token_unknown_action", "client_error", {"next_action": "action_nope", "tracker": {"sender_id": "x", "slots": {}, "events": [], "latest_message": {}}, "domain": {}}, token="RIGHT")
X("actions_no_token_two_mb", "unauthorized_or_too_large", **rawrep(b"", b"x", 3_000_000, b""))

# web server (chat page / console)
def W(name, expect, method, path, **kw): web.append({"name": name, "expect": expect, "method": method, "path": path, **kw})
for p in ["/", "/chat", "/config.js", "/static/chat.js"]:
    W(f"web_get_{p}", "ok", "GET", p)
for p in ["/../../etc/passwd", "/static/../../bot/settings.py", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/.hidden",
          "/%00", "/static/chat.js%00.html", "/static/" + "a" * 3000, "/%ED%A0%80", "/static/\\..\\x"]:
    W(f"web_get_{p[:40]}", "not_found_or_bad", "GET", p)
W("web_post_root", "client_error", "POST", "/")
W("web_huge_post", "client_error", "POST", "/", **rawrep(b"", b"x", 3_000_000, b""))

for name, rows in {"rest": rest, "socketio": sio, "rasa_api": api, "actions": actions, "web": web}.items():
    with open(f"{name}.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(row, ensure_ascii=True) + "\n" for row in rows)
    print(name, len(rows))
print("total", len(rest) + len(sio) + len(api) + len(actions) + len(web))
