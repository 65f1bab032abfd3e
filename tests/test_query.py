"""govkg query: named queries give the graph's real content, parameters stay terms, every output format parses back."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rich.cells import cell_len
from typer.testing import CliRunner

from govkg import vocab as V
from govkg.cli import app
from govkg.errors import QueryError
from govkg.query import bind, iri_for_display, named_queries, parse_header, query_form, render, with_values
from govkg.store import memory_store, run_local

GK = str(V.GK)


@pytest.fixture(scope="module")
def graph(bundled_ttl: Path) -> Graph:
    return Graph().parse(bundled_ttl, format="turtle")


def run(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["query", *args])
    assert result.exit_code == 0, result.stderr
    return result


def rows(runner: CliRunner, data: Path, name: str, *params: str) -> list[dict[str, str]]:
    """A query's JSON results as dicts of lexical values."""
    args = [name, "--data", str(data), "--format", "json"]
    for p in params:
        args += ["--param", p]
    doc = json.loads(run(runner, *args).stdout)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def label(g: Graph, node: Any) -> str:
    return str(g.value(node, RDFS.label))


def local(iri: Any) -> str:
    return str(iri).split("#")[-1]


# ---------------------------------------------------------------- the named queries, against rdflib
def test_the_named_queries_are_shipped() -> None:
    queries = named_queries()
    assert {
        "entities-by-goal",
        "entity",
        "projects-by-area",
        "metrics",
        "institutions-by-tasks",
        "targets-vs-achievements",
        "promises",
        "provenance",
    } <= set(queries)
    for q in queries.values():
        assert q.title and query_form(q.text) == "select"
        for p in q.params:  # pyoxigraph substitutes only projected variables
            assert re.search(rf"SELECT[^{{]*\?{p}\b", q.text), (q.source, p)


