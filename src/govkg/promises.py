"""Promises and results: a plan's targets for year N checked against the next review's outcomes for year N.

Works on built report graphs (their triples), not on extractions, so that a dataset rebuilt one report at a time
is checked against the reports already in it. A target is a gk:Metric of gk:kind gk:Target or a gk:StatusAssertion
of gk:assertionKind gk:Target (plan part); an outcome is the matching gk:Achieved metric or review-part status
assertion of a report of the same region whose review year is N.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

import pyoxigraph as ox

from govkg import iris
from govkg import vocab as V
from govkg.patterns import CN_NUMERAL_CLASS, YEAR_RE
from govkg.triples import Triples

RDF_TYPE = ox.NamedNode(str(V.REUSED["type"]))
RATE_UNITS = {"%", "百分点", "‰"}
STAGE_RANK = {"planned": 0, "started": 1, "under_construction": 2, "completed": 3, "in_use": 4}
STAGE_NAMES = {"planned": "谋划", "started": "开工", "under_construction": "在建", "completed": "完工", "in_use": "投用"}
DECREASE = re.compile(r"(下降|降低|减少|回落|缩小|压减)[^增提上]{0,3}$")
YEAR_IN = YEAR_RE
TOLERANCE = Decimal("0.05")  # 左右 / 约: within 5% of the target value
#: Words that carry no subject: verbs, time words and determiners around a counted noun.
SUBJECT_NOISE = re.compile(r"(?:全年|全区|全市|全县|新增|新开工|开工|完成|实现|建成|累计|总计|共计|新建|改造|确保|力争|推动|"
                           r"推进|加快|达到|达|突破|超过|不少于|以上|左右|约|个|项目|工程|的|一批|年内|当年|今年|同比)")


@dataclass
class Claim:
    """A target or an outcome, with what is needed to pair and judge it."""

    iri: str
    report: str
    year: int | None
    statement: str
    sentence: str
    raw: str = ""
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str = ""
    qualifier: str | None = None  # local name of the gk qualifier concept (AtMost …)
    about: str | None = None
    about_label: str = ""
    indicator: str | None = None
    subject: str = ""
    stage: str | None = None  # status assertions: planned … in_use
    decrease: bool = False
    other_year: bool = False  # the clause speaks of another year (到2025年, 比2019年增长)
    order: int = 0  # where it starts in its report's clean text
    at: int = 0  # where it starts in its sentence


@dataclass
class ReportClaims:
    report: str
    label: str
    region: str | None
    review_year: int | None
    plan_year: int | None
    region_label: str = ""
    targets: list[Claim] = field(default_factory=list)
    outcomes: list[Claim] = field(default_factory=list)


@dataclass
class Check:
    target: Claim
    outcome: Claim | None
    status: str  # exceeded | met | partly | missed | not_reported
    basis: str | None  # indicator | entity | subject | stage
    explanation: str


# ---------------------------------------------------------------- reading claims out of a report graph
def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


#: A triple's object as claims reads it: whether it is an IRI, and its value (its IRI or lexical form; "" for a
#: blank node).
_Value = tuple[bool, str]
_TYPE = str(V.REUSED["type"])


#: What claims asks of a graph: the values of (subject, predicate), both as strings, in the order of sorted triples.
_Values = Callable[[str, str], list[_Value]]


def _digest_ox(triples: Iterable[ox.Triple]) -> tuple[_Values, dict[str, set[str]]]:
    """Every triple read once into strings (a graph parsed from a file)."""
    props: dict[str, dict[str, list[_Value]]] = {}
    types: dict[str, set[str]] = {}
    for t in triples:
        s = t.subject.value if isinstance(t.subject, ox.NamedNode) else str(t.subject)
        o = t.object
        if t.predicate == RDF_TYPE and isinstance(o, ox.NamedNode):
            types.setdefault(s, set()).add(o.value)
        else:
            v = (True, o.value) if isinstance(o, ox.NamedNode) else (False, o.value if isinstance(o, ox.Literal) else "")
            props.setdefault(s, {}).setdefault(t.predicate.value, []).append(v)
    return (lambda s, p: props.get(s, {}).get(p, [])), types


def _lookup_triples(triples: Triples) -> tuple[_Values, dict[str, set[str]]]:
    """The builder's triples, read through their predicate index: only the values claims asks for are made into
    strings (a report has thousands of triples; its targets and outcomes need a few hundred of them)."""
    from rdflib import BNode, Literal, URIRef

    def key(node: Any) -> str:
        return str(node) if isinstance(node, URIRef) else f"_:{node}"

    types: dict[str, set[str]] = {}
    for s, o in triples.subject_objects(URIRef(_TYPE)):
        if isinstance(o, URIRef):
            types.setdefault(key(s), set()).add(str(o))

    nodes: dict[str, Any] = {}  # a subject is asked for a dozen values: its term is made once

    def node(iri: str) -> Any:
        n = nodes.get(iri)
        if n is None:
            n = nodes[iri] = BNode(iri[2:]) if iri.startswith("_:") else URIRef(iri)
        return n

    by_predicate = triples.by_predicate()
    seen: dict[tuple[str, str], list[_Value]] = {}  # a statement's text and offset are asked for each of its metrics

    def values(s: str, p: str) -> list[_Value]:
        out = seen.get((s, p))
        if out is None:
            out = seen[s, p] = [
                (True, str(o)) if isinstance(o, URIRef) else (False, str(o) if isinstance(o, Literal) else "")
                for o in by_predicate.get(node(p), {}).get(node(s), ())]
            if len(out) > 1:  # several values: in the order of sorted triples (IRIs first, then by text)
                out.sort(key=lambda v: (not v[0], v[1]))
        return out

    return values, types


def claims(triples: Iterable[ox.Triple] | Triples) -> ReportClaims | None:
    """The targets and outcomes of one report's graph (pyoxigraph triples, as read from a file, or the builder's
    `Triples`); None for a graph that holds no gk:Report."""
    lookup, types = _lookup_triples(triples) if isinstance(triples, Triples) else _digest_ox(triples)

    def one(s: str, p: object) -> _Value | None:
        values = lookup(s, str(p))
        return values[0] if values else None

    def text(s: str, p: object) -> str:
        v = one(s, p)
        return v[1] if v is not None else ""

    def iri(s: str, p: object) -> str | None:
        v = one(s, p)
        return v[1] if v is not None and v[0] else None

    def year(s: str, p: object) -> int | None:
        v = text(s, p)
        return int(v[:4]) if v[:4].isdigit() else None

    report = next((s for s, ts in sorted(types.items()) if str(V.Report) in ts), None)
    if report is None:
        return None
    region = iri(report, V.region)
    out = ReportClaims(report=report, label=text(report, V.REUSED["label"]), region=region,
                       review_year=year(report, V.reviewYear), plan_year=year(report, V.planYear),
                       region_label=text(region, V.REUSED["label"]) if region is not None else "")

    def sentence_context(node: str, st: str) -> tuple[str, str]:
        """The statement's text and the part of it before the node (offsets are into the same clean text)."""
        sentence = text(st, V.text)
        try:
            rel = int(text(node, V.startOffset)) - int(text(st, V.startOffset))
        except ValueError:
            rel = len(sentence)
        return sentence, sentence[: max(0, rel)]

    for s, ts in sorted(types.items()):
        if str(V.Metric) in ts:
            kind = text(s, V.kind)
            st = text(s, V.statedIn)
            sentence, before = sentence_context(s, st)
            about = text(s, V.about) or None
            c = Claim(
                iri=s, report=report, year=year(s, V.year), statement=st, sentence=sentence, raw=text(s, V.rawText),
                value=Decimal(text(s, V.value)), value_max=Decimal(text(s, V.valueMax)) if text(s, V.valueMax) else None,
                unit=text(s, V.unit), qualifier=_local(q) if (q := iri(s, V.qualifier)) is not None else None,
                about=about if about != out.region else None, about_label=text(about, V.REUSED["label"]) if about else "",
                indicator=_local(ind) if (ind := iri(s, V.indicator)) is not None else None,
                subject=subject_of(text(s, V.counted) or text(s, V.measure), text(s, V.rawText)),
                decrease=bool(DECREASE.search(before)),
                order=int(text(s, V.startOffset) or 0),
                at=len(before),
            )
            c.other_year = _other_year(before, c.year)
            (out.targets if kind == str(V.Target) else out.outcomes).append(c)
        elif str(V.StatusAssertion) in ts:
            kind = text(s, V.assertionKind)
            st = text(s, V.statedIn)
            entity = text(s, V.statusOf)
            stage = _local(o) if (o := iri(s, V.status)) is not None else None
            sentence = text(st, V.text)
            c = Claim(iri=s, report=report, year=year(s, V.year), statement=st, sentence=sentence, about=entity,
                      about_label=text(entity, V.REUSED["label"]),
                      stage={"Planned": "planned", "Started": "started", "UnderConstruction": "under_construction",
                             "Completed": "completed", "InUse": "in_use"}.get(stage or ""),
                      order=int(text(st, V.startOffset) or 0))
            (out.targets if kind == str(V.Target) else out.outcomes).append(c)
    out.targets.sort(key=lambda c: (c.order, c.iri))
    out.outcomes.sort(key=lambda c: (c.order, c.iri))
    return out


