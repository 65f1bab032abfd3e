"""The network view in a real browser: Debian's chromium driven by playwright (no `playwright install`).

Every test records each request, console message, page error and dialog of the page it opens. In CI
(GOVKG_REQUIRE_INTEGRATION=1) a missing browser or playwright fails these tests instead of skipping them.
GOVKG_SCREENSHOTS=DIR keeps the review screenshots there (default: a temporary directory); the one in the docs is
drawn by `make docs` (tools/make_screenshot.py).

Legibility is measured on what the canvas really draws: a script that runs before the page wraps the canvas's
fillText and records each text with its font size and box on screen (the canvas transform applied).
"""

from __future__ import annotations

import hashlib
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
from test_view import HOSTILE, PREFIXES, goal_view_texts, node_count, screenshot_tool

from govkg.cli import app
from govkg.export.html import page as render_page
from govkg.export.view import make_view
from govkg.pipeline import Built, build_files

CHROMIUM = os.environ.get("GOVKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ENTITY_KINDS = ("Project", "Facility", "Area", "Institution", "Program", "IndustryCluster", "Event")
LEGIBLE_PX = 11  # a label is legible from this size on screen (font size x zoom scale), in CSS pixels

#: Runs before the page's scripts: every fillText on the network's canvas since its last clearRect (one frame),
#: as {text, px, box: [left, top, right, bottom]} in CSS pixels of the canvas.
RECORD_TEXT = """(() => {
  const P = CanvasRenderingContext2D.prototype, fill = P.fillText, clear = P.clearRect;
  const ours = (ctx) => ctx.canvas && ctx.canvas.closest && ctx.canvas.closest('#graph');
  window.__drawn = [];
  P.clearRect = function (...args) { if (ours(this)) window.__drawn = []; return clear.apply(this, args); };
  P.fillText = function (text, x, y, ...rest) {
    if (ours(this)) {
      const t = this.getTransform(), m = this.measureText(text), ratio = window.devicePixelRatio || 1;
      const k = Math.hypot(t.a, t.b) / ratio, at = new DOMPoint(x, y).matrixTransform(t);
      const px = parseFloat(/([0-9.]+)px/.exec(this.font)[1]) * k;
      window.__drawn.push({text: String(text), px: px, box: [at.x / ratio - m.actualBoundingBoxLeft * k,
        at.y / ratio - m.actualBoundingBoxAscent * k, at.x / ratio + m.actualBoundingBoxRight * k,
        at.y / ratio + m.actualBoundingBoxDescent * k]});
    }
    return fill.call(this, text, x, y, ...rest);
  };
})();"""

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

    def open_(path: Path, width: int = 1400, height: int = 900, record_text: bool = False) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        if record_text:
            context.add_init_script(RECORD_TEXT)
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


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def shows(text: str, name: str) -> bool:
    """A drawn label shows a name: the whole name, or its beginning cut with an ellipsis."""
    return text == name or (len(text) > 1 and text.endswith("…") and name.startswith(text[:-1]))


@dataclass
class Legibility:
    """The labels one frame of the network drew, read from the canvas, as the view first opens."""

    on_screen: int  # entities whose node is inside the canvas
    labels: list[dict]  # drawn entity labels at least partly inside the canvas
    legible: list[dict]  # of those: LEGIBLE_PX or more, wholly inside, covering no other drawn text
    chapters: list[dict]  # drawn chapter titles
    chapter_count: int  # chapter nodes inside the canvas
    drawn: list[dict]  # every text of the frame

    @property
    def share(self) -> float:
        return len(self.legible) / len(self.labels) if self.labels else 0.0

    def report(self, name: str) -> str:
        return (f"{name}: {len(self.legible)} of {len(self.labels)} visible entity labels legible "
                f"({self.share:.0%}, >= {LEGIBLE_PX} px on screen); {len(self.legible)} of {self.on_screen} entities "
                f"on screen legibly named; {len(self.chapters)} chapter titles for {self.chapter_count} chapters")


def legibility(opened: Opened, kinds: tuple[str, ...] = ENTITY_KINDS) -> Legibility:
    """Redraw once and measure the frame (the page must have been opened with record_text=True)."""
    opened.js("() => new Promise(r => { govkg.network.redraw(); requestAnimationFrame(() => "
              "requestAnimationFrame(r)); })")
    drawn = opened.js("() => window.__drawn")
    assert drawn, "nothing was recorded: was the page opened with record_text=True?"
    width, height = opened.js("() => { const c = document.querySelector('#graph canvas'); "
                              "return [c.clientWidth, c.clientHeight]; }")
    nodes = opened.js("""(kinds) => { const net = govkg.network, ids = govkg.visible(), pos = net.getPositions(ids);
        return ids.map(i => { const n = govkg.data.nodes[i], p = net.canvasToDOM(pos[i]);
          return {t: n.t, entity: kinds.includes(n.k), chapter: n.lv === 'chapter', x: p.x, y: p.y}; }); }""",
                      list(kinds))
    inside = [n for n in nodes if 0 <= n["x"] <= width and 0 <= n["y"] <= height]
    names = [n["t"] for n in nodes if n["entity"]]
    titles = [n["t"] for n in nodes if n["chapter"]]
    screen = [0.0, 0.0, width, height]
    labels = [d for d in drawn if overlap(d["box"], screen) and any(shows(d["text"], t) for t in names)]

    def legible(d: dict) -> bool:
        whole = d["box"][0] >= 0 and d["box"][1] >= 0 and d["box"][2] <= width and d["box"][3] <= height
        alone = not any(o is not d and overlap(d["box"], o["box"]) for o in drawn)
        return d["px"] >= LEGIBLE_PX and whole and alone

    chapters = [d for d in drawn if len(d["text"]) >= 4 and any(t.startswith(d["text"].removesuffix("…")) for t in titles)]
    return Legibility(sum(n["entity"] for n in inside), labels, [d for d in labels if legible(d)], chapters,
                      sum(n["chapter"] for n in inside), drawn)


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


def test_screenshot_of_the_bundled_report(browser: Any, open_page: Any, built_dir: Path, tmp_path: Path) -> None:
    """For review: the whole view as it opens, then 运河商务区 selected (GOVKG_SCREENSHOTS=DIR keeps them). The
    first is drawn by tools/make_screenshot.py, as `make docs` draws docs/tongzhou-2023-view.png: it records the
    sha256 of its page, and a changed page makes it stale."""
    folder = Path(os.environ.get("GOVKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    whole, selected = folder / "tongzhou-2023-view.png", folder / "tongzhou-2023-view-selected.png"
    tool = screenshot_tool(REPO)
    page = built_dir / "tongzhou-2023.html"
    recorded = tool.make(page, whole, browser)
    assert recorded == f"tongzhou-2023.html sha256={hashlib.sha256(page.read_bytes()).hexdigest()}"
    assert tool.recorded_source(whole.read_bytes()) == recorded and tool.check(page, whole) is None
    opened = open_page(page, width=1280, height=800)
    opened.tab.fill("#search", "运河商务区")
    opened.tab.press("#search", "Enter")
    opened.tab.screenshot(path=str(selected))
    assert whole.stat().st_size > 20_000 and selected.stat().st_size > 20_000
    print(f"screenshots: {whole} {selected}", file=sys.stderr)
    clean(opened)


# ---------------------------------------------------------------- legible at first sight
def assert_chapters_named_apart(seen: Legibility) -> None:
    """Every chapter on screen has its title drawn, and no title covers another title or any other text."""
    assert len(seen.chapters) >= seen.chapter_count, seen.report("chapters")
    for i, a in enumerate(seen.chapters):
        assert a["px"] >= LEGIBLE_PX, a
        for b in seen.chapters[i + 1:]:
            assert not overlap(a["box"], b["box"]), f"chapter titles overlap: {a} {b}"
        for other in seen.drawn:
            assert other is a or not overlap(a["box"], other["box"]), f"a chapter title covers text: {a} {other}"


def test_bundled_view_is_legible_at_its_starting_zoom(open_page: Any, built_dir: Path) -> None:
    """At 1,100 x 800, as the view opens: at least 30 entity names drawn legibly, nearly every drawn name legible,
    chapter titles all drawn and apart."""
    opened = open_page(built_dir / "tongzhou-2023.html", width=1100, height=800, record_text=True)
    seen = legibility(opened)
    print(seen.report("bundled view at 1100x800"), file=sys.stderr)
    assert len(seen.legible) >= 30, seen.report("bundled")
    assert seen.share >= 0.95, seen.report("bundled")
    assert len(seen.legible) >= 0.4 * seen.on_screen, seen.report("bundled")
    assert seen.chapter_count == opened.js("() => govkg.data.nodes.filter(n => n.lv === 'chapter').length") > 0
    assert_chapters_named_apart(seen)
    clean(opened)


def test_zooming_in_names_more(open_page: Any, built_dir: Path) -> None:
    """Level of detail: closer in, a larger share of the entities on screen is named, and statements get text."""
    opened = open_page(built_dir / "tongzhou-2023.html", width=1100, height=800, record_text=True)
    start = legibility(opened)
    statements = "() => govkg.data.nodes.filter(n => govkg.data.statementKinds.includes(n.k)).map(n => n.t)"
    said = opened.js(statements)
    said_at_start = sum(any(shows(d["text"], t) for t in said) for d in start.drawn)
    i = opened.js("() => govkg.data.nodes.findIndex(n => n.t === '运河商务区')")
    opened.js("(i) => govkg.network.focus(i, {scale: govkg.network.getScale() * 3, animation: false})", i)
    close = legibility(opened)
    print(start.report("start"), close.report("zoomed in x3"), file=sys.stderr)
    assert len(close.legible) / close.on_screen > len(start.legible) / start.on_screen
    assert close.share >= 0.95
    assert sum(any(shows(d["text"], t) for t in said) for d in close.drawn) > said_at_start


@pytest.mark.parametrize("kind", ["Project", "Area", "Institution"])
def test_type_view_is_labelled(open_page: Any, built_dir: Path, runner: Any, tmp_path: Path, kind: str) -> None:
    """A `govkg view --type X` view names most of its entities at the starting zoom, not anonymous dots."""
    out = tmp_path / f"{kind}.html"
    result = runner.invoke(app, ["view", str(built_dir / "tongzhou-2023.ttl"), "--type", kind, "-o", str(out)])
    assert result.exit_code == 0, result.output
    opened = open_page(out, width=1100, height=800, record_text=True)
    seen = legibility(opened)
    print(seen.report(f"--type {kind} at 1100x800"), file=sys.stderr)
    assert seen.on_screen > 0
    assert len(seen.legible) >= 0.8 * seen.on_screen, seen.report(kind)
    assert seen.share >= 0.95, seen.report(kind)
    assert_chapters_named_apart(seen)
    clean(opened)


def test_entity_view_names_its_neighbourhood(open_page: Any, built_dir: Path, runner: Any, tmp_path: Path) -> None:
    """An --entity view opens with its entity selected; the names around it stay (greyed when not adjacent)."""
    out = tmp_path / "entity.html"
    result = runner.invoke(app, ["view", str(built_dir / "tongzhou-2023.ttl"), "--entity", "运河商务区", "-o", str(out)])
    assert result.exit_code == 0, result.output
    opened = open_page(out, width=1100, height=800, record_text=True)
    seen = legibility(opened)
    print(seen.report("--entity 运河商务区 at 1100x800"), file=sys.stderr)
    assert len(seen.legible) == seen.on_screen > 1
    clean(opened)


def widths(opened: Opened) -> dict[str, float]:
    return opened.js("""() => Object.fromEntries(['side', 'graph', 'details'].map(id =>
        [id, document.getElementById(id).getBoundingClientRect().width]).concat(
        [['canvas', document.querySelector('#graph canvas').getBoundingClientRect().width]]))""")


def test_panels_leave_most_of_a_1100_px_window_to_the_network(open_page: Any, built_dir: Path) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html", width=1100, height=800)
    start = widths(opened)
    assert start["side"] == start["details"] == 0 and start["graph"] == start["canvas"] == 1100, start
    opened.tab.fill("#search", "运河商务区")
    opened.tab.press("#search", "Enter")
    picked = widths(opened)
    assert opened.tab.locator("#details h2").inner_text() == "运河商务区"
    assert not opened.tab.locator("#results").is_visible()  # folded away from the details it opened
    opened.tab.click("#search")
    assert opened.tab.locator("#results li").first.is_visible()
    opened.tab.press("#search", "Escape")
    assert not opened.tab.locator("#results").is_visible()
    assert 0 < picked["details"] <= 340 and picked["side"] == 0, picked
    assert picked["graph"] == picked["canvas"] >= 0.65 * 1100, picked
    opened.tab.click("#toggle-side")  # in a narrow window one panel at a time: the filters replace the details
    filters = widths(opened)
    assert 0 < filters["side"] <= 260 and filters["details"] == 0, filters
    assert filters["graph"] == filters["canvas"] >= 0.75 * 1100, filters
    assert opened.tab.locator("#legend input[data-kind='Project']").is_visible()
    opened.tab.click("#toggle-side")
    assert widths(opened)["canvas"] == 1100
    print(f"at 1100 px: network {start['graph']:.0f} at the start, {picked['graph']:.0f} beside the details "
          f"({picked['details']:.0f}), {filters['graph']:.0f} beside the filters ({filters['side']:.0f})",
          file=sys.stderr)
    clean(opened)


def test_wide_window_opens_with_the_filters(open_page: Any, built_dir: Path) -> None:
    opened = open_page(built_dir / "tongzhou-2023.html", width=1600, height=900)
    wide = widths(opened)
    assert wide["side"] > 0 and wide["details"] == 0 and wide["graph"] == wide["canvas"], wide
    opened.js("(i) => govkg.select(i)", 0)
    both = widths(opened)
    assert both["side"] > 0 and both["details"] > 0 and both["graph"] >= 0.6 * 1600, both
    opened.tab.click("#close-details")
    assert widths(opened)["details"] == 0
    assert opened.js("() => govkg.network.getSelectedNodes().length") == 0


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
