"""Helpers for notebooks: SPARQL results as tables that Jupyter shows as HTML, and the network view inline.

Nothing here is needed outside a notebook, and nothing imports IPython: Jupyter finds `_repr_html_` by itself.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph


@dataclass
class Table:
    """Rows of strings under named columns; shown as an HTML table in Jupyter and as text elsewhere."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, str]]:
        for r in self.rows:
            yield dict(zip(self.columns, r, strict=True))

    def column(self, name: str) -> list[str]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>" for r in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{len(self.rows)} rows</p>"

    def __repr__(self) -> str:
        from govkg.query import _table

        return _table(self.columns, self.rows).rstrip("\n")


def _value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        from govkg.query import iri_for_display

        return iri_for_display(term.value)
    return str(getattr(term, "value", term))


def run(query: str, data: Sequence[str | Path] = (), store: str | Path | None = None,
        endpoint: str | None = None, **params: str) -> Table:
    """A SPARQL SELECT (text, a .rq file or a shipped query's name) over files, a store or an endpoint, with the
    named query's parameters as keyword arguments: `run("entity", data=["graph/x.ttl"], name="运河商务区")`."""
    from govkg import query as Q
    from govkg import store as S

    q = Q.resolve_query(query)
    terms = Q.bind(q, [f"{k}={v}" for k, v in params.items()])
    if endpoint:
        result = S.query_endpoint(endpoint, q.text, terms)
    else:
        st = S.memory_store([Path(p) for p in data]) if data else S.open_store(Path(store or "."))
        result = S.run_local(st, q.text, terms, q.source)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"{q.source}: a table needs a SELECT query")
    columns = [v.value for v in result.variables]
    return Table(columns, [[_value(sol[c]) for c in columns] for sol in result])


@dataclass
class Inline:
    """An HTML page shown inside a notebook cell (in a sandboxed iframe, so its own policy and scripts apply)."""

    page: str
    height: int = 640

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>')


def view(graph: Graph, height: int = 640, **selection: str) -> Inline:
    """The network view of a built graph inline (`goal=…`, `entity=…` or `kind=…` as for `govkg view`)."""
    from govkg.export.html import render_graph

    return Inline(render_graph(graph, **selection), height)