def subject_of(counted: str, raw: str) -> str:
    """What a number counts, without verbs, time words and the number itself: 新开工15个老旧小区综合整治项目 ->
    老旧小区综合整治."""
    s = counted.replace(raw, "") if raw else counted
    s = re.sub(rf"[\d.,%]+|[{CN_NUMERAL_CLASS}]+(?=[个项家所条座])", "", s)
    return SUBJECT_NOISE.sub("", s).strip("“”\"'：:，,")


def _other_year(before: str, year: int | None) -> bool:
    """到2025年…, 比2019年增长…: the number is about another year than the claim's own."""
    years = [int(y) for y in YEAR_IN.findall(before)]
    return bool(years) and year is not None and years[-1] != year


def to_json(rc: ReportClaims) -> dict[str, object]:
    """`dataclasses.asdict` without its deep copies: every field of a claim is an immutable value."""
    d = dict(vars(rc))
    d["targets"] = [dict(vars(c)) for c in rc.targets]
    d["outcomes"] = [dict(vars(c)) for c in rc.outcomes]
    return d


def from_json(d: dict[str, Any]) -> ReportClaims:
    def claim(c: dict[str, Any]) -> Claim:
        c = dict(c)
        for k in ("value", "value_max"):
            if c.get(k) is not None:
                c[k] = Decimal(str(c[k]))
        return Claim(**c)

    rc: dict[str, Any] = dict(d)
    rc["targets"] = [claim(c) for c in rc["targets"]]
    rc["outcomes"] = [claim(c) for c in rc["outcomes"]]
    return ReportClaims(**rc)


