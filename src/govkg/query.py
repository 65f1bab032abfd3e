"""SPARQL queries: the named queries in ontology/queries/, parameters bound as RDF terms, and result formatting."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from govkg import vocab as V
from govkg.errors import InputError, QueryError, UsageError
from govkg.export.rdf import serialize_triples
from govkg.ontology_files import ontology_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Parameter types a query header may declare, and what a value of each becomes.
PARAM_TYPES = ("string", "zh", "iri", "gYear", "integer", "decimal")
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "turtle")
#: What a query gives: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
Result = ox.QuerySolutions | bool | list[ox.Triple]

_PARAM_LINE = re.compile(r"#\s*param\s+(\w+)\s+(\w+)(?:\s+=\s+(.*?))?\s+:\s+(.*)")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass
class Param:
    name: str
    type: str
    default: str | None  # declared in the header (`= value`), bound when not given
    help: str
    in_text: str | None = None  # the row of the query's own `VALUES ?name { … }` (its default as written; UNDEF: all)


@dataclass
class Query:
    """SPARQL text, where it came from (file, named query or `query` for inline text), and its declared parameters."""

    text: str
    source: str
    title: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    named: bool = False


def parse_header(text: str, source: str, named: bool = False) -> Query:
    """Read the leading comment lines: the first is the title, `# param NAME TYPE [= DEFAULT] : HELP` declares one
    (spaces around `=` and `:`)."""""
    query = Query(text, source, named=named)
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("#"):
            break
        m = _PARAM_LINE.fullmatch(line)
        if m:
            name, kind, default, help_text = m.groups()
            if kind not in PARAM_TYPES:
                raise QueryError(
                    f"parameter {name!r} has unknown type {kind!r} (known: {', '.join(PARAM_TYPES)})", source
                )
            query.params[name] = Param(name, kind, default or None, help_text)
        elif not query.title:
            query.title = line.lstrip("#").strip()
    for name, param in query.params.items():
        block = values_block(text, name)
        if block is not None:
            row = text[block[0] + 1 : block[1] - 1].strip()
            param.in_text = None if row.upper() == "UNDEF" else row
    return query


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def named_queries() -> dict[str, Query]:
    """Every query shipped in ontology/queries/, by file name without `.rq`."""
    return {
        p.stem: parse_header(p.read_text(encoding="utf-8"), p.stem, named=True)
        for p in sorted(queries_dir().glob("*.rq"))
    }


def named_query(name: str) -> Query:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; available: {', '.join(queries)}")
    return queries[name]


def _is_file(path: Path) -> bool:
    """Is there a file of that name? A one-line query longer than a file name may be (255 bytes: about 85 Chinese
    characters) is no file, not an error."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def resolve_query(arg: str) -> Query:
    """A query argument is a .rq file, the name of a shipped query, or SPARQL text."""
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or ("\n" not in arg and _is_file(path)):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read query file: {getattr(exc, 'strerror', None) or exc}", path) from exc
        return parse_header(text, str(path))
    if _NAME.fullmatch(arg) and arg.upper() not in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
        return named_query(arg)
    return parse_header(arg, "query")


# ---------------------------------------------------------------- parameters
def iri_for_display(iri: str) -> str:
    """Shortened with our prefixes (gkid:运河商务区, gk:Target); other IRIs in full."""
    best = max((p for p, ns in V.PREFIXES.items() if iri.startswith(ns)), key=lambda p: len(V.PREFIXES[p]), default="")
    return f"{best}:{iri[len(V.PREFIXES[best]) :]}" if best else iri


