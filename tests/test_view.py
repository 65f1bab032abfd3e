"""govkg.export.view, html, network and the `govkg view` / `govkg export` commands, without a browser."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import re
import struct
import zlib
from pathlib import Path
from types import ModuleType

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from govkg.cli import app
from govkg.errors import InputError, UsageError
from govkg.export.html import page, render, render_graph, safe_json
from govkg.export.network import serialize as network_bytes
from govkg.export.placement import place
from govkg.export.view import make_view
from govkg.pipeline import Built, build_files

PREFIXES = """PREFIX gk: <https://w3id.org/govkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
#: What the view draws, as the graph says it: goals, statements (and paragraphs divided into them) and named entities.
NODE_CLASSES = "gk:Part gk:Goal gk:Task gk:Achievement gk:Paragraph gk:Project gk:Facility gk:Area gk:Institution " \
               "gk:Program gk:IndustryCluster gk:Event"
HOSTILE = ["<script>alert(1)</script>", "</script>", '"', "'", "<img src=x onerror=alert(1)>", "javascript:", "<!--"]


def node_count(graph: Graph) -> int:
    q = PREFIXES + f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ VALUES ?class {{ {NODE_CLASSES} }} ?n a ?class }}"
    return int(next(iter(graph.query(q)))[0])  # type: ignore[index]


def goal_view_texts(graph: Graph, goal_id: str) -> list[str]:
    """What serves one goal, computed with SPARQL alone: the goal and its sub-goals, the statements that serve
    them, the entities those statements or headings name (or name as a unit) and the entities serving them."""
    q = PREFIXES + f"""SELECT DISTINCT ?n ?text WHERE {{
      ?goal a ?class . FILTER (STRENDS(STR(?goal), "/goal/{goal_id}"))
      ?sub gk:subGoalOf* ?goal .
      {{ ?sub rdfs:label ?text . BIND (?sub AS ?n) }}
      UNION {{ ?n gk:serves ?sub ; gk:text ?text }}
      UNION {{ ?s gk:serves ?sub ; gk:text ?said ; gk:mentions|gk:leadUnit|gk:supportUnit ?n . ?n rdfs:label ?text }}
      UNION {{ ?sub gk:mentions ?n . ?n rdfs:label ?text }}
      UNION {{ ?n gk:serves ?sub ; rdfs:label ?text . FILTER NOT EXISTS {{ ?n gk:text ?any }} }}
    }}"""
    return sorted(str(row[1]) for row in graph.query(q))  # type: ignore[index]


@pytest.fixture(scope="module")
def graph(built_bundled: Built) -> Graph:
    return built_bundled.graph


@pytest.fixture(scope="module")
def ttl(tmp_path_factory: pytest.TempPathFactory, bundled_turtle: bytes) -> Path:
    path = tmp_path_factory.mktemp("view") / "tongzhou-2023.ttl"
    path.write_bytes(bundled_turtle)
    return path


