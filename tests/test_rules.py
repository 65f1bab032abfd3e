"""Every registered reading rule matches the examples it lists, and rejects the ones it lists (govkg.rules)."""

from __future__ import annotations

import pytest

from govkg.rules import all_rules

RULES = all_rules()
CASES = [(name, ex, True) for name, r in RULES.items() for ex in r.matches] + [
    (name, ex, False) for name, r in RULES.items() for ex in r.rejects
]


@pytest.mark.parametrize(("name", "example", "expected"), CASES,
                         ids=[f"{n}:{'+' if e else '-'}{x[:16]}" for n, x, e in CASES])
def test_rule_example(name: str, example: str, expected: bool) -> None:
    assert bool(RULES[name].test(example)) is expected


def test_every_rule_is_documented() -> None:
    assert RULES, "no rule registered"
    undocumented = [name for name, r in RULES.items() if len(r.doc) < 20]
    assert undocumented == []