def parse_iri(value: str) -> ox.NamedNode:
    """`<…>`, an absolute IRI, or a prefixed name with one of our prefixes (gk:Target, gkid:运河商务区)."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in V.PREFIXES:
            text = str(V.PREFIXES[prefix]) + local
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ValueError("not an absolute IRI or a prefixed name with a known prefix")
    return ox.NamedNode(text)


def make_term(value: str, kind: str) -> ox.NamedNode | ox.Literal:
    if kind == "iri":
        return parse_iri(value)
    if kind == "zh":
        return ox.Literal(value, language="zh")
    if kind == "gYear" and not re.fullmatch(r"-?\d{4,}", value):
        raise ValueError("a year has four digits, e.g. 2023")
    if kind == "integer":
        int(value)
    if kind == "decimal" and not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
        raise ValueError("not a decimal number")
    if kind == "string":
        return ox.Literal(value)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


def _guess_term(value: str) -> ox.NamedNode | ox.Literal:
    """An undeclared parameter of an ad-hoc query: an IRI when written as one, otherwise a plain string."""
    try:
        return parse_iri(value) if value.startswith("<") or value.split(":", 1)[0] in V.PREFIXES else ox.Literal(value)
    except ValueError:
        return ox.Literal(value)


def bind(query: Query, assignments: list[str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """`name=value` pairs (and declared defaults) as RDF terms; they are bound to variables, never put in the text."""
    values: dict[str, str] = {p.name: p.default for p in query.params.values() if p.default is not None}
    for item in assignments:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.fullmatch(name):
            raise UsageError(f"--param expects name=value, got {item!r}")
        if query.named and name not in query.params:
            known = ", ".join(query.params) or "none"
            raise QueryError(f"named query {query.source!r} has no parameter {name!r} (parameters: {known})")
        values[name] = value
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in values.items():
        param = query.params.get(name)
        try:
            terms[name] = make_term(value, param.type) if param else _guess_term(value)
        except ValueError as exc:
            kind = param.type if param else "value"
            raise QueryError(f"parameter {name}={value!r} is not a valid {kind}: {exc}", query.source) from exc
    return terms


# ---------------------------------------------------------------- a small SPARQL lexer, for remote endpoints
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#[^\n\r]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
      | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      | (?P<word>[^\W\d][\w.-]*(?::[\w.%:-]*)?|:[\w.%:-]*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def query_tokens(text: str) -> list[tuple[str, str, int]]:
    """The query's tokens (kind, text, offset), without spaces and comments."""
    return _tokens(text)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    return [
        (m.lastgroup or "", m.group(), m.start())
        for m in _TOKEN.finditer(text)
        if m.lastgroup not in ("space", "comment")
    ]


def query_form(text: str) -> str:
    """select, ask, construct or describe: the first query keyword outside strings, IRIs and comments."""
    for kind, tok, _ in _tokens(text):
        if kind == "word" and tok.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok.lower()
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE", "query", 1, 1)


