"""Properties over generated text: the pipeline builds or raises one of our errors, and every span quotes its text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.errors import GovkgError
from govkg.graph import build
from govkg.pipeline import run_extraction
from govkg.read import from_text

# Characters of the genre: common words of work reports, numerals, units, markers and punctuation.
CHINESE = "全区新增建设推进完成项目企业公园中心示范区产业集群年度重点任务工作回顾过去一年今年主要成绩加快改造老旧小区亿万元个家人亩北京通州副中心大学医院道路线镇村街"
NUMERALS = "一二两三四五六七八九十百千第余多"
MARKERS = "★○•、。，；：“”（）%％—-"
ALPHABET = st.sampled_from(list(CHINESE + NUMERALS + MARKERS + "0123456789０１２abcXYZ .\n\n\n  \u3000"))
#: Whole pieces of the genre, joined in random order: part headings, markers, quantities, names, page artefacts.
PIECES = (
    "2023年工作回顾\n|2024年主要任务\n|过去一年主要成绩：\n|今年重点工作\n|★|○|•|——|一、|（二）|1.|新建口袋公园12个。|"
    "完成投资4.14亿元，|增长6.5%。|加快建设银杏湖湿地公园|青溪科技园|聚焦三大主导产业|引进A、B、C等一批企业。|\n|"
    "- 3 -\n|第 4 页\n|１２|．５|万人|左右|以上"
)
WORDS = st.sampled_from(PIECES.split("|"))
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=200),
    st.lists(st.one_of(WORDS, st.text(ALPHABET, max_size=12)), max_size=40).map("".join),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_pipeline_builds_or_raises_our_error(text: str) -> None:
    try:
        doc = from_text(text, "generated.txt")
        x = run_extraction(doc)
        g = build(x)
    except GovkgError as exc:
        assert "generated.txt" in str(exc)
        assert 2 <= exc.exit_code <= 6
        return
    doc = x.document
    assert len(g) > 0
    assert len(doc.raw_offsets) == len(doc.text) + 1
    for goal in x.outline.goals:
        assert goal.span.slice(doc.text) == goal.title
    for s in x.outline.statements:
        assert s.span.slice(doc.text) == s.text
    for m in x.metrics:
        assert m.span.slice(doc.text) == m.raw
    for grp in x.groups:
        assert grp.span.slice(doc.text) == grp.raw
    for e in x.entities:
        for mention in e.mentions:
            assert mention.span.slice(doc.text) == mention.surface
