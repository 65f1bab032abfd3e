"""A first offline network view (pyvis): goals and entities, coloured by class, source sentences in tooltips."""

from __future__ import annotations

import html
import json
import re

from govkg.models import Extraction

COLOURS = {
    "Part": "#37474f",
    "Goal": "#78909c",
    "Project": "#e65100",
    "Facility": "#ef6c00",
    "Area": "#2e7d32",
    "Institution": "#1565c0",
    "Program": "#6a1b9a",
    "IndustryCluster": "#ad1457",
    "Event": "#f9a825",
}
_REMOTE_TAG = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']https?://[^>]*>(?:\s*</script>)?", re.I)
_COMMENTED_NODE_MODULES = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.S)
# URLs that only name things (licence notices, project pages) are de-linked; the SVG namespace is an identifier.
_URL = re.compile(r"https?://(?!www\.w3\.org/2000/svg)")


def _short(text: str, n: int = 18) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render(x: Extraction) -> str:
    """One self-contained HTML page; no request leaves the file."""
    from pyvis.network import Network  # imported here: jinja2 and pyvis cost 0.15 s that only this step needs

    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    net.set_options(json.dumps({
        "physics": {"stabilization": {"enabled": True, "iterations": 300}, "barnesHut": {"springLength": 120}},
        "interaction": {"hover": True, "tooltipDelay": 100},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "color": {"color": "#b0bec5"}},
    }))
    ol = x.outline
    texts = {s.id: s.text for s in ol.statements}
    goal_of = {s.id: s.goal for s in ol.statements}
    for g in ol.goals:
        kind = "Part" if g.level == "part" else "Goal"
        net.add_node(
            f"goal:{g.id}", label=_short(g.title), title=f"{kind}（{g.part}）\n{g.title}", color=COLOURS[kind],
            shape="box", font={"color": "#ffffff"},
        )
    for g in ol.goals:
        if g.parent:
            net.add_edge(f"goal:{g.parent}", f"goal:{g.id}")
    for e in x.entities:
        sentences = []
        goals: list[str] = []
        for m in e.mentions:
            if m.statement and texts[m.statement] not in sentences:
                sentences.append(texts[m.statement])
            if m.nested_in is None:
                gid = goal_of.get(m.statement) if m.statement else m.goal
                if gid and gid not in goals:
                    goals.append(gid)
        tip = [f"{e.name}（{e.type}）"]
        if e.aliases:
            tip.append("别名：" + "、".join(e.aliases))
        tip += [f"· {s}" for s in sentences[:5]]
        net.add_node(f"entity:{e.name}", label=_short(e.name, 14), title="\n".join(tip), color=COLOURS[e.type],
                     shape="dot", size=10 + 4 * min(len(goals), 5))
        for gid in goals:
            net.add_edge(f"entity:{e.name}", f"goal:{gid}")
    # names as UTF-8 text rather than \u escapes; jinja's tojson still escapes < > & ' so no label can end a script
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    page = net.generate_html(notebook=False)
    page = _REMOTE_TAG.sub("", page)
    page = _COMMENTED_NODE_MODULES.sub("", page)
    page = _URL.sub("", page)
    page = page.replace("<head>", '<head>\n<meta charset="utf-8">', 1)
    return page


__all__ = ["render", "html"]
