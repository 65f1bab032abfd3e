"""The offline network view: one self-contained HTML page (vis-network, our script and the data inline).

Nothing in the page is fetched: the Content-Security-Policy allows no source at all except the page's own two
scripts (by hash). The data travels as one JSON block with <, >, &, U+2028 and U+2029 escaped, and the script
puts every name and sentence into the page as text (textContent), never as markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from govkg.export import write_atomic
from govkg.export.graphindex import GOAL_KINDS, NODE_KINDS, STATEMENT_KINDS, load_graph
from govkg.export.placement import place
from govkg.export.view import EDGE_KINDS, View, make_view, term_labels
from govkg.models import Extraction
from govkg.triples import Triples

#: Colour and vis-network shape of each node kind; goals and statements are boxes holding (shortened) text.
STYLE = {
    "Part": ("#263238", "box"),
    "Goal": ("#546e7a", "box"),
    "Task": ("#e8eaf6", "box"),
    "Achievement": ("#e0f2f1", "box"),
    "Project": ("#e65100", "dot"),
    "Facility": ("#f9a825", "hexagon"),
    "Area": ("#2e7d32", "triangle"),
    "Institution": ("#1565c0", "square"),
    "Program": ("#6a1b9a", "diamond"),
    "IndustryCluster": ("#ad1457", "star"),
    "Event": ("#00838f", "triangleDown"),
}
UNSTYLED = ("#eceff1", "box")  # a node kind added to graphindex before it has a style here
LOOKUPS = ["review", "plan", "part", "chapter", "section", "subsection", "Achieved", "Target", "Planned", "Started",
           "UnderConstruction", "Completed", "InUse"]
_ONTOLOGY_NAMES = {"review": "ReviewPart", "plan": "PlanPart", "part": "PartLevel", "chapter": "ChapterLevel",
                   "section": "SectionLevel", "subsection": "SubsectionLevel"}
VIS = ("pyvis", "templates/lib/vis-9.1.2/vis-network.min.js")  # vis-network 9.1.2, shipped inside pyvis
# Licence comments and an error message in vis-network name web pages; the page must not hold a fetchable URL
# (the SVG namespace is an identifier, not a request).
_URL = re.compile(r"https?://(?!www\.w3\.org/2000/svg)")


PHYSICS_MS = 1000  # the page stops the physics after this long, whatever the number of steps done


def iterations(n: int) -> int:
    """Physics steps before the layout freezes: full relaxation for small views, fewer as views grow (5,000 nodes
    must settle in a few seconds; the outline already stands where it should, only entities move)."""
    return max(10, min(200, 100_000 // max(1, n)))


def safe_json(data: Any) -> str:
    """JSON that cannot end or confuse the <script> block holding it: <, >, & and the JS line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def payload(view: View) -> dict[str, Any]:
    """What the page script needs: nodes with their details, edges, metrics, styles and Chinese labels."""
    ix = view.index
    at = {n: i for i, n in enumerate(view.nodes)}
    pos = place(view)
    metric_ids: dict[int, int] = {}

    def ref(node: URIRef) -> int | str:
        """A node of the view by number (the page links to it), any other node by its text."""
        return at[node] if node in at else ix.text[node]

    def metrics(node: URIRef) -> list[int]:
        return [metric_ids.setdefault(m, len(metric_ids)) for m in ix.metrics_of.get(node, [])]

    nodes = []
    for n in view.nodes:
        k = ix.kind[n]
        x, y = pos[n]
        rec: dict[str, Any] = {"k": k, "t": ix.text[n], "x": x, "y": y}
        if n in ix.line:
            rec["ln"] = ix.line[n]
        if k in GOAL_KINDS:
            rec["p"] = [ix.part[n]] if n in ix.part else []
            rec["lv"] = ix.level.get(n, "chapter")
            if n in ix.parent:
                rec["up"] = ref(ix.parent[n])
        elif k in STATEMENT_KINDS:
            rec["p"] = [ix.part[n]] if n in ix.part else []
            if n in ix.serves:
                rec["g"] = [ref(ix.serves[n])]
            if n in ix.paragraph:
                rec["pp"] = ref(ix.paragraph[n])
            rec["e"] = [ref(e) for e in ix.mentions.get(n, [])]
            rec["u"] = [[role, ref(e)] for role, e in ix.units.get(n, [])]
            rec["cg"] = [[g.label, g.count, [ref(m) for m in g.members]] for g in ix.groups.get(n, [])]
        else:
            rec["p"] = ix.entity_parts(n)
            rec["a"] = ix.aliases.get(n, [])
            rec["g"] = [ref(g) for g in ix.entity_goals.get(n, [])]
            rec["src"] = [ref(s) for s in ix.sort(ix.mentioned_by.get(n, []) + ix.unit_of.get(n, []))]
            rec["st"] = [[s.status, s.year, ref(s.stated_in) if s.stated_in else None] for s in ix.statuses.get(n, [])]
            rec["loc"] = [ref(a) for a in ix.located_in.get(n, [])]
            rec["as"] = [ref(e) for e in ix.associated_with.get(n, [])]
        rec["m"] = metrics(n)
        nodes.append({key: value for key, value in rec.items() if value not in ([], None)})
    rows = []
    for m, _ in sorted(metric_ids.items(), key=lambda item: item[1]):
        r = ix.metrics[m]
        row = {"v": r.value, "vm": r.value_max, "u": r.unit, "raw": r.raw, "y": r.year, "k": r.kind,
               "q": r.qualifier, "me": r.measure, "s": ref(r.stated_in) if r.stated_in else None,
               "a": ref(r.about) if r.about else None}
        rows.append({key: value for key, value in row.items() if value not in ("", None)})
    kinds = [k for k in NODE_KINDS if any(ix.kind[n] == k for n in view.nodes)]
    return {
        "title": view.title,
        "description": view.description,
        "scope": view.scope,
        "focus": at.get(view.focus) if view.focus is not None else None,
        "iterations": iterations(len(view.nodes)),
        "physicsMs": PHYSICS_MS,
        "kinds": kinds,
        "goalKinds": sorted(GOAL_KINDS),
        "statementKinds": sorted(STATEMENT_KINDS),
        "style": {k: {"color": c, "shape": s, "zh": term_labels(k)[0], "en": term_labels(k)[1]}
                  for k, (c, s) in {**{k: UNSTYLED for k in NODE_KINDS}, **STYLE}.items()},
        "names": {k: term_labels(_ONTOLOGY_NAMES.get(k, k))[0] for k in LOOKUPS},
        "nodes": nodes,
        "edgeKinds": EDGE_KINDS,
        "edges": [[at[s], at[t], EDGE_KINDS.index(kind), w] for s, t, kind, w in view.edges],
        "metrics": rows,
        "parts": sorted({p for rec in nodes for p in rec.get("p", [])}, key=["review", "plan"].index),
    }


