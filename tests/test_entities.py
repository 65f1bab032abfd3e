"""govkg.extract.entities and govkg.resolve: names found by general rules, merged, linked, and given stable IRIs.

Every name below is invented for these tests; `_unlisted` checks that no dictionary knows it, so a rule found it.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache

import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS

from govkg import vocab as V
from govkg.extract import lexicon
from govkg.graph import build, entity_iri
from govkg.models import Entity, Extraction
from govkg.pipeline import run_extraction
from govkg.read import from_text

PLAN = "2024年重点任务\n"
REVIEW = "过去一年主要成绩\n"


def _extract(text: str, name: str = "report.txt") -> Extraction:
    x = run_extraction(from_text(text, name))
    for e in x.entities:
        for m in e.mentions:
            assert m.span.slice(x.document.text) == m.surface, (e.name, m)
    return x


def _by_name(x: Extraction) -> dict[str, Entity]:
    return {e.name: e for e in x.entities}


@cache
def _dictionary_names() -> frozenset[str]:
    names = {n for k in lexicon.known_entities() for n in (k.name, *k.aliases)}
    names |= {n for p in lexicon.places() for n in (p.name, p.short)}
    return frozenset(names)


def _unlisted(name: str) -> None:
    assert name not in _dictionary_names(), f"{name} is in a dictionary: pick an invented name"


@pytest.mark.parametrize("module", ["govkg.resolve", "govkg.extract.entities", "govkg.extract"])
def test_module_imports_on_its_own(module: str) -> None:
    """Each module imports in a fresh interpreter: no import cycle hidden by the order tests import them in."""
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1:]


# ---------------------------------------------------------------- suffix rules
SUFFIX_CASES = [
    ("○加快建设云杉湖生态公园。", "云杉湖生态公园", "Project"),
    ("○推动青石岭科技产业园扩区提质。", "青石岭科技产业园", "Area"),
    ("○支持松涛实验学院扩大办学规模。", "松涛实验学院", "Institution"),
    ("○加快建设白鹭湾再生水厂。", "白鹭湾再生水厂", "Facility"),
    ("○推动鹤鸣山隧道贯通。", "鹤鸣山隧道", "Project"),
    ("○办好第三届松涛湾马拉松。", "松涛湾马拉松", "Event"),
    ("○推动云栖路全线贯通。", "云栖路", "Project"),
]


@pytest.mark.parametrize(("line", "name", "type_"), SUFFIX_CASES, ids=[c[1] for c in SUFFIX_CASES])
def test_suffix_rules(line: str, name: str, type_: str) -> None:
    _unlisted(name)
    found = _by_name(_extract(PLAN + line + "\n"))
    assert name in found, sorted(found)
    assert found[name].type == type_


# ---------------------------------------------------------------- enumerations
ENUMERATIONS = [
    ("○引进银杉智能、北辰微芯、星河量子等一批科技企业。", ["银杉智能", "北辰微芯", "星河量子"], "Institution"),
    ("○聚焦智能装备、生物制药、数字文创三大主导产业。", ["智能装备", "生物制药", "数字文创"], "IndustryCluster"),
    ("○推进青溪路、白桦街、云栖大道等道路建设。", ["青溪路", "白桦街", "云栖大道"], "Project"),
]


@pytest.mark.parametrize(("line", "names", "type_"), ENUMERATIONS, ids=[c[2] for c in ENUMERATIONS])
def test_enumerations(line: str, names: list[str], type_: str) -> None:
    found = _by_name(_extract(PLAN + line + "\n"))
    for name in names:
        _unlisted(name)
        assert name in found, sorted(found)
        assert found[name].type == type_


# ---------------------------------------------------------------- context words
CONTEXT_CASES = [
    ("•鹿鸣书局旗舰店正式开业。", "鹿鸣书局旗舰店", "Institution"),
    ("•云帆航空落户青溪科技园。", "云帆航空", "Institution"),
    ("•成功举办第五届白鹭湾音乐节。", "白鹭湾音乐节", "Event"),
    ("•青禾村入选全国乡村治理示范村。", "全国乡村治理示范村", "Program"),
    ("•松石镇入选国家级全域旅游示范区。", "国家级全域旅游示范区", "Program"),
]


@pytest.mark.parametrize(("line", "name", "type_"), CONTEXT_CASES, ids=[c[1] for c in CONTEXT_CASES])
def test_context_words_decide(line: str, name: str, type_: str) -> None:
    _unlisted(name)
    found = _by_name(_extract(REVIEW + line + "\n"))
    assert name in found, sorted(found)
    assert found[name].type == type_


def test_designation_is_not_split_into_a_place() -> None:
    found = _by_name(_extract(REVIEW + "•青禾村入选全国乡村治理示范村。\n"))
    assert "示范村" not in found
    assert found["青禾村"].type == "Area"


# ---------------------------------------------------------------- nesting, aliases, IRIs
@pytest.mark.parametrize(
    ("line", "outer", "inner"),
    [
        ("○推动云杉大学青溪创新基地开工建设。", "云杉大学青溪创新基地", "云杉大学"),
        ("○加快建设北辰理工大学青溪校区。", "北辰理工大学青溪校区", "北辰理工大学"),
    ],
    ids=["base-of-a-university", "campus-of-a-university"],
)
def test_nested_name_is_linked(line: str, outer: str, inner: str) -> None:
    _unlisted(outer)
    _unlisted(inner)
    found = _by_name(_extract(PLAN + line + "\n"))
    assert outer in found and inner in found, sorted(found)
    assert found[inner].type == "Institution"
    assert inner in found[outer].associated_with
    assert [m.nested_in for m in found[inner].mentions] == [outer]


@pytest.mark.parametrize(
    ("text", "long", "short"),
    [
        ("○加快地铁银杏线建设。\n○银杏线年内实现通车。\n", "地铁银杏线", "银杏线"),
        ("○推进北京银杏湖湿地公园建设。\n○银杏湖湿地公园年内开园。\n", "北京银杏湖湿地公园", "银杏湖湿地公园"),
    ],
)
def test_locator_prefixed_form_is_an_alias(text: str, long: str, short: str) -> None:
    x = _extract(PLAN + text)
    holders = [e for e in x.entities if short in (e.name, *e.aliases) or long in (e.name, *e.aliases)]
    assert len(holders) == 1, [e.name for e in holders]
    e = holders[0]
    assert {e.name, *e.aliases} >= {long, short}
    assert sorted(m.surface for m in e.mentions) == sorted([long, short])


def test_same_name_same_iri_across_reports() -> None:
    a = _extract(PLAN + "○加快建设云杉湖生态公园，新增绿地20公顷。\n", "青溪区-2024.txt")
    b = _extract(REVIEW + "•云杉湖生态公园建成开放。\n•新建口袋公园12个。\n", "白鹭县-2023.txt")
    assert "云杉湖生态公园" in _by_name(a) and "云杉湖生态公园" in _by_name(b)

    def iri(x: Extraction) -> URIRef:
        g = build(x)
        (node,) = [s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == "云杉湖生态公园"]
        return node

    assert iri(a) == iri(b) == entity_iri("云杉湖生态公园")
    assert str(iri(a)).startswith(str(V.ID))
    assert "青溪区" not in str(iri(a)) and "2024" not in str(iri(a))


def test_iri_ignores_quotes_and_width() -> None:
    assert entity_iri("“云杉湖生态公园”") == entity_iri("云杉湖生态公园")
    assert entity_iri("银杏线１号段") == entity_iri("银杏线1号段")


# ---------------------------------------------------------------- what is not an entity
@pytest.mark.parametrize(
    "line",
    [
        "○改造老旧小区30个，新建养老机构5家。",
        "○推进老旧小区、养老机构、社区食堂等民生设施建设。",
        "○新建口袋公园12个，改造社区卫生服务站5个。",
        "○支持高新技术企业和科技型中小企业做大做强。",
    ],
)
def test_generic_nouns_are_not_entities(line: str) -> None:
    assert [e.name for e in _extract(PLAN + line + "\n").entities] == []


def test_entities_are_sorted_and_unique() -> None:
    x = _extract(PLAN + "○推进青溪路、白桦街、云栖大道等道路建设。\n○加快建设云杉湖生态公园。\n")
    names = [e.name for e in x.entities]
    assert names == sorted(set(names))


# ---------------------------------------------------------------- each candidate rule alone, over its own examples
from govkg.extract.entities import Unit as _Unit  # noqa: E402
from govkg.extract.rulebook import CANDIDATE_RULES  # noqa: E402

_RULE_CASES = [(r.name, text, names, True) for r in CANDIDATE_RULES for text, names in r.produces] + [
    (r.name, text, names, False) for r in CANDIDATE_RULES for text, names in r.avoids]


@pytest.mark.parametrize(("rule", "text", "names", "produced"), _RULE_CASES,
                         ids=[f"{r}:{'+' if p else '-'}{t[:12]}" for r, t, _, p in _RULE_CASES])
def test_candidate_rule_examples(rule: str, text: str, names: tuple[str, ...], produced: bool) -> None:
    r = next(x for x in CANDIDATE_RULES if x.name == rule)
    kind = r.kinds[0]
    got = {c.name for c in r.fn(_Unit(text, 0, "s" if kind != "heading" else None, None, kind), 0)}
    if produced:
        assert set(names) <= got, got
    else:
        assert not (set(names) & got), got


def test_every_candidate_rule_is_documented_and_runs() -> None:
    from govkg.extract.entities import find_candidates

    assert {r.name for r in CANDIDATE_RULES} >= {"assignment", "suffix", "enumeration", "context", "quoted", "session"}
    assert all(len(r.doc) >= 20 for r in CANDIDATE_RULES)
    assert find_candidates([_Unit("加快建设武侯科创中心。", 0, "s", None)])
