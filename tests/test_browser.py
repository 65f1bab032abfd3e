"""The network view in a real browser: Debian's chromium driven by playwright (no `playwright install`).

Every test records each request, console message, page error and dialog of the page it opens. In CI
(GOVKG_REQUIRE_INTEGRATION=1) a missing browser or playwright fails these tests instead of skipping them.
GOVKG_SCREENSHOTS=docs keeps the screenshots of the bundled report's view there (default: a temporary directory).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, skip_or_fail
from rdflib import Graph
from test_view import HOSTILE, PREFIXES, goal_view_texts, node_count

from govkg.cli import app
from govkg.export.html import page as render_page
from govkg.export.view import make_view
from govkg.pipeline import Built, build_files

CHROMIUM = os.environ.get("GOVKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ENTITY_KINDS = ("Project", "Facility", "Area", "Institution", "Program", "IndustryCluster", "Event")

pytestmark = pytest.mark.slow


@dataclass
class Opened:
    """A page and everything it did: requests, console messages, errors, dialogs."""

    tab: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, code: str, arg: Any = None) -> Any:
        return self.tab.evaluate(code, arg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[test]')")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        skip_or_fail(f"no chromium at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)")
    with sync_playwright() as pw:
        try:
            launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # a browser that does not start is the same as no browser
            skip_or_fail(f"chromium at {CHROMIUM} does not start: {exc}")
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def open_(path: Path, width: int = 1400, height: int = 900) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        tab = context.new_page()
        opened = Opened(tab, path.resolve().as_uri())
        tab.on("request", lambda r: opened.requests.append(r.url))
        tab.on("console", lambda m: opened.console.append((m.type, m.text)))
        tab.on("pageerror", lambda e: opened.errors.append(str(e)))

        def dialog(d: Any) -> None:
            opened.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        tab.on("dialog", dialog)
        tab.goto(opened.url)
        tab.wait_for_function("() => window.govkg && window.govkg.settled", timeout=30_000, polling=50)
        return opened

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def built_dir(built_bundled: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled report's .ttl and .html as `govkg build` writes them."""
    from govkg.pipeline import write_outputs

    out = tmp_path_factory.mktemp("browser")
    write_outputs(built_bundled, out)
    return out


@pytest.fixture(scope="module")
def graph(built_dir: Path) -> Graph:
    """Read back from the Turtle file: the tests count with rdflib, independently of the page's code."""
    return Graph().parse(built_dir / "tongzhou-2023.ttl")


def clean(opened: Opened) -> None:
    assert opened.errors == []
    assert [m for m in opened.console if m[0] in ("error", "warning")] == []
    assert opened.requests == [opened.url], "the page asked for something besides itself"
    assert opened.dialogs == []


# ---------------------------------------------------------------- the bundled report
def test_page_loads_offline_with_no_error(open_page: Any, built_dir: Path) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html")
    clean(opened)
    assert opened.tab.title().endswith("· govkg")
    assert opened.js("() => document.characterSet") == "UTF-8"
    assert opened.js("() => document.querySelectorAll('#graph canvas').length") == 1
    assert opened.js("() => document.getElementById('title').textContent") == "通州区2023年政府工作报告摘要"


def test_node_count_equals_the_graph(open_page: Any, built_dir: Path, graph: Graph) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html")
    drawn = opened.js("() => govkg.network.body.nodeIndices.length")
    assert opened.js("() => govkg.nodes.length") == drawn == node_count(graph)
    legend = opened.js("() => Array.from(document.querySelectorAll('#legend .count')).map(e => +e.textContent)")
    assert sum(legend) == node_count(graph)


def test_search_finds_canal_business_district_and_shows_its_source(open_page: Any, built_dir: Path,
                                                                  graph: Graph) -> None:
    q = PREFIXES + 'SELECT ?text WHERE { ?e rdfs:label "运河商务区"@zh . ?s gk:mentions ?e ; gk:text ?text }'
    sentences = [str(row[0]) for row in graph.query(q)]  # type: ignore[index]
    assert sentences
    opened = open_page(built_dir / "tongzhou-2023.html")
    opened.tab.fill("#search", "运河商务区")
    opened.tab.press("#search", "Enter")
    details = opened.tab.locator("#details")
    assert details.locator("h2").inner_text() == "运河商务区"
    text = details.inner_text()
    assert all(s in text for s in sentences)
    assert "区域" in text and "服务的目标" in text
    assert opened.tab.locator("#results li").first.inner_text().startswith("运河商务区")
    lit = opened.js("() => govkg.network.getSelectedNodes().map(i => govkg.data.nodes[i].t)")
    assert lit == ["运河商务区"]
    clean(opened)


