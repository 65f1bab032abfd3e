"""The registry of candidate rules: each way of proposing an entity name is a named unit with the texts it must and
must not propose names from, as govkg.rules registers the reading rules.

`find_candidates` runs every registered rule in order over every unit of its kinds; `tests/test_entities.py` runs
each rule alone over its own examples.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from govkg.extract.entities import Candidate, Unit

RuleFn = Callable[["Unit", int], list["Candidate"]]
F = TypeVar("F", bound=RuleFn)
#: The kinds of unit most rules read: sentences, headings and contexts (sidebars, the title block).
TEXT_KINDS = ("statement", "heading", "context")


@dataclass(frozen=True)
class CandidateRule:
    name: str
    doc: str
    fn: RuleFn
    kinds: tuple[str, ...]
    produces: tuple[tuple[str, tuple[str, ...]], ...]  # (text, names the rule proposes from it)
    avoids: tuple[tuple[str, tuple[str, ...]], ...]  # (text, names it must not propose from it)


CANDIDATE_RULES: list[CandidateRule] = []


def candidate_rule(name: str, *, produces: Sequence[tuple[str, Sequence[str]]],
                   avoids: Sequence[tuple[str, Sequence[str]]], kinds: tuple[str, ...] = TEXT_KINDS) -> Callable[[F], F]:
    """Register a candidate rule with examples of names it must propose and must not."""

    def deco(fn: F) -> F:
        if any(r.name == name for r in CANDIDATE_RULES):
            raise ValueError(f"candidate rule {name!r} registered twice")
        if not produces or not avoids:
            raise ValueError(f"candidate rule {name!r} needs examples it produces and examples it avoids")
        CANDIDATE_RULES.append(CandidateRule(name, (fn.__doc__ or "").strip(), fn, kinds,
                                             tuple((t, tuple(n)) for t, n in produces),
                                             tuple((t, tuple(n)) for t, n in avoids)))
        return fn

    return deco
