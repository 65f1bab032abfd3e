"""The promises page: each plan target beside the next review's outcome and the verdict, as one offline HTML table.

Like the network view, the page fetches nothing: its Content-Security-Policy admits only its own script (by hash),
and every string reaches the page through textContent.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Any

from govkg.export import write_atomic
from govkg.export.html import _script_hash, _static, safe_json
from govkg.promises import STAGE_NAMES, Check

#: Verdicts in the order the page lists them: (key, Chinese, English), as in the ontology's gk:PromiseStatusScheme.
STATUSES = [("exceeded", "超额完成", "exceeded"), ("met", "完成", "met"), ("partly", "部分完成", "partly met"),
            ("missed", "未完成", "missed"), ("not_reported", "未见报告", "not reported")]
#: Match bases by their English label (what the named query returns) -> Chinese label (gk:MatchBasisScheme).
BASES = {"by indicator": "按统计指标", "by entity": "按实体", "by subject": "按计量对象", "by project stage": "按项目阶段"}
BASIS_LABELS = {"indicator": "by indicator", "entity": "by entity", "subject": "by subject", "stage": "by project stage"}
COLUMNS = ("year", "regionName", "status", "matchedBy", "target", "targetStage", "achievement", "achievedStage",
           "targetSentence", "achievementSentence", "explanation", "targetReport", "achievementReport", "check")
#: Project stages by the local name of their gk:ProjectStatusScheme concept (what the named query returns).
STAGE_CONCEPTS = {"planned": "Planned", "started": "Started", "under_construction": "UnderConstruction",
                  "completed": "Completed", "in_use": "InUse"}


def _shown(c: Any) -> str:
    return c.raw if c.stage is None else c.about_label


def _stage(c: Any) -> str:
    return STAGE_CONCEPTS[c.stage] if c.stage else ""


def rows_from_checks(checks: list[Check], labels: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """Page rows straight from the checks of a batch build (no store needed)."""
    from govkg.promises import check_iri

    rows = []
    for c in checks:
        t, o = c.target, c.outcome
        report_label, region_label = labels.get(t.report, ("", ""))
        rows.append({
            "year": str(t.year or ""),
            "regionName": region_label,
            "status": c.status,
            "matchedBy": BASIS_LABELS[c.basis] if c.basis else "",
            "target": _shown(t),
            "targetStage": _stage(t),
            "achievement": _shown(o) if o is not None else "",
            "achievedStage": _stage(o) if o is not None else "",
            "targetSentence": t.sentence,
            "achievementSentence": o.sentence if o is not None else "",
            "explanation": c.explanation,
            "targetReport": report_label,
            "achievementReport": labels.get(o.report, ("", ""))[0] if o is not None else "",
            "check": check_iri(c),
        })
    return sort_rows(rows)


def sort_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=lambda r: (r["regionName"], r["year"], r["targetReport"], r["check"]))


def rows_from_files(paths: list[Path]) -> list[dict[str, str]]:
    """Page rows from built files (dataset.trig, or report graphs with promises.ttl), through the named query."""
    from govkg import query as Q
    from govkg import store as S

    st = S.memory_store(paths)
    result = S.run_local(st, Q.named_query("promises").text, {}, "promises")
    rows = []
    for sol in result:  # type: ignore[union-attr]
        rows.append({c: (sol[c].value if sol[c] is not None else "") for c in COLUMNS})
    return sort_rows(rows)


def render_promises(rows: list[dict[str, str]], title: str = "承诺与兑现 · promises and results") -> str:
    counts = Counter(r["status"] for r in rows)
    regions = sorted({r["regionName"] for r in rows if r["regionName"]})
    years = sorted({r["year"] for r in rows if r["year"]})
    description = (f"{'、'.join(regions) or '—'}，{years[0]}–{years[-1]}年：" if years else "") + \
        f"{len(rows)} 项目标与下一年回顾的对照。 Each plan target beside what the next year's review reported."
    data = {
        "title": title,
        "description": description,
        "rows": [{k: v for k, v in r.items() if k != "check"} for r in rows],  # IRIs stay out of the page
        "statuses": [{"key": k, "zh": zh, "en": en, "count": counts.get(k, 0)} for k, zh, en in STATUSES],
        "names": {k: zh for k, zh, _en in STATUSES},
        "bases": BASES,
        "stages": {STAGE_CONCEPTS[k]: v for k, v in STAGE_NAMES.items()},
        "noOutcome": "（下一年回顾未提及）",
    }
    script = _static("promises.js")
    policy = (f"default-src 'none'; script-src {_script_hash(script)}; style-src 'unsafe-inline'; "
              "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title)} · govkg</title>\n<style>\n{_static('promises.css')}</style>\n</head>\n<body>\n"
        "<header><h1 id=\"title\">govkg</h1><p id=\"description\"></p></header>\n"
        "<div id=\"controls\"><input id=\"search\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" "
        "placeholder=\"搜索 search\" aria-label=\"search\"><span id=\"filters\"></span></div>\n"
        "<table><thead><tr><th>地区 年份 <span class=\"en\">region, year</span></th><th>结论 <span class=\"en\">"
        "verdict</span></th><th>目标（计划） <span class=\"en\">target</span></th><th>完成情况（下一年回顾） "
        "<span class=\"en\">outcome</span></th><th>匹配依据 <span class=\"en\">matched by</span></th><th>说明 "
        "<span class=\"en\">why</span></th></tr></thead><tbody id=\"rows\"></tbody></table>\n"
        "<footer id=\"status\"></footer>\n"
        f"<script type=\"application/json\" id=\"govkg-data\">{safe_json(data)}</script>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def write_promises_page(paths: list[Path], out: Path) -> list[dict[str, str]]:
    """`govkg view --promises`: the promises page of built files."""
    rows = rows_from_files(paths)
    write_atomic(out, render_promises(rows).encode("utf-8"))
    return rows