@cache
def _static(name: str) -> str:
    if name == "vis":
        # found, not imported: importing pyvis imports networkx and IPython, 0.2 s for one JavaScript file
        spec = importlib.util.find_spec(VIS[0])
        assert spec is not None and spec.submodule_search_locations, "pyvis is a dependency of govkg"
        js = (Path(spec.submodule_search_locations[0]) / VIS[1]).read_text(encoding="utf-8")
        return _URL.sub("", js)
    return (resources.files("govkg.export") / "static" / name).read_text(encoding="utf-8")


def _script_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _fixed_parts() -> tuple[list[str], str, str]:
    """What every page holds alike: its two scripts (checked once), its content policy and its body."""
    scripts = [_static("vis"), _static("view.js")]
    for code in scripts:  # the HTML parser must see each script end at its own </script> and nowhere else
        if re.search(r"</script|<!--", code, re.I):
            raise RuntimeError("an inline script holds </script or <!--; the page would break")
    policy = ("default-src 'none'; script-src " + " ".join(_script_hash(s) for s in scripts)
              + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    body = (resources.files("govkg.export") / "static" / "view.html").read_text(encoding="utf-8")
    return scripts, policy, body


def page(view: View) -> str:
    """The HTML page of a view, as text (callers write it as UTF-8)."""
    scripts, policy, body = _fixed_parts()
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(view.title)} · govkg</title>\n"
        f"<style>\n{_static('view.css')}</style>\n</head>\n<body>\n{body}"
        f"<script type=\"application/json\" id=\"govkg-data\">{safe_json(payload(view))}</script>\n"
        f"<script>{scripts[0]}</script>\n<script>{scripts[1]}</script>\n</body>\n</html>\n"
    )


def render_graph(graph: Graph | Triples, goal: str | None = None, entity: str | None = None, kind: str | None = None) -> str:
    """The page of a built graph: the whole report, or one goal, entity or class (see `make_view`)."""
    return page(make_view(graph, goal=goal, entity=entity, kind=kind))


def render(x: Extraction) -> str:
    """The whole-report page of one extraction (what `govkg build` writes beside the Turtle)."""
    from govkg.graph import triples

    return render_graph(triples(x))


def write_page(paths: list[Path], out: Path, goal: str | None = None, entity: str | None = None,
               kind: str | None = None) -> View:
    """`govkg view`: read built graphs, write the page of the chosen view to `out` (UTF-8), return the view."""
    view = make_view(load_graph(paths), goal=goal, entity=entity, kind=kind)
    write_atomic(out, page(view).encode("utf-8"))
    return view