def test_search_by_alias(open_page: Any, built_dir: Path, graph: Graph) -> None:
    q = PREFIXES + "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " \
        "SELECT ?name ?alias WHERE { ?e skos:altLabel ?alias ; rdfs:label ?name } ORDER BY ?alias LIMIT 1"
    rows = list(graph.query(q))
    if not rows:
        pytest.skip("the bundled graph has no alias")
    name, alias = (str(x) for x in rows[0])  # type: ignore[union-attr]
    opened = open_page(built_dir / "tongzhou-2023.html")
    found = opened.js("(q) => govkg.search(q).map(i => govkg.data.nodes[i].t)", alias)
    assert name in found


def test_class_filter_hides_projects(open_page: Any, built_dir: Path) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html")
    visible = "(k) => govkg.visible().filter(i => govkg.data.nodes[i].k === k).length"
    drawn = "() => govkg.network.body.nodeIndices.length"
    projects, before = opened.js(visible, "Project"), opened.js(drawn)
    assert projects > 0
    opened.tab.locator("#legend input[data-kind='Project']").uncheck()
    assert opened.js(visible, "Project") == 0
    assert opened.js(drawn) == before - projects
    assert opened.js(visible, "Area") > 0
    opened.tab.locator("#legend input[data-kind='Project']").check()
    assert opened.js(visible, "Project") == projects
    clean(opened)


def test_part_filter_hides_the_plan(open_page: Any, built_dir: Path) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html")
    opened.tab.locator("#parts input[data-part='plan']").uncheck()
    kinds = opened.js("() => govkg.visible().map(i => govkg.data.nodes[i].k)")
    assert "Task" not in kinds and "Achievement" in kinds
    clean(opened)