@pytest.fixture(scope="module")
def hostile_page(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("hostile")
    build_files([data_dir / "hostile.txt"], out)
    return (out / "hostile.html").read_text(encoding="utf-8")


def _data(page_text: str) -> dict:
    block = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>', page_text, re.S)
    assert block, "the page has no data block"
    return json.loads(block.group(1))


# ---------------------------------------------------------------- views
def test_whole_view_has_a_node_per_goal_statement_and_entity(graph: Graph) -> None:
    view = make_view(graph)
    assert len(view.nodes) == node_count(graph) == len(set(view.nodes))
    assert view.scope == "report" and view.description == "整份报告"


def test_goal_view_holds_what_serves_the_goal_and_nothing_else(graph: Graph) -> None:
    view = make_view(graph, goal="plan-2")
    texts = sorted(view.index.text[n] for n in view.nodes)
    assert texts == goal_view_texts(graph, "plan-2")
    assert any("产业集群" in t for t in texts) and 10 < len(texts) < node_count(graph) / 2


def test_goal_by_title_or_a_unique_part_of_it(graph: Graph) -> None:
    by_id = make_view(graph, goal="plan-2").nodes
    assert make_view(graph, goal="聚焦产业集群打造").nodes == by_id


def test_entity_view_is_its_neighbourhood(graph: Graph) -> None:
    view = make_view(graph, entity="运河商务区")
    ix = view.index
    kinds = {ix.kind[n] for n in view.nodes}
    assert "运河商务区" in {ix.text[n] for n in view.nodes}
    assert {"Task", "Achievement"} & kinds and {"Goal"} & kinds
    statements = [n for n in view.nodes if ix.kind[n] in ("Task", "Achievement")]
    assert all("运河商务区" in ix.text[s] for s in statements)


def test_type_view_takes_subclasses_and_the_goals_served(graph: Graph) -> None:
    view = make_view(graph, kind="Project")
    kinds = {view.index.kind[n] for n in view.nodes}
    assert kinds <= {"Project", "Facility", "Goal", "Part"} and {"Project", "Facility"} <= kinds
    assert make_view(graph, kind="项目").nodes == view.nodes
    assert any(kind == "serves" for _, _, kind, _ in view.edges)  # no statements: entities link to goals


@pytest.mark.parametrize(("option", "value", "message"), [
    ("goal", "聚焦", "7 goals match"),
    ("goal", "no-such-goal", "no goal matches"),
    ("entity", "不存在的实体", "no entity matches"),
    ("kind", "Spaceship", "unknown class"),
])
def test_bad_selection_is_a_usage_error(graph: Graph, option: str, value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        make_view(graph, **{option: value})


def test_a_graph_without_report_nodes_is_an_input_error() -> None:
    other = Graph().parse(data="<http://example.org/a> <http://example.org/b> <http://example.org/c> .", format="nt")
    with pytest.raises(InputError, match="no goal, statement or entity"):
        make_view(other)


def test_at_most_one_selection(graph: Graph) -> None:
    with pytest.raises(UsageError, match="at most one"):
        make_view(graph, goal="plan-2", kind="Project")


def test_every_node_is_placed_and_the_outline_does_not_overlap(graph: Graph) -> None:
    view = make_view(graph)
    pos = place(view)
    assert set(pos) == set(view.nodes)
    tree = [pos[n] for n in view.nodes if view.index.kind[n] not in ("Project", "Facility", "Area", "Institution",
                                                                       "Program", "IndustryCluster", "Event")]
    assert len(set(tree)) == len(tree)
    assert place(view) == pos


# ---------------------------------------------------------------- the page
def test_build_page_equals_the_view_of_the_built_turtle(built_bundled: Built, ttl: Path) -> None:
    """`govkg build` and `govkg view graph/<stem>.ttl` give the same page: it depends on the triples alone."""
    assert render(built_bundled.extraction) == render_graph(Graph().parse(ttl))


def test_page_is_self_contained_and_its_scripts_are_pinned(built_bundled: Built) -> None:
    text = render(built_bundled.extraction)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe-inline" not in csp.group(1).split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert len(scripts) == 2
    hashes = {"sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert all(f"'{h}'" in csp.group(1) for h in hashes)
    assert "bootstrap" not in text and "cdn" not in text.lower()


def test_page_data_describes_every_node(built_bundled: Built, graph: Graph) -> None:
    data = _data(render(built_bundled.extraction))
    assert len(data["nodes"]) == node_count(graph)
    canal = next(n for n in data["nodes"] if n["t"] == "运河商务区")
    sources = [data["nodes"][i]["t"] for i in canal["src"]]
    assert sources and all("运河商务区" in s for s in sources)
    assert canal["g"] and canal["k"] == "Area"
    with_metrics = [n for n in data["nodes"] if n.get("m")]
    assert with_metrics and all(0 <= m < len(data["metrics"]) for n in with_metrics for m in n["m"])
    assert {m.get("k") for m in data["metrics"]} == {"Achieved", "Target"}


def test_safe_json_cannot_end_a_script() -> None:
    value = {"t": "</script><script>alert(1)</script> <!-- & \u2028 \u2029 'q' \"qq\""}
    text = safe_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_hostile_report_reaches_the_page_only_as_data(hostile_page: str) -> None:
    data = _data(hostile_page)
    shown = [n["t"] for n in data["nodes"]] + [a for n in data["nodes"] for a in n.get("a", [])]
    for s in HOSTILE:
        assert any(s in t for t in shown), f"{s!r} did not reach the page"
    entities = [n["t"] for n in data["nodes"] if n["k"] not in ("Part", "Goal", "Task", "Achievement")]
    assert any("</script>" in t for t in entities) and any(">" in t for t in entities)
    blocks = re.findall(r"<script\b[^>]*>(.*?)</script>", hostile_page, re.S)
    assert len(blocks) == 3 and len(re.findall(r"^<script\b", hostile_page, re.M)) == 3
    assert not re.search("[<>&]", blocks[0])  # the data: every < > & escaped
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", hostile_page, flags=re.S)
    assert "alert(" not in markup and "onerror" not in markup and "javascript:" not in markup


def test_page_is_deterministic(graph: Graph) -> None:
    view = make_view(graph)
    assert page(view) == page(make_view(graph))


# ---------------------------------------------------------------- the screenshot in the docs
def screenshot_tool(repo: Path) -> ModuleType:
    """tools/make_screenshot.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_screenshot", repo / "tools" / "make_screenshot.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_page_is_what_the_build_writes(built_bundled: Built, repo_dir: Path, tmp_path: Path) -> None:
    """graph/tongzhou-2023.html is the page of the bundled report as the view code now draws it (as `make
    check-graph` says for all of graph/); with the next test, the screenshot shows the view as it is."""
    from govkg.pipeline import write_outputs

    write_outputs(built_bundled, tmp_path)
    fresh = (tmp_path / "tongzhou-2023.html").read_bytes()
    assert (repo_dir / "graph" / "tongzhou-2023.html").read_bytes() == fresh, \
        "graph/tongzhou-2023.html differs from a fresh build; run 'make build' (then 'make docs') and commit both"


def test_docs_screenshot_was_drawn_from_the_committed_page(repo_dir: Path) -> None:
    """docs/tongzhou-2023-view.png records the sha256 of the page chromium drew it from; it must be the
    committed graph/tongzhou-2023.html, else the picture in the docs shows an older view."""
    tool = screenshot_tool(repo_dir)
    png = repo_dir / "docs" / "tongzhou-2023-view.png"
    recorded = tool.recorded_source(png.read_bytes())
    digest = hashlib.sha256((repo_dir / "graph" / "tongzhou-2023.html").read_bytes()).hexdigest()
    assert recorded == f"graph/tongzhou-2023.html sha256={digest}", \
        f"docs/tongzhou-2023-view.png was drawn from {recorded!r}; run 'make docs' and commit it"
    assert tool.check() is None


def test_screenshot_source_chunk_round_trips_and_damage_is_found(repo_dir: Path, tmp_path: Path) -> None:
    tool = screenshot_tool(repo_dir)
    raw = zlib.compress(b"\x00\xff\x00\x00")  # one red pixel, filter byte 0

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = tool.SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw) \
        + chunk(b"IEND", b"")
    assert tool.recorded_source(png) is None
    marked = tool.with_source(tool.with_source(png, "graph/a.html sha256=00"), "graph/a.html sha256=11")
    assert tool.recorded_source(marked) == "graph/a.html sha256=11"
    assert [k for k, _ in tool.chunks(marked)] == [b"IHDR", b"tEXt", b"IDAT", b"IEND"]
    damaged = bytearray(marked)
    damaged[-20] ^= 1
    with pytest.raises(ValueError, match="damaged"):
        tool.chunks(bytes(damaged))
    html, out = tmp_path / "page.html", tmp_path / "page.png"
    html.write_text("<p>one</p>", encoding="utf-8")
    out.write_bytes(tool.with_source(png, tool.source_text(html)))
    assert tool.check(html, out) is None
    html.write_text("<p>two</p>", encoding="utf-8")  # the page changed, the picture did not
    assert "run 'make docs'" in tool.check(html, out)


# ---------------------------------------------------------------- GraphML and GEXF
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_export_carries_class_label_part_and_weights(graph: Graph, fmt: str) -> None:
    view = make_view(graph)
    data = network_bytes(view, fmt)
    assert data == network_bytes(make_view(graph), fmt)
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))
    assert g.number_of_nodes() == node_count(graph)
    canal = g.nodes["entity/运河商务区"]
    assert canal["class"] == "Area" and canal["label"] == "运河商务区" and canal["goals_served"] >= 2
    assert set(canal["part"].split(",")) == {"review", "plan"}
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert {"subGoalOf", "serves", "mentions"} <= kinds
    serves = [d["weight"] for u, _, d in g.edges(data=True) if u.startswith("entity/") and d["kind"] == "serves"]
    assert serves and max(serves) > 1


# ---------------------------------------------------------------- the commands
def test_view_command_writes_utf8_page(runner: CliRunner, ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["view", str(ttl), "--out", str(out), "--goal", "plan-2"])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in text and "聚焦产业集群打造" in text
    assert "plan-2" in result.stdout


def test_view_command_merges_several_graphs(runner: CliRunner, ttl: Path, tmp_path: Path, reports_dir: Path) -> None:
    build_files([reports_dir / "tiny-plan.txt"], tmp_path)
    out = tmp_path / "both.html"
    result = runner.invoke(app, ["view", str(ttl), str(tmp_path / "tiny-plan.ttl"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = _data(out.read_text(encoding="utf-8"))
    both = node_count(Graph().parse(ttl) + Graph().parse(tmp_path / "tiny-plan.ttl"))
    assert len(data["nodes"]) == both and "、" in data["title"]


@pytest.mark.parametrize(("args", "code"), [
    (["--goal", "no-such-goal"], 2),
    (["--type", "Spaceship"], 2),
    (["--goal", "plan-2", "--entity", "运河商务区"], 2),
])
def test_view_command_usage_errors(runner: CliRunner, ttl: Path, tmp_path: Path, args: list[str], code: int) -> None:
    result = runner.invoke(app, ["view", str(ttl), "--out", str(tmp_path / "p.html"), *args])
    assert result.exit_code == code
    assert not (tmp_path / "p.html").exists()


def test_view_command_bad_input(runner: CliRunner, tmp_path: Path, repo_dir: Path) -> None:
    missing = runner.invoke(app, ["view", str(tmp_path / "none.ttl"), "--out", str(tmp_path / "p.html")])
    assert missing.exit_code == 3
    not_rdf = runner.invoke(app, ["view", str(repo_dir / "README.md"), "--out", str(tmp_path / "p.html")])
    assert not_rdf.exit_code == 3 and "cannot read as" in not_rdf.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_command(runner: CliRunner, ttl: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"kg.{fmt}"
    result = runner.invoke(app, ["export", str(ttl), "--format", fmt, "--out", str(out), "--type", "Project"])
    assert result.exit_code == 0, result.output
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert {d["class"] for _, d in g.nodes(data=True)} <= {"Project", "Facility", "Goal", "Part"}


def test_export_command_rejects_unknown_format(runner: CliRunner, ttl: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(ttl), "--format", "dot", "--out", str(tmp_path / "kg.dot")])
    assert result.exit_code == 2 and "graphml" in result.stderr
