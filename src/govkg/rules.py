"""The registry of reading rules: each heuristic a named unit with the examples it must and must not match.

A rule is a predicate over one line (or phrase) of report text. Registering it with its examples keeps the
examples beside the code they justify; `tests/test_rules.py` checks every registered rule against its own table,
so a rule that drifts from its examples fails by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

F = TypeVar("F", bound=Callable[[str], object])


@dataclass(frozen=True)
class Rule:
    name: str
    doc: str
    test: Callable[[str], object]
    matches: tuple[str, ...]
    rejects: tuple[str, ...]


RULES: dict[str, Rule] = {}
#: Modules that register rules; `all_rules` imports them so that the registry is complete.
RULE_MODULES = ("govkg.clean", "govkg.outline", "govkg.extract", "govkg.extract.tables", "govkg.extract.names")


def _register(name: str, doc: str, test: Callable[[str], object], matches: Sequence[str], rejects: Sequence[str]) -> None:
    if name in RULES:
        raise ValueError(f"rule {name!r} registered twice")
    if not matches or not rejects:
        raise ValueError(f"rule {name!r} needs examples it matches and examples it rejects")
    RULES[name] = Rule(name, doc.strip(), test, tuple(matches), tuple(rejects))


def rule(name: str, *, matches: Sequence[str], rejects: Sequence[str]) -> Callable[[F], F]:
    """Register a predicate function as a named rule with its examples."""

    def deco(fn: F) -> F:
        _register(name, fn.__doc__ or "", fn, matches, rejects)
        return fn

    return deco


def pattern(name: str, regex: str, *, doc: str, matches: Sequence[str], rejects: Sequence[str],
            flags: int = 0) -> re.Pattern[str]:
    """Compile a regex and register it (searched anywhere in the text) as a named rule with its examples."""
    rx = re.compile(regex, flags)
    _register(name, doc, rx.search, matches, rejects)
    return rx


def all_rules() -> dict[str, Rule]:
    """Every registered rule, after importing every module that registers some."""
    import importlib

    for name in RULE_MODULES:
        importlib.import_module(name)
    return dict(sorted(RULES.items()))