def with_values(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """For a remote endpoint, which takes only text: a VALUES block at the start of the WHERE group.

    Each term is written by pyoxigraph in N-Triples syntax, which escapes quotes and backslashes, so a value
    stays one RDF term whatever it contains. The effect equals pyoxigraph's substitution for the variables of the
    top-level group (parameters of the named queries are used there).
    """
    if not terms:
        return text
    toks = _tokens(text)
    form = query_form(text)
    depth, groups, start = 0, 0, None
    for i, (kind, tok, pos) in enumerate(toks):
        if kind == "word" and tok.upper() == form.upper() and start is None:
            start = i
            if form == "construct" and i + 1 < len(toks) and toks[i + 1][1].upper() == "WHERE":
                raise QueryError("parameters need the long form CONSTRUCT { … } WHERE { … }", "query")
        elif start is not None and kind == "other" and tok == "{":
            if depth == 0 and (form != "construct" or groups == 1):
                names = " ".join(f"?{n}" for n in terms)
                row = " ".join(str(t) for t in terms.values())
                return f"{text[: pos + 1]} VALUES ({names}) {{ ({row}) }} {text[pos + 1 :]}"
            depth += 1
        elif start is not None and kind == "other" and tok == "}":
            depth -= 1
            groups += depth == 0
    raise QueryError("cannot find the WHERE group of the query to bind parameters", "query")


def values_block(text: str, name: str) -> tuple[int, int] | None:
    """The span of the braces of the query's own one-variable `VALUES ?name { … }` block (the first), if it has one."""
    toks = _tokens(text)
    for i in range(len(toks) - 2):
        kind, tok, _ = toks[i]
        if kind == "word" and tok.upper() == "VALUES" and toks[i + 1][0] == "var" and toks[i + 1][1][1:] == name \
                and toks[i + 2][1] == "{":
            for _kind, close, pos in toks[i + 3 :]:
                if close == "}":
                    return toks[i + 2][2], pos + 1
            return None
    return None


def bind_in_text(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
    """A parameter whose variable the query binds in its own `VALUES ?name { … }` block (the named queries' defaults,
    so that each file is a complete query) replaces that block's row; the others are returned, to be bound as
    before. Each term is written by pyoxigraph in N-Triples syntax, so a value stays one RDF term."""
    rest = dict(terms)
    for name, term in terms.items():
        block = values_block(text, name)
        if block is not None:
            text = f"{text[: block[0]]}{{ {term} }}{text[block[1] :]}"
            del rest[name]
    return text, rest


# ---------------------------------------------------------------- hints for a query that found nothing
#: Functions whose string arguments match parts of a text: a plain string is right there.
_STRING_FUNCTIONS = {"CONTAINS", "STRSTARTS", "STRENDS", "REGEX", "REPLACE", "STRBEFORE", "STRAFTER", "LANGMATCHES",
                     "LANG", "CONCAT", "SUBSTR", "ENCODE_FOR_URI", "LCASE", "UCASE", "STRLEN"}
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
#: Years a report speaks of; a bare number in this range may be meant as a year.
YEARS = range(1949, 2101)


def _string_value(token: str) -> str:
    quote = 3 if token[:3] in ('"""', "'''") else 1
    body = token[quote:-quote]
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                  else _ESCAPES.get(m.group(1), m.group(1)), body)


def _open_paren(toks: list[tuple[str, str, int]], i: int) -> int | None:
    """The index of the parenthesis token i stands in (a FILTER, BIND or function call), None outside any."""
    depth = 0
    for j in range(i - 1, -1, -1):
        kind, tok, _ = toks[j]
        if kind != "other":
            continue
        if tok == ")":
            depth += 1
        elif tok == "(":
            if depth == 0:
                return j
            depth -= 1
        elif tok in "{}.":
            return None
    return None


def _in_string_function(toks: list[tuple[str, str, int]], i: int) -> bool:
    j = _open_paren(toks, i)
    return j is not None and j > 0 and toks[j - 1][0] == "word" and toks[j - 1][1].upper() in _STRING_FUNCTIONS


def empty_result_hints(text: str, ask: Callable[[str], bool]) -> list[str]:
    """Why a query may have found nothing, for the mistakes hand-written SPARQL makes on govkg's graphs.

    `ask` runs an ASK query on the same data. A plain string ("运河商务区") matches no label, text or title,
    which are tagged @zh: the hint names the tagged literal when the data holds it. A bare number (2023) or a
    plain "2023" matches no year, which is an xsd:gYear: the hint names the typed literal when the data holds it.
    A number in a triple pattern (gk:value 34) matches no xsd:decimal value: the hint proposes a FILTER.
    Strings inside CONTAINS, REGEX and the like are left alone (they match tagged text). The first ASK that
    fails ends the asking: an endpoint that stopped answering costs one timeout, not one per hint.
    """
    toks = _tokens(text)
    hints: list[str] = []
    asked: set[str] = set()
    failed: list[Exception] = []

    def holds(literals: str) -> bool:
        if literals in asked or failed:  # after one failed ASK (an endpoint gone silent), ask no more
            return False
        asked.add(literals)
        try:
            return ask(f"ASK {{ VALUES ?o {{ {literals} }} ?s ?p ?o }}")
        except Exception as exc:  # a hint never turns an answer into an error
            failed.append(exc)
            return False

    gyear = "<http://www.w3.org/2001/XMLSchema#gYear>"
    for i, (kind, tok, _pos) in enumerate(toks):
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if kind == "string" and nxt not in ("@", "^") and not _in_string_function(toks, i):
            value = _string_value(tok)
            plain = str(ox.Literal(value))
            if holds(f"{str(ox.Literal(value, language='zh'))} {str(ox.Literal(value, language='en'))}"):
                hints.append(f"{plain} is a plain string, and govkg's labels and texts are tagged: write "
                             f"{plain}@zh, or compare STR(?label) = {plain}")
            elif value.isdigit() and int(value) in YEARS and holds(f"{plain}^^{gyear}"):
                hints.append(f"{plain} is a plain string, and govkg's years are xsd:gYear: write {plain}^^xsd:gYear, "
                             f"or compare STR(?year) = {plain}")
        elif kind == "number" and tok.isdigit() and int(tok) in YEARS and holds(f'"{tok}"^^{gyear}'):
            hints.append(f'{tok} is a number, and govkg\'s years are xsd:gYear: write "{tok}"^^xsd:gYear, '
                         f'or compare STR(?year) = "{tok}"')
        elif kind == "number" and not _in_filter(toks, i) and holds(f'"{tok}"^^<{XSD}decimal>'):
            hints.append(f"{tok} in a triple pattern matches only that very term, and govkg's values are "
                         f"xsd:decimal: compare in a filter, FILTER(?value = {tok})")
    return hints


def _in_filter(toks: list[tuple[str, str, int]], i: int) -> bool:
    """Whether token i stands inside parentheses, where numbers compare by value."""
    return _open_paren(toks, i) is not None


def peek(result: Result) -> tuple[Result, bool]:
    """The result, still whole, and whether it is empty (no solution, false, or no triple)."""
    if isinstance(result, bool):
        return result, not result
    if isinstance(result, list):
        return result, not result
    data = result.serialize(format=ox.QueryResultsFormat.JSON)
    assert data is not None
    empty = not json.loads(data)["results"]["bindings"]
    again = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    assert isinstance(again, ox.QuerySolutions)
    return again, empty


# ---------------------------------------------------------------- output
def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return iri_for_display(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(columns: list[str], rows: list[list[str]]) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", pad_edge=False)
    for row in rows:
        table.add_row(*row)
    buf = io.StringIO()
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100_000
    Console(file=buf, width=width, no_color=True, highlight=False, emoji=False, markup=False).print(table)
    lines = [line.rstrip() for line in buf.getvalue().splitlines()]
    return "\n".join(lines) + "\n" + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def render(result: Result, fmt: str) -> str:
    """table (rich, aligned for Chinese, IRIs shortened), csv/tsv/json (W3C SPARQL 1.1 results), turtle for graphs."""
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    if isinstance(result, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        if fmt == "turtle":
            raise UsageError("an ASK query gives true or false; --format turtle is for CONSTRUCT and DESCRIBE")
        return ("true" if result else "false") + "\n"
    if isinstance(result, list):
        if fmt == "turtle":
            return serialize_triples(result, "turtle").decode("utf-8")
        if fmt != "table":
            raise UsageError(f"CONSTRUCT and DESCRIBE give a graph: use --format turtle or table, not {fmt}")
        return _table(
            ["subject", "predicate", "object"],
            [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in result],
        )
    if fmt == "turtle":
        raise UsageError("--format turtle is for CONSTRUCT and DESCRIBE; a SELECT gives table, csv, tsv or json")
    if fmt == "table":
        names = [v.value for v in result.variables]
        return _table(names, [[_cell(s[n]) for n in names] for s in result])
    formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
    data = result.serialize(format=formats[fmt])
    assert data is not None
    text = data.decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