# ---------------------------------------------------------------- pairing
@lru_cache(maxsize=1 << 14)
def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _similar(a: str, b: str) -> float:
    """1 when one subject contains the other, else the Dice coefficient of their character bigrams."""
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    ga, gb = _bigrams(a), _bigrams(b)
    return 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0.0


def _basis(t: Claim, o: Claim) -> tuple[str, float] | None:
    """Why a target and an outcome belong together, and how strongly; None when they do not."""
    if t.unit != o.unit or o.other_year or t.value is None or o.value is None:
        return None
    if t.indicator and t.indicator == o.indicator:
        return "indicator", 3 + _similar(t.subject, o.subject)
    if t.indicator or o.indicator:
        return None  # one is GDP, the other is not
    if t.about and t.about == o.about:
        return "entity", 2 + _similar(t.subject, o.subject)
    if t.about and o.about:
        return None
    sim = _similar(t.subject, o.subject)
    if sim >= 0.6:
        return "subject", 1 + sim
    return None


def _signed(c: Claim) -> Decimal:
    assert c.value is not None
    return -c.value if c.decrease else c.value


def judge(t: Claim, o: Claim) -> tuple[str, str]:
    """The verdict on a numeric target and its outcome, and a one-line explanation in Chinese."""
    assert t.value is not None and o.value is not None
    rate = t.unit in RATE_UNITS
    tol = abs(t.value) * TOLERANCE if t.qualifier == "Approximately" else Decimal(0)
    from govkg.extract import lexicon  # the indicator table; loaded only when a numeric promise is judged

    lower_better = bool(t.indicator and lexicon.indicator(t.indicator).lower_is_better)
    ceiling = t.qualifier in ("AtMost", "LessThan")
    said = f"目标{t.raw}，实际{o.raw}"
    if ceiling:
        ok = _signed(o) <= _signed(t) + tol
        return ("met", f"{said}：未超过上限") if ok else ("missed", f"{said}：超过上限")
    if t.decrease and not o.decrease:
        return "missed", f"{said}：目标为下降，实际未下降"
    if t.decrease:
        # 下降3% set as a goal: a larger fall is better
        tv, ov, lower_better = t.value, o.value, False
    else:
        tv, ov = t.value, _signed(o)
    lo, hi = (tv - tol, (t.value_max if t.value_max is not None else tv) + tol)
    if lower_better:
        if ov < lo:
            return "exceeded", f"{said}：低于目标（越低越好）"
        if ov <= hi:
            return "met", f"{said}：达到目标" + ("（容差±5%）" if tol else "")
        return "missed", f"{said}：高于目标（越低越好）"
    if ov > hi:
        return "exceeded", f"{said}：超过目标" + ("（容差±5%）" if tol else "")
    if ov >= lo:
        return "met", f"{said}：达到目标" + ("（容差±5%）" if tol else "")
    if rate or ov <= 0:
        return "missed", f"{said}：低于目标"
    return "partly", f"{said}：完成目标的{(ov / tv * 100).quantize(Decimal(1))}%"


def judge_stage(t: Claim, o: Claim) -> tuple[str, str]:
    assert t.stage and o.stage
    said = f"目标{STAGE_NAMES[t.stage]}，实际{STAGE_NAMES[o.stage]}"
    rt, ro = STAGE_RANK[t.stage], STAGE_RANK[o.stage]
    if ro > rt:
        return "exceeded", f"{said}：超过承诺阶段"
    if ro == rt:
        return "met", f"{said}：达到承诺阶段"
    return "partly", f"{said}：未达到承诺阶段"