def test_entities_by_goal_include_sub_goals(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    got = rows(runner, bundled_ttl, "entities-by-goal", "goal=聚焦产业集群打造")
    tops = [g for g, t in graph.subject_objects(RDFS.label) if "聚焦产业集群打造" in str(t)]
    expected = set()
    for top in tops:
        goals, todo = {top}, [top]
        while todo:  # gk:subGoalOf*, by hand
            for sub in graph.subjects(V.subGoalOf, todo.pop()):
                if sub not in goals:
                    goals.add(sub)
                    todo.append(sub)
        for goal in goals:
            for st in graph.subjects(V.serves, goal):
                for e in graph.objects(st, V.mentions):
                    for cls in graph.objects(e, RDF.type):
                        expected.add((label(graph, top), local(cls), label(graph, e)))
    assert {(r["heading"], r["type"], r["entity"]) for r in got} == expected
    assert len(expected) > 5 and all(r["goal"] == "聚焦产业集群打造" for r in got)
    # the chapter's own statements name none of these: they come through its sections
    assert ("聚焦产业集群打造，培育壮大经济发展新动能", "Project", "东直门中医院国家医学中心") in expected


def test_entity_everything_about_one(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    got = rows(runner, bundled_ttl, "entity", "name=运河商务区")
    by_aspect: dict[str, set[str]] = {}
    for r in got:
        by_aspect.setdefault(r["aspect"], set()).add(r["value"])
    node = next(graph.subjects(RDFS.label, Literal("运河商务区", lang="zh")))
    assert by_aspect["class"] == {str(c) for c in graph.objects(node, RDF.type)} == {GK + "Area"}
    assert by_aspect["statement"] == {str(graph.value(s, V.text)) for s in graph.subjects(V.mentions, node)}
    assert by_aspect["goal"] == {label(graph, g) for g in graph.objects(node, V.serves)}
    assert "440万平方米 (Achieved 2022)" in by_aspect["metric"]
    assert all(r["source"].startswith("tongzhou-2023.txt:") for r in got if r["aspect"] == "statement")
    # found by an alias too
    alias = rows(runner, bundled_ttl, "entity", "name=小巨人")
    assert {r["value"] for r in alias if r["aspect"] == "label"} == {"专精特新小巨人企业"}


def test_projects_by_area(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    got = {(r["area"], r["project"], r["link"]) for r in rows(runner, bundled_ttl, "projects-by-area")}
    assert ("运河商务区", "行政办公区二期", "named with") in got
    areas = set(graph.subjects(RDF.type, V.Area))
    projects = set(graph.subjects(RDF.type, V.Project))
    expected = {(label(graph, a), label(graph, p), "located in") for p, a in graph.subject_objects(V.locatedIn)
                if p in projects and a in areas}
    for st in set(graph.subjects(V.mentions, None)):
        named = set(graph.objects(st, V.mentions))
        for a in named & areas:
            for p in named & projects:
                if (p, V.locatedIn, a) not in graph:
                    expected.add((label(graph, a), label(graph, p), "named with"))
    assert got == expected
    only = rows(runner, bundled_ttl, "projects-by-area", "area=运河商务区")
    assert [(r["area"], r["project"]) for r in only] == [("运河商务区", "行政办公区二期")]


def test_metrics_by_year_and_kind(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    metrics = list(graph.subjects(RDF.type, V.Metric))
    assert len(rows(runner, bundled_ttl, "metrics")) == len(metrics) > 20
    got = rows(runner, bundled_ttl, "metrics", "year=2023", "kind=gk:Target")
    expected = [m for m in metrics if str(graph.value(m, V.year)) == "2023" and graph.value(m, V.kind) == V.Target]
    assert len(got) == len(expected) > 5
    assert {r["raw"] for r in got} == {str(graph.value(m, V.rawText)) for m in expected}
    assert all(r["year"] == "2023" and r["kind"] == GK + "Target" for r in got)
    assert rows(runner, bundled_ttl, "metrics", "year=1999") == []


def test_institutions_by_tasks(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    counts: Counter[str] = Counter()
    for org in graph.subjects(RDF.type, V.Institution):
        tasks = {t for p in (V.mentions, V.leadUnit, V.supportUnit) for t in graph.subjects(p, org)
                 if (t, RDF.type, V.Task) in graph}
        if tasks:
            counts[label(graph, org)] = len(tasks)
    got = rows(runner, bundled_ttl, "institutions-by-tasks")
    assert {r["institution"]: int(r["tasks"]) for r in got} == dict(counts)
    assert [int(r["tasks"]) for r in got] == sorted((int(r["tasks"]) for r in got), reverse=True)


def test_institutions_by_tasks_count_the_tasks_of_a_divided_item(runner: CliRunner, reports_dir: Path,
                                                               tmp_path: Path) -> None:
    """A task-division item of two sentences is a gk:Paragraph carrying its unit lines; each of its two tasks counts
    for its lead unit, and the paragraph itself is no task (issue 12)."""
    from govkg.export.rdf import serialize
    from govkg.pipeline import build_path

    text = (reports_dir / "task-division.txt").read_text(encoding="utf-8")
    item = "2.加快新国展二期建设，全年举办展会不少于40场。"
    path = tmp_path / "divided.txt"
    path.write_text(text.replace(item, "2.加快新国展二期建设，全年举办展会不少于40场；推动会展业发展。"), encoding="utf-8")
    g = build_path(path).graph
    (paragraph,) = g.subjects(RDF.type, V.Paragraph)
    assert label(g, g.value(paragraph, V.leadUnit)) == "区商务局"
    ttl = tmp_path / "divided.ttl"
    ttl.write_bytes(serialize(g, "turtle"))
    got = {r["institution"]: int(r["tasks"]) for r in rows(runner, ttl, "institutions-by-tasks")}
    org = g.value(paragraph, V.leadUnit)
    direct = {t for p in (V.mentions, V.leadUnit, V.supportUnit) for t in g.subjects(p, org) if (t, RDF.type, V.Task) in g}
    sentences = set(g.subjects(DCTERMS.isPartOf, paragraph))
    assert len(sentences) == 2 and not direct & sentences
    assert got["区商务局"] == len(direct) + 2


def test_targets_vs_achievements(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    got = rows(runner, bundled_ttl, "targets-vs-achievements")
    assert {r["entity"] for r in got} == {label(graph, e) for e in graph.objects(None, V.about)}
    byname = {r["entity"]: r for r in got}
    assert "440万平方米" in byname["运河商务区"]["achieved"] and "target" not in byname["运河商务区"]
    # a plan's targets are of 2023; a count of stations built in a township is no target of the township's (issue 11)
    assert all(r["target"].startswith("2023: ") for r in got if r.get("target"))
    assert "于家务回族乡" not in byname and "区体育场" not in byname


def test_provenance_offsets_point_at_the_quote(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    got = rows(runner, bundled_ttl, "provenance")
    facts = set(graph.subjects(V.statedIn, None)) | set(graph.subjects(V.text, None))
    assert {r["fact"] for r in got} == {str(f) for f in facts if (f, V.startOffset, None) in graph}
    clean = str(next(graph.objects(None, V.cleanText)))
    for r in got:
        assert clean[int(r["start"]) : int(r["end"])] == r["quote"], r
    metric = next(r for r in got if "/metric/" in r["fact"])
    one = rows(runner, bundled_ttl, "provenance", f"fact={iri_for_display(metric['fact'])}")
    assert one == [metric]


# ---------------------------------------------------------------- parameters are terms
@pytest.mark.parametrize(
    "value",
    ['聚焦"} } ; DROP ALL #', "x' . ?s ?p ?o } #", "}} UNION { ?a ?b ?c }", "#", '\\u0022) }', "a\nb\\"],
)
def test_parameters_cannot_change_the_query(runner: CliRunner, bundled_ttl: Path, value: str) -> None:
    got = rows(runner, bundled_ttl, "entities-by-goal", f"goal={value}")
    assert got == []  # no heading contains it; the value did not become SPARQL
    table = run(runner, "entities-by-goal", "--data", str(bundled_ttl), "-p", f"goal={value}")
    assert "(0 rows)" in table.stdout


@pytest.mark.parametrize("value", ['运河商务区"@zh } #', '"} UNION { ?entity ?p ?o } #', "运河商务区"])
def test_values_block_for_endpoints_binds_the_same_term(bundled_ttl: Path, value: str) -> None:
    """The text sent to a remote endpoint parses, and gives exactly what substitution gives."""
    store = memory_store([bundled_ttl])
    q = named_queries()["entity"]
    terms = bind(q, [f"name={value}"])
    text = with_values(q.text, terms)
    assert str(terms["name"]) in text
    direct = render(run_local(store, q.text, terms), "csv")
    assert render(run_local(store, text, {}), "csv") == direct
    assert (value == "运河商务区") == (direct.count("\n") > 5)


def test_iri_parameters_are_checked(runner: CliRunner, bundled_ttl: Path) -> None:
    result = runner.invoke(app, ["query", "provenance", "--data", str(bundled_ttl), "-p", "fact=gkid:a> } #"])
    assert result.exit_code == QueryError.exit_code
    assert "not a valid iri" in result.stderr
    result = runner.invoke(app, ["query", "metrics", "--data", str(bundled_ttl), "-p", "year=twenty"])
    assert result.exit_code == QueryError.exit_code and "gYear" in result.stderr


def test_unknown_parameter_of_a_named_query(runner: CliRunner, bundled_ttl: Path) -> None:
    result = runner.invoke(app, ["query", "metrics", "--data", str(bundled_ttl), "-p", "colour=red"])
    assert result.exit_code == QueryError.exit_code
    assert "parameters: year, kind" in result.stderr


def test_header_declares_parameters(tmp_path: Path, runner: CliRunner, bundled_ttl: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "# Labels of one class\n# param cls iri = gk:Area : the class\n"
        "SELECT ?cls ?name WHERE { ?x a ?cls ; rdfs:label ?name } ORDER BY ?name\n",
        encoding="utf-8",
    )
    q = parse_header(rq.read_text(encoding="utf-8"), str(rq))
    assert q.title == "Labels of one class" and q.params["cls"].default == "gk:Area"
    out = run(runner, str(rq), "--data", str(bundled_ttl), "-f", "csv").stdout
    assert "运河商务区" in out and "行政办公区二期" not in out
    out = run(runner, str(rq), "--data", str(bundled_ttl), "-f", "csv", "-p", "cls=gk:Project").stdout
    assert "行政办公区二期" in out and "运河商务区" not in out


# ---------------------------------------------------------------- output formats
SELECT = "SELECT ?e ?name WHERE { ?e a gk:Area ; rdfs:label ?name } ORDER BY ?name"


def test_csv_parses_back(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    out = run(runner, SELECT, "--data", str(bundled_ttl), "-f", "csv").stdout
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["e", "name"]
    areas = {label(graph, a) for a in graph.subjects(RDF.type, V.Area)}
    assert {r[1] for r in table[1:]} == areas and len(table) - 1 == len(areas)
    assert all(r[0].startswith(str(V.ID)) for r in table[1:])


def test_tsv_parses_back(runner: CliRunner, bundled_ttl: Path) -> None:
    out = run(runner, SELECT, "--data", str(bundled_ttl), "-f", "tsv").stdout
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == ["?e", "?name"]
    assert ["<https://w3id.org/govkg/id/运河商务区>", '"运河商务区"@zh'] in lines


def test_json_is_w3c_sparql_results(runner: CliRunner, bundled_ttl: Path) -> None:
    doc = json.loads(run(runner, SELECT, "--data", str(bundled_ttl), "-f", "json").stdout)
    assert doc["head"]["vars"] == ["e", "name"]
    cell = next(b for b in doc["results"]["bindings"] if b["name"]["value"] == "运河商务区")
    assert cell["e"] == {"type": "uri", "value": "https://w3id.org/govkg/id/运河商务区"}
    assert cell["name"] == {"type": "literal", "value": "运河商务区", "xml:lang": "zh"}
    ask = json.loads(run(runner, "ASK { ?r a gk:Report }", "--data", str(bundled_ttl), "-f", "json").stdout)
    assert ask == {"head": {}, "boolean": True}


def test_turtle_for_construct(runner: CliRunner, bundled_ttl: Path, graph: Graph) -> None:
    q = "CONSTRUCT { ?e rdfs:label ?n } WHERE { ?e a gk:Project ; rdfs:label ?n }"
    out = run(runner, q, "--data", str(bundled_ttl), "-f", "turtle").stdout
    g = Graph().parse(data=out, format="turtle")
    assert len(g) == len(set(graph.subjects(RDF.type, V.Project))) > 10
    assert (URIRef(str(V.ID) + "行政办公区二期"), RDFS.label, Literal("行政办公区二期", lang="zh")) in g
    assert out.startswith("@prefix") and "gkid:行政办公区二期" in out


def test_table_aligns_chinese_and_shortens_iris(runner: CliRunner, bundled_ttl: Path) -> None:
    out = run(runner, "entity", "--data", str(bundled_ttl)).stdout
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["name", "aspect", "value", "source"])
    starts = [cell_len(lines[header][: lines[header].index(c)]) for c in ("aspect", "value", "source")]
    body = [line for line in lines[header + 2 :] if line.strip() and not line.startswith("(")]
    assert len(body) > 5
    for line in body:
        cells = re.split(r"\s{2,}", line.strip())
        assert cell_len(line[: line.index(cells[1], len(cells[0]))]) == starts[0], line
        assert cell_len(line[: line.index(cells[2], line.index(cells[1]) + len(cells[1]))]) == starts[1], line
    assert any(" gk:Area" in line for line in body)  # shortened with our prefixes
    assert lines[-1] == f"({len(body)} rows)"


@pytest.mark.parametrize(("query", "fmt"), [(SELECT, "turtle"), ("CONSTRUCT WHERE { ?s a gk:Report }", "csv")])
def test_format_that_does_not_fit_the_query_form(runner: CliRunner, bundled_ttl: Path, query: str, fmt: str) -> None:
    result = runner.invoke(app, ["query", query, "--data", str(bundled_ttl), "-f", fmt])
    assert result.exit_code == 2 and result.stderr.startswith("govkg: error: ")


def test_query_several_files_and_formats(runner: CliRunner, bundled_ttl: Path, second_ttl: Path, tmp_path: Path) -> None:
    from govkg.export.rdf import serialize

    g = Graph().parse(second_ttl)
    nt = tmp_path / "tiny-plan.nt"
    nt.write_bytes(serialize(g, "nt"))
    jsonld = tmp_path / "tiny-plan.jsonld"
    jsonld.write_bytes(serialize(g, "jsonld"))
    trig = tmp_path / "tiny-plan.trig"
    trig.write_bytes(serialize(g, "trig"))
    q = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?r { ?x a gk:Report } }"
    for other in (second_ttl, nt, jsonld, trig):
        out = run(runner, q, "--data", str(bundled_ttl), "--data", str(other), "-f", "csv").stdout
        assert out.split() == ["n", "2"], other


# ---------------------------------------------------------------- bad input
def test_malformed_query_gives_line_and_column(runner: CliRunner, bundled_ttl: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "SELECT ?x\nWHERE { ?x a gk:Report", "--data", str(bundled_ttl)])
    assert result.exit_code == QueryError.exit_code
    assert re.fullmatch(r"govkg: error: query:2:\d+: SPARQL syntax error: .+\n", result.stderr), result.stderr
    rq = tmp_path / "bad.rq"
    rq.write_text("PREFIX x: <http://x/>\nSELECT * WHERE {\n  ?s nope:p ?o }\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(rq), "--data", str(bundled_ttl)])
    assert result.exit_code == QueryError.exit_code
    assert f"{rq}:3:" in result.stderr and "undeclared prefix" in result.stderr


def test_unknown_named_query_lists_the_available_ones(runner: CliRunner, bundled_ttl: Path) -> None:
    result = runner.invoke(app, ["query", "no-such-query", "--data", str(bundled_ttl)])
    assert result.exit_code == QueryError.exit_code
    assert "available: " in result.stderr
    assert all(name in result.stderr for name in named_queries())


def test_list(runner: CliRunner) -> None:
    out = run(runner, "--list").stdout
    assert all(name in out for name in named_queries()) and "--param goal=" in out


@pytest.mark.parametrize(
    "args",
    [["entity"], ["entity", "--data", "a.ttl", "--store", "s"], [], ["entity", "--data", "x.ttl", "-f", "xml"]],
)
def test_usage_errors(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["query", *args])
    assert result.exit_code == 2 and result.stderr.startswith("govkg: error: ")


def test_bad_data_files(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix gk: <https://w3id.org/govkg/def#> .\n\ngk:a gk:b "unclosed .\n', encoding="utf-8")
    for path, words in [(bad, f"{bad}:3: not valid"), (tmp_path / "missing.ttl", "no such file")]:
        result = runner.invoke(app, ["query", "entity", "--data", str(path)])
        assert result.exit_code == 3, result.stderr
        assert words in result.stderr and len(result.stderr.splitlines()) == 1


def test_render_ask_and_empty(bundled_ttl: Path) -> None:
    store = memory_store([bundled_ttl])
    assert render(run_local(store, "ASK { ?x a gk:Nothing }", {}), "table") == "false\n"
    assert render(run_local(store, "SELECT ?x WHERE { ?x a gk:Nothing }", {}), "csv").split() == ["x"]
    with pytest.raises(QueryError):
        run_local(store, "SELECT ?x WHERE { ?x a ?t FILTER(?t = ?p) }", {"p": ox.NamedNode(str(V.Area))})


def test_a_long_one_line_query_is_text_not_a_file_name(runner: CliRunner, bundled_ttl: Path) -> None:
    """Issue 12: a one-line query longer than a file name may be (255 bytes) once failed with 'File name too long'."""
    label = "通州区2023年政府工作报告摘要"
    q = (f'SELECT ?r WHERE {{ ?r rdfs:label ?l . '
         f'FILTER(CONTAINS(STR(?l), "{label}") || CONTAINS(STR(?l), "{"这是一个很长的过滤条件用来让查询超过文件名长度" * 3}")) }}')
    assert len(q.encode("utf-8")) > 255 and "\n" not in q and "/" not in q  # one path component, too long for one
    result = runner.invoke(app, ["query", q, "--data", str(bundled_ttl), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"], "the report is labelled so"


# ---------------------------------------------------------------- hand-written queries that find nothing
@pytest.mark.parametrize(("query", "hint"), [
    ('SELECT ?e WHERE { ?e rdfs:label "运河商务区" }', '"运河商务区" is a plain string'),
    ('SELECT ?e WHERE { ?e rdfs:label ?l FILTER(?l = "运河商务区") }', 'write "运河商务区"@zh'),
    ("SELECT ?m WHERE { ?m gk:year 2023 }", '2023 is a number, and govkg\'s years are xsd:gYear'),
    ('SELECT ?m WHERE { ?m gk:year "2023" }', 'write "2023"^^xsd:gYear'),
    ("ASK { ?r gk:planYear 2023 }", "2023 is a number"),
])
def test_a_query_that_finds_nothing_says_why(runner: CliRunner, bundled_ttl: Path, query: str, hint: str) -> None:
    result = runner.invoke(app, ["query", query, "--data", str(bundled_ttl), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) <= 1 or result.stdout.strip() == "false"
    assert hint in result.stderr
    assert result.stderr.startswith("govkg: warning: no results; ")
    # the query the hint proposes finds what was meant
    fixed = query.replace('"运河商务区"', '"运河商务区"@zh').replace('"2023"', "2023").replace("2023", '"2023"^^xsd:gYear')
    again = runner.invoke(app, ["query", fixed, "--data", str(bundled_ttl), "-f", "csv"])
    assert again.exit_code == 0 and not again.stderr
    assert len(again.stdout.strip().splitlines()) > 1 or again.stdout.strip() == "true"


@pytest.mark.parametrize("query", [
    'SELECT ?e WHERE { ?e rdfs:label ?l FILTER(CONTAINS(?l, "没有这样的名字")) }',  # CONTAINS matches tagged text
    'SELECT ?e WHERE { ?e rdfs:label "没有这样的名字" }',  # no tagged literal like it either: nothing to suggest
    "SELECT ?m WHERE { ?m gk:value 1949 }",  # no year 1949 in the data
    'SELECT ?e WHERE { ?e rdfs:label "运河商务区"@zh ; gk:year 2023 }',  # a hint only when nothing was found…
])
def test_no_hint_where_none_helps(runner: CliRunner, bundled_ttl: Path, query: str) -> None:
    result = runner.invoke(app, ["query", query, "--data", str(bundled_ttl), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    if "运河商务区" in query:
        assert "2023 is a number" in result.stderr  # …and then only the one that applies
        assert "plain string" not in result.stderr
    else:
        assert result.stderr == ""


def test_a_query_with_results_gets_no_hint(runner: CliRunner, bundled_ttl: Path) -> None:
    result = runner.invoke(app, ["query", 'SELECT ?m WHERE { ?m gk:year 2023 } LIMIT 1', "--data", str(bundled_ttl)])
    assert "(0 rows)" in result.stdout and "2023 is a number" in result.stderr
    result = runner.invoke(app, ["query", 'SELECT ?m WHERE { ?m gk:year ?y FILTER(STR(?y) = "2023") } LIMIT 1',
                                 "--data", str(bundled_ttl)])
    assert "(1 row)" in result.stdout and result.stderr == ""


def test_a_number_in_a_pattern_is_told_to_compare_in_a_filter(runner: CliRunner, bundled_ttl: Path) -> None:
    result = runner.invoke(app, ["query", "SELECT ?m WHERE { ?m gk:value 34 }", "--data", str(bundled_ttl)])
    assert "(0 rows)" in result.stdout and "FILTER(?value = 34)" in result.stderr
    fixed = runner.invoke(app, ["query", "SELECT ?m WHERE { ?m gk:value ?v FILTER(?v = 34) }", "--data",
                                str(bundled_ttl)])
    assert "(1 row)" in fixed.stdout and fixed.stderr == ""
    inside = runner.invoke(app, ["query", "SELECT ?m WHERE { ?m gk:value ?v FILTER(?v = 34.5) }", "--data",
                                 str(bundled_ttl)])
    assert "(0 rows)" in inside.stdout and inside.stderr == ""  # a filter already compares by value


@pytest.mark.parametrize("newline", [" ", "\n"])
def test_a_2000_byte_inline_query_with_iris_works(runner: CliRunner, bundled_ttl: Path, newline: str) -> None:
    """Slashes make a query look like a path of many long components; it is text unless such a file exists."""
    report = "<https://w3id.org/govkg/id/report/110112/2023/summary>"
    names = " ".join(f'"{n}{i}"@zh' for i in range(60) for n in ("不存在的项目名称",))
    q = newline.join([f"SELECT ?r ?l WHERE {{ VALUES ?r {{ {report} }}", "?r rdfs:label ?l .",
                      f"OPTIONAL {{ VALUES ?x {{ {names} }} ?e rdfs:label ?x }} }}"])
    assert len(q.encode("utf-8")) > 2000
    result = runner.invoke(app, ["query", q, "--data", str(bundled_ttl), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert "通州区2023年政府工作报告摘要" in result.stdout
