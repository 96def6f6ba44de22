"""Checked access to the parsed YAML: every failure names the field path and the fix."""

from __future__ import annotations

import difflib
import string
from collections.abc import Iterable
from typing import Any

from bot.policy.schema import LANGS, Text

_MISSING = object()
_TYPE_NAMES = {bool: "true/false", int: "a whole number", str: "text", list: "a list",
               dict: "a mapping"}


class PolicyError(ValueError):
    """The policy file is invalid: `code`, the field `path` and how to `fix` it."""

    def __init__(self, code: str, path: str, problem: str, fix: str) -> None:
        self.code, self.path, self.problem, self.fix = code, path, problem, fix
        super().__init__(f"policy error [{code}] at {path}: {problem}. Fix: {fix}")


def mapping(value: Any, path: str) -> dict[Any, Any]:
    """`value` as a mapping, or a `wrong-type` error."""
    if not isinstance(value, dict):
        raise PolicyError("wrong-type", path, f"expected a mapping, got {_shown(value)}",
                          "write `key: value` lines (or {key: value}) here")
    return value


def field(node: dict[Any, Any], path: str, key: str, kind: type | tuple[type, ...],
          default: Any = _MISSING) -> Any:
    """`node[key]` checked against `kind`; `default` when missing, else a `missing-field` error."""
    where = f"{path}.{key}" if path else key
    if key not in node:
        if default is _MISSING:
            raise PolicyError("missing-field", where, "this required field is missing",
                              f"add `{key}:` to {path or 'the top level'}")
        return default
    value = node[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int in Python; a target count of `true` is still a mistake
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        wanted = " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
        raise PolicyError("wrong-type", where, f"expected {wanted}, got {_shown(value)}",
                          f"write {wanted} for `{key}`")
    return value


def no_extra(node: dict[Any, Any], path: str, allowed: Iterable[str]) -> None:
    """Reject keys outside `allowed` (catches typos such as `skip_holiday`)."""
    allowed = list(allowed)
    for key in node:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(allowed)}"
            raise PolicyError("unknown-field", f"{path}.{key}" if path else str(key),
                              "this field is not part of the policy schema", hint)


def strings(items: list[Any], path: str) -> list[str]:
    """A list whose items must all be text."""
    for i, item in enumerate(items):
        if isinstance(item, bool):  # YAML 1.1 reads NO, yes, on, off as true/false
            raise PolicyError("wrong-type", f"{path}[{i}]", f"expected text, got {item!r}",
                              'quote the item, e.g. "NO" for Norway')
        if not isinstance(item, str) or not item.strip():
            raise PolicyError("wrong-type", f"{path}[{i}]", f"expected text, got {item!r}",
                              "write each item as text")
    return items


def text(value: Any, path: str, placeholders: frozenset[str] | None = None) -> Text:
    """A `{en: ..., ja: ...}` mapping as `Text`; both languages are required."""
    node = mapping(value, path)
    for lang in LANGS:
        if not isinstance(node.get(lang), str) or not node[lang].strip():
            raise PolicyError("missing-translation", f"{path}.{lang}",
                              f"the {'English' if lang == 'en' else 'Japanese'} text is missing",
                              f"add `{lang}: ...` beside the other language")
    if placeholders is not None:
        for lang in LANGS:
            check_placeholders(node[lang], f"{path}.{lang}", placeholders)
    return Text(node["en"], node["ja"])


def check_placeholders(value: str, path: str, allowed: frozenset[str]) -> None:
    """Every `{name}` in `value` must be one the rules fill."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as err:
        raise PolicyError("bad-text", path, f"unbalanced braces ({err})",
                          "write {name} for a placeholder and {{ }} for literal braces") from err
    unknown = sorted(n for n in names if n not in allowed)
    if unknown:
        raise PolicyError("unknown-placeholder", path, f"unknown placeholder {{{unknown[0]}}}",
                          f"use only {', '.join('{' + a + '}' for a in sorted(allowed))}")


def ref(value: Any, path: str, known: Iterable[str], what: str) -> str:
    """`value` must name one of `known` (a schedule, program, state ...)."""
    known = list(known)
    if value not in known:
        close = difflib.get_close_matches(str(value), known, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(known)}"
        raise PolicyError("unknown-ref", path, f"no {what} called {_shown(value)}", hint)
    return str(value)


def _shown(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"