def match(plan: ReportClaims, reviews: list[ReportClaims]) -> list[Check]:
    """Check every target of `plan` against the outcomes of the reviews of the same region and year."""
    year = plan.plan_year
    outcomes = [o for r in reviews for o in r.outcomes if o.year == year]
    # `_basis` pairs only a target and an outcome of the same unit: look only there (order kept, so ties break alike)
    numeric: dict[str, list[Claim]] = {}
    for o in outcomes:
        if o.stage is None and o.value is not None and not o.other_year:
            numeric.setdefault(o.unit, []).append(o)
    checks: list[Check] = []
    for t in plan.targets:
        if t.stage is not None:
            if t.stage == "planned" or not t.about:
                continue  # 谋划/规划: not a promise of a stage
            found = [o for o in outcomes if o.stage and o.about == t.about]
            if not found and t.about_label:
                # 滨河快速路二期 promised, 滨河快速路二期主线 reported: a named part of the same project
                found = [o for o in outcomes if o.stage and o.about_label and len(t.about_label) >= 4
                         and (o.about_label.startswith(t.about_label) or t.about_label.startswith(o.about_label))
                         and min(len(o.about_label), len(t.about_label)) >= 4]
            if found:
                best = max(found, key=lambda o: (STAGE_RANK[o.stage or "planned"], -o.order))
                status, why = judge_stage(t, best)
                checks.append(Check(t, best, status, "stage", why))
            else:
                checks.append(Check(t, None, "not_reported", None, f"下一年回顾未提及{t.about_label}的进展"))
            continue
        if t.other_year or (t.year is not None and year is not None and t.year != year):
            continue  # 到2025年…: a goal for another year (its own gk:year), judged by no review of this year
        scored = [(b, o) for o in numeric.get(t.unit, ()) if (b := _basis(t, o)) is not None]
        if scored:
            (basis, _score), o = max(scored, key=lambda bo: (bo[0][1], -bo[1].order))
            status, why = judge(t, o)
            checks.append(Check(t, o, status, basis, why))
        else:
            checks.append(Check(t, None, "not_reported", None, f"下一年回顾中未找到与“{t.raw}”对应的数值"))
    return checks


# ---------------------------------------------------------------- RDF
def check_iri(c: Check) -> str:
    return iris.check_iri(c.target.iri)


@cache
def _terms() -> dict[str, ox.NamedNode]:
    """The fixed IRIs of a check, made once as pyoxigraph terms (a plan has hundreds of checks, a dataset thousands)."""
    named = {"type": V.REUSED["type"], "label": V.REUSED["label"], "derived": V.REUSED["wasDerivedFrom"],
             "gYear": V.REUSED["gYear"], "PromiseCheck": V.PromiseCheck, "Entity": V.REUSED["Entity"],
             "promise": V.promise, "status": V.promiseStatus, "explanation": V.explanation, "year": V.year,
             "outcome": V.outcome, "matchedBy": V.matchedBy}
    named |= {f"status:{k}": v for k, v in V.PROMISE_STATUSES.items()}
    named |= {f"basis:{k}": v for k, v in V.MATCH_BASES.items()}
    return {k: ox.NamedNode(str(v)) for k, v in named.items()}


def triples(checks: Iterable[Check]) -> list[ox.Triple]:
    """The promise checks as RDF (pyoxigraph terms), ready for a named graph of their own."""
    out: list[ox.Triple] = []
    T = _terms()
    Triple, Node, Literal = ox.Triple, ox.NamedNode, ox.Literal
    for c in checks:
        n = Node(check_iri(c))
        label = c.target.raw if c.target.stage is None else f"{c.target.about_label}{STAGE_NAMES[c.target.stage]}"
        out += [Triple(n, T["type"], T["PromiseCheck"]), Triple(n, T["type"], T["Entity"]),
                Triple(n, T["label"], Literal(f"{c.target.year}年目标：{label}", language="zh")),
                Triple(n, T["promise"], Node(c.target.iri)),
                Triple(n, T["status"], T[f"status:{c.status}"]),
                Triple(n, T["explanation"], Literal(c.explanation, language="zh"))]
        if c.target.year is not None:
            out.append(Triple(n, T["year"], Literal(f"{c.target.year:04d}", datatype=T["gYear"])))
        out.append(Triple(n, T["derived"], Node(c.target.statement)))
        if c.outcome is not None:
            out += [Triple(n, T["outcome"], Node(c.outcome.iri)), Triple(n, T["derived"], Node(c.outcome.statement))]
        if c.basis is not None:
            out.append(Triple(n, T["matchedBy"], T[f"basis:{c.basis}"]))
    return out