def test_goal_view_holds_only_what_serves_the_goal(open_page: Any, built_dir: Path, graph: Graph,
                                                   runner: Any, tmp_path: Path) -> None:
    out = tmp_path / "goal.html"
    result = runner.invoke(app, ["view", str(built_dir / "tongzhou-2023.ttl"), "--goal", "plan-2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    opened = open_page(out)
    shown = opened.js("() => govkg.nodes.getIds().map(i => govkg.data.nodes[i].t)")
    assert sorted(shown) == goal_view_texts(graph, "plan-2")
    assert opened.js("() => govkg.network.body.nodeIndices.length") == len(shown)
    clean(opened)


def test_click_shows_details_and_highlights_the_neighbourhood(open_page: Any, built_dir: Path) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html")
    i = opened.js("() => govkg.data.nodes.findIndex(n => n.t === '运河商务区')")
    opened.js("(i) => govkg.network.focus(i, {scale: 1, animation: false})", i)
    x, y = opened.js("(i) => { const p = govkg.network.canvasToDOM(govkg.network.getPositions([i])[i]); "
                     "return [p.x, p.y]; }", i)
    box = opened.tab.locator("#graph").bounding_box()
    opened.tab.mouse.click(box["x"] + x, box["y"] + y)
    assert opened.tab.locator("#details h2").inner_text() == "运河商务区"
    faded = opened.js("() => govkg.nodes.get().filter(n => n.color && n.color.background === '#f1f3f4').length")
    near = opened.js("(i) => govkg.network.getConnectedNodes(i).length", i)
    assert faded == opened.js("() => govkg.nodes.length") - near - 1
    clean(opened)


def test_screenshot_of_the_bundled_report(open_page: Any, built_dir: Path, tmp_path: Path) -> None:
    """For review: the whole view as it opens, then 运河商务区 selected. GOVKG_SCREENSHOTS=docs keeps them there
    (docs/tongzhou-2023-view.png, docs/tongzhou-2023-view-selected.png); by default they go to a temporary dir."""
    folder = Path(os.environ.get("GOVKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    whole, selected = folder / "tongzhou-2023-view.png", folder / "tongzhou-2023-view-selected.png"
    opened = open_page(built_dir / "tongzhou-2023.html", width=1280, height=800)
    opened.tab.screenshot(path=str(whole))
    opened.tab.fill("#search", "运河商务区")
    opened.tab.press("#search", "Enter")
    opened.tab.screenshot(path=str(selected))
    assert whole.stat().st_size > 20_000 and selected.stat().st_size > 20_000
    print(f"screenshots: {whole} {selected}", file=sys.stderr)
    clean(opened)


# ---------------------------------------------------------------- safety
def test_hostile_report_runs_no_script(open_page: Any, data_dir: Path, tmp_path: Path) -> None:
    build_files([data_dir / "hostile.txt"], tmp_path)
    opened = open_page(tmp_path / "hostile.html")
    texts = opened.js("() => govkg.data.nodes.map(n => n.t)")
    for s in HOSTILE:
        assert any(s in t for t in texts), f"{s!r} is not in the page's data"
    for q in ("<script>", "alert", "onerror", "javascript:", '"', "'"):  # search results show names
        opened.tab.fill("#search", q)
        opened.tab.press("#search", "Enter")
    for i in range(len(texts)):  # every details panel, with its sources, metrics and links
        opened.js("(i) => govkg.select(i)", i)
        assert opened.tab.locator("#details h2").inner_text() == texts[i]
    shown = opened.tab.locator("body").inner_text()
    assert "<script>alert(1)</script>" in shown  # as text
    assert opened.js("() => document.scripts.length") == 3
    assert opened.js("() => document.querySelectorAll('img, iframe, object, embed, b, a').length") == 0
    assert opened.js("() => Array.from(document.querySelectorAll('svg')).every(s => s.closest('#legend'))")
    assert opened.js("() => document.querySelectorAll('[onerror], [onload], [onmouseover]').length") == 0
    assert opened.dialogs == [] and opened.errors == []
    assert opened.console == []  # not a line: no alert, no CSP report, no error
    assert opened.requests == [opened.url]


# ---------------------------------------------------------------- scale
def test_5000_nodes_settle_within_5_seconds(open_page: Any, tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import synthetic_graph

    path = tmp_path / "5000.html"
    path.write_text(render_page(make_view(synthetic_graph(5000))), encoding="utf-8")
    opened = open_page(path)
    assert opened.js("() => govkg.nodes.length") == 5000
    settled = opened.js("() => govkg.settleMs")
    assert settled < 5000, f"5,000 nodes took {settled} ms from navigation start to a settled layout"
    assert opened.js("() => govkg.network.physics.options.enabled") is False
    clean(opened)


# ---------------------------------------------------------------- the promises page and the notebook's inline view
def _tab(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("request", lambda r: errors.append(f"request {r.url}") if r.url != url and not r.url.startswith(
        ("about:", "data:")) else None)
    tab.goto(url)
    return context, tab, errors


def test_promises_page_filters(browser: Any, data_dir: Path, tmp_path: Path) -> None:
    from govkg.batch import build_batch

    assert not build_batch([data_dir / "series"], tmp_path, jobs=1).failed
    page = tmp_path / "promises.html"
    context, tab, errors = _tab(browser, page.resolve().as_uri())
    try:
        total = tab.eval_on_selector_all("#rows tr", "rows => rows.length")
        data = tab.evaluate("() => JSON.parse(document.getElementById('govkg-data').textContent)")
        assert total == len(data["rows"]) > 30
        missed = sum(1 for r in data["rows"] if r["status"] == "missed")
        tab.click("label.status-missed input")  # untick: the missed rows go
        assert tab.eval_on_selector_all("#rows tr", "rows => rows.length") == total - missed
        tab.fill("#search", "滨河快速路")
        shown = tab.eval_on_selector_all("#rows tr", "rows => rows.map(r => r.textContent)")
        assert shown and all("滨河快速路" in s for s in shown)
        assert errors == []
    finally:
        context.close()


def test_notebook_inline_view_runs_in_its_frame(browser: Any, built_bundled: Built, tmp_path: Path) -> None:
    """What a notebook cell shows for govkg.notebook.view(): the page in a sandboxed iframe, drawing its network."""
    from govkg.notebook import view

    host = tmp_path / "cell.html"
    host.write_text(f"<!DOCTYPE html><html><body>{view(built_bundled.graph, goal='plan-2')._repr_html_()}</body>"
                    "</html>", encoding="utf-8")
    context, tab, errors = _tab(browser, host.resolve().as_uri())
    try:
        frame = tab.frames[1]
        frame.wait_for_function("() => window.govkg && window.govkg.settled", timeout=30_000, polling=50)
        assert frame.evaluate("() => document.querySelectorAll('#graph canvas').length") == 1
        assert errors == []
    finally:
        context.close()
