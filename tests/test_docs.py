"""Documentation stays true: the README's first screen runs as typed on a fresh copy of the repository; README.md
and docs/*.md cover every command, option, exit code and named query; their SPARQL examples run, quickly, and give
the same rows in govkg (pyoxigraph) and rdflib; their links resolve; every ontology term is labelled in zh and en."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
import typer.main
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from govkg import vocab as V
from govkg.cli import app
from govkg.errors import EXIT_CODES

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"
#: The README's first screen: the commands in it must work as typed on a fresh clone.
FIRST_SCREEN = 40
#: The graph the SPARQL examples of the docs run on.
BUNDLED_GRAPH = REPO / "graph" / "tongzhou-2023.ttl"
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.Concept,
    SKOS.ConceptScheme,
)


def doc_files() -> list[Path]:
    """README.md and every page of docs/, in a fixed order."""
    return [README, *sorted(DOCS.glob("*.md"))]


@pytest.fixture(scope="module")
def docs_text() -> str:
    """README.md and docs/*.md, one after the other."""
    assert README.is_file(), f"{README} is missing"
    return "\n\n".join(p.read_text(encoding="utf-8") for p in doc_files())


@pytest.fixture(scope="module")
def cli_doc() -> str:
    path = DOCS / "cli.md"
    assert path.is_file(), f"{path} is missing"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ontology(ontology_path: Path) -> Graph:
    return Graph().parse(ontology_path, format="turtle")


def _exit_code_table(text: str) -> dict[int, str]:
    """Rows `| <code> | <meaning> |` of the table that follows a heading about exit codes."""
    rows: dict[int, str] = {}
    in_section = False
    for line in text.splitlines():
        if line.startswith("#"):
            in_section = "exit code" in line.lower() or "exit-code" in line.lower()
            continue
        m = re.match(r"^\|\s*`?(\d+)`?\s*\|\s*(.*?)\s*\|", line)
        if in_section and m:
            rows[int(m.group(1))] = m.group(2)
    return rows


def test_commands_are_known() -> None:
    assert {"build", "extract", "exit-codes"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command: str, cli_doc: str) -> None:
    """Each command has a row in the command table of docs/cli.md."""
    assert re.search(rf"^\| `govkg {re.escape(command)}[ `]", cli_doc, re.M), (
        f"govkg {command} has no row in docs/cli.md"
    )


def test_every_exit_code_is_in_the_table(docs_text: str) -> None:
    table = _exit_code_table(docs_text)
    assert sorted(table) == sorted(EXIT_CODES), table
    assert all(meaning for meaning in table.values())


def _terms(ontology: Graph) -> list[URIRef]:
    out = {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t) if str(s).startswith(str(V.GK))}
    return sorted(out)


def _langs(g: Graph, node: URIRef, prop: URIRef) -> set[str]:
    return {
        (o.language or "").split("-")[0] for o in g.objects(node, prop) if isinstance(o, Literal) and str(o).strip()
    }


def test_ontology_declares_classes_and_properties(ontology: Graph) -> None:
    kinds = {t for s in _terms(ontology) for t in ontology.objects(s, RDF.type)}
    assert {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty} <= kinds


def test_every_ontology_term_has_zh_and_en_label_and_comment(ontology: Graph) -> None:
    problems = []
    for term in _terms(ontology):
        labels = _langs(ontology, term, RDFS.label)
        comments = _langs(ontology, term, RDFS.comment)
        if not {"zh", "en"} <= labels:
            problems.append((str(term), "label", sorted(labels)))
        if not {"zh", "en"} <= comments:
            problems.append((str(term), "comment", sorted(comments)))
    assert problems == []


def test_every_vocab_term_is_in_the_ontology(ontology: Graph) -> None:
    """`govkg.vocab` names terms once; each of ours must be declared, or the builder could emit it undeclared."""
    ours = {v for v in vars(V).values() if isinstance(v, URIRef) and str(v).startswith(str(V.GK))}
    assert sorted(str(t) for t in ours if (t, RDF.type, None) not in ontology) == []


# ---------------------------------------------------------------- generated documentation and full coverage
def test_generated_docs_are_up_to_date() -> None:
    """docs/cli.md's CLI reference, docs/ontology.svg, docs/pipeline.svg and src/govkg/help.txt equal what
    tools/make_docs.py writes."""
    tool = REPO / "tools" / "make_docs.py"
    proc = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _options() -> list[tuple[str, str]]:
    out = []
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        for p in cmd.params:
            for opt in [*getattr(p, "opts", []), *getattr(p, "secondary_opts", [])]:
                if opt.startswith("-"):
                    out.append((name, opt))
    return out


@pytest.mark.parametrize(("command", "option"), _options(), ids=lambda v: str(v))
def test_every_option_is_documented(command: str, option: str, docs_text: str) -> None:
    """Each option appears on its command's row group of the CLI reference, with a help text."""
    assert docs_text.count("<!-- cli-reference:begin") == 1, "one CLI reference in README.md and docs/*.md"
    section = docs_text.split("<!-- cli-reference:begin", 1)[1].split("<!-- cli-reference:end -->", 1)[0]
    rows = section.split(f"| `govkg {command}` |", 1)[1].split("\n| `govkg ", 1)[0]
    line = next((ln for ln in rows.splitlines() if f"`{option}`" in ln), None)
    assert line is not None, f"{command} {option} is not in the CLI reference"
    assert line.rstrip(" |").split("|")[-1].strip(), f"{command} {option} has no help text"


def test_every_named_query_is_documented(docs_text: str) -> None:
    from govkg.query import named_queries

    missing = [n for n in named_queries() if f"**`{n}`**" not in docs_text]
    assert missing == []


def test_every_ontology_class_is_in_the_diagram(ontology: Graph) -> None:
    svg = (README.parent / "docs" / "ontology.svg").read_text(encoding="utf-8")
    classes = [str(c)[len(str(V.GK)) :] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(V.GK))]
    assert [c for c in classes if f">gk:{c}<" not in svg] == []


# ---------------------------------------------------------------- SPARQL examples
def _fenced_blocks(path: Path, lang: str) -> list[tuple[int, str]]:
    """(line number, text) of each ```lang block of a Markdown file; indented blocks (in a list) count too."""
    blocks: list[tuple[int, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, info, start = m.group(1), m.group(2), i + 1
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i].removeprefix(indent))
            i += 1
        i += 1
        if info == lang:
            blocks.append((start, "\n".join(body) + "\n"))
    return blocks


def _sparql_examples() -> list[tuple[str, str]]:
    return [(f"{p.relative_to(REPO)}:{n}", text) for p in doc_files() for n, text in _fenced_blocks(p, "sparql")]


SPARQL_EXAMPLES = _sparql_examples()


def test_the_docs_have_sparql_examples() -> None:
    """The collector finds the examples (a renamed fence would otherwise leave every example untested)."""
    assert len(SPARQL_EXAMPLES) >= 5, [where for where, _ in SPARQL_EXAMPLES]


@pytest.fixture(scope="module")
def bundled_graph() -> Graph:
    assert BUNDLED_GRAPH.is_file(), f"{BUNDLED_GRAPH} is missing: run `govkg build`"
    return Graph().parse(BUNDLED_GRAPH, format="turtle")


def _value(cell: dict[str, str] | None) -> str | None:
    return None if cell is None else cell["value"]


@pytest.mark.parametrize(("where", "sparql"), SPARQL_EXAMPLES, ids=[w for w, _ in SPARQL_EXAMPLES])
def test_sparql_example_gives_the_same_rows_in_govkg_and_rdflib(where: str, sparql: str, bundled_graph: Graph) -> None:
    """Each SPARQL block of README.md and docs/*.md runs through `govkg query` on graph/tongzhou-2023.ttl and
    returns rows; one without parameters gives the same rows in rdflib. How fast each runs in both is measured by
    benchmarks/bench_doc_queries.py (the first example once took 13–18 s in rdflib: see docs/queries.md)."""
    result = CliRunner().invoke(app, ["query", sparql, "--data", str(BUNDLED_GRAPH), "--format", "json"])
    assert result.exit_code == 0, f"{where}: {result.output}"
    answer = json.loads(result.stdout)
    columns = answer["head"]["vars"]
    rows = [tuple(_value(b.get(c)) for c in columns) for b in answer["results"]["bindings"]]
    assert rows, f"{where}: no rows"
    if "# param" in sparql:
        return  # rdflib would leave the parameter unbound: a different question
    theirs = bundled_graph.query(sparql, initNs=dict(V.PREFIXES))
    their_rows = [tuple(None if v is None else str(v) for v in row) for row in theirs]  # type: ignore[union-attr]
    assert [str(v) for v in theirs.vars or []] == columns, where
    ordered = "ORDER BY" in sparql.upper()
    assert (their_rows if ordered else sorted(their_rows, key=str)) == (rows if ordered else sorted(rows, key=str))


# ---------------------------------------------------------------- links
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (CJK kept), spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"(?ms)^\s*```.*?^\s*```", "", path.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"(?m)^#{1,6} (.+)$", text)}


def _links() -> list[tuple[str, Path, str]]:
    out = []
    for path in doc_files():
        for m in _LINK.finditer(path.read_text(encoding="utf-8")):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            out.append((f"{path.relative_to(REPO)}: {target}", path, target))
    return out


LINKS = _links()


def test_the_docs_have_links() -> None:
    images = [where for where, _, target in LINKS if target.endswith((".svg", ".png"))]
    assert len(LINKS) >= 30 and len(images) >= 4, (len(LINKS), images)


@pytest.mark.parametrize(("where", "page", "target"), LINKS, ids=[w for w, _, _ in LINKS])
def test_link_resolves(where: str, page: Path, target: str) -> None:
    """Every relative link and image of README.md and docs/*.md names a file that exists, and its #anchor a heading
    of that file."""
    file_part, _, anchor = target.partition("#")
    dest = (page.parent / file_part).resolve() if file_part else page
    assert dest.exists(), f"{where}: {dest} does not exist"
    assert REPO in dest.parents or dest == REPO, f"{where}: points outside the repository"
    if anchor and dest.suffix == ".md":
        assert anchor in _anchors(dest), f"{where}: no heading #{anchor} in {dest.name}"


def test_readme_lists_every_page_of_docs() -> None:
    """The README's contents link to each page of docs/, and to the SPARQL guide."""
    readme = README.read_text(encoding="utf-8")
    linked = {(REPO / t.partition("#")[0]).resolve() for t in _LINK.findall(readme)}
    pages = set(DOCS.glob("*.md"))
    assert sorted(p.name for p in pages - linked) == []
    assert "[Writing your own SPARQL](docs/sparql.md)" in readme


# ---------------------------------------------------------------- the README's first screen, run as typed
def _first_screen_commands() -> list[str]:
    """The lines of the shell blocks that open in the README's first lines, each a command."""
    commands = []
    for start, text in _fenced_blocks(README, "sh"):
        if start <= FIRST_SCREEN:
            for line in text.splitlines():
                assert not line.rstrip().endswith("\\"), f"README.md: one command per line: {line}"
                if line.strip():
                    commands.append(line.strip())
    return commands


def test_the_first_screen_has_the_set_up_and_three_commands() -> None:
    commands = _first_screen_commands()
    assert len(commands) == 5, commands
    assert commands[0].startswith("python3 -m venv .venv") and "pip install" in commands[1], commands
    assert [c.split()[:2] for c in commands[2:4]] == [["govkg", "build"], ["govkg", "query"]], commands
    assert "webbrowser" in commands[4], commands
    lines = README.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines, 1) if line.strip() in commands)
    assert last <= FIRST_SCREEN, f"the README's commands end on line {last}"


def _tracked_files() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: cannot list the tracked files")
    proc = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"not a git checkout: {proc.stderr.decode(errors='replace').strip()}")
    return [name for name in proc.stdout.decode().split("\0") if name]


def _copy_tracked(dest: Path) -> None:
    """The tracked files as they are in the working tree (symlinks stay symlinks), and ../shared beside them."""
    for name in _tracked_files():
        src, out = REPO / name, dest / name
        if not src.is_symlink() and not src.exists():
            continue  # deleted in the working tree
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            out.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, out)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (dest.parent / "shared").symlink_to(shared)


def _dependencies(dest: Path) -> Path:
    """A directory of links to everything this interpreter has installed except govkg itself: on PYTHONPATH it
    lets the fresh venv and its pip see govkg's dependencies as installed, so `pip install -e .` installs only
    govkg from the copy (and fetches only its build backend, setuptools and wheel)."""
    dest.mkdir()
    for root in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        for entry in Path(root).iterdir():
            name = entry.name.lower()
            if name.startswith(("govkg", "__editable__", "__pycache__")) or (dest / entry.name).exists():
                continue
            (dest / entry.name).symlink_to(entry)
    return dest


def test_readme_first_screen_runs_as_typed_on_a_fresh_copy(tmp_path: Path) -> None:
    """Every command of the README's first 40 lines, exactly as written, in one bash session (`set -e`) in a copy
    of the tracked files. `python3` is this interpreter's base Python; govkg's dependencies come from this
    interpreter (on PYTHONPATH, see `_dependencies`), so the venv, `pip install -e .` (which builds govkg with
    build isolation from the package index) and `govkg` on the PATH are the real ones; BROWSER records the page
    that `python3 -m webbrowser` opens instead of starting a browser."""
    commands = _first_screen_commands()
    repo = tmp_path / "govkg"
    _copy_tracked(repo)
    graph_ttl = repo / "graph" / "tongzhou-2023.ttl"
    committed = graph_ttl.read_bytes()
    os.utime(graph_ttl, (0, 0))  # so that a rewrite shows
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(getattr(sys, "_base_executable", sys.executable))
    opened = tmp_path / "opened.txt"
    browser = bin_dir / "record-browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> {shlex.quote(str(opened))}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "CONDA_PREFIX"}}
    env |= {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "PYTHONPATH": str(_dependencies(tmp_path / "deps")),
        "BROWSER": str(browser),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    script = ["set -e"]
    for command in commands:
        script += [f"printf '\\n@@@ %s\\n' {shlex.quote(command)}", command]
    started = time.perf_counter()
    proc = subprocess.run(
        [shutil.which("bash") or "/bin/bash", "-c", "\n".join(script)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, (
        f"exit {proc.returncode} after {seconds:.0f} s\nstderr: …{proc.stderr[-2000:]}\nstdout: …{proc.stdout[-2000:]}"
    )
    outputs = {c: "" for c in commands}
    for chunk in proc.stdout.split("\n@@@ ")[1:]:
        command, _, output = chunk.partition("\n")
        outputs[command] = output
    build, query, view = (outputs[c] for c in commands[2:])

    # the set-up installed this copy's govkg into this copy's .venv
    venv_python = repo / ".venv" / "bin" / "python"
    where = subprocess.run(
        [str(venv_python), "-c", "import govkg; print(govkg.__file__)"], env=env, capture_output=True, text=True
    )
    assert Path(where.stdout.strip()).is_relative_to(repo / "src"), where
    assert (repo / ".venv" / "bin" / "govkg").is_file()

    # govkg build rewrote the graph, the same bytes as committed, and said what it read
    assert re.search(r"tongzhou-2023\.txt: [1-9]\d* goals, [1-9]\d* statements, [1-9]\d* entities", build), build
    assert graph_ttl.stat().st_mtime > 0
    assert graph_ttl.read_bytes() == committed
    assert len(Graph().parse(graph_ttl, format="turtle")) > 1000

    # govkg query printed rows about the place
    count = re.search(r"^\((\d+) rows?\)$", query, re.M)
    assert count and int(count.group(1)) >= 1, query
    assert re.search(r"^运河商务区\s+class\s+gk:Area", query, re.M), query

    # the page just built was handed to the browser (as a file URL or a path)
    page = repo / "graph" / "tongzhou-2023.html"
    handed = opened.read_text(encoding="utf-8").split()
    assert len(handed) == 1, (handed, view)
    assert (repo / handed[0].removeprefix("file://")).resolve() == page.resolve(), handed
    assert "<html" in page.read_text(encoding="utf-8")[:500].lower()
    assert seconds < 120, f"the first screen took {seconds:.0f} s"


def test_the_dataset_example_of_writing_your_own_sparql(tmp_path: Path) -> None:
    """docs/sparql.md's GRAPH ?g example (a dataset, so rdflib's Graph cannot check it) gives one row per report."""
    from govkg.batch import build_batch

    [(_, query)] = _fenced_blocks(DOCS / "sparql.md", "sparql-dataset")
    assert not build_batch([REPO / "tests" / "data" / "series"], tmp_path, jobs=1, html=False).failed
    result = CliRunner().invoke(app, ["query", query, "--data", str(tmp_path / "dataset.trig"), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = result.stdout.strip().splitlines()[1:]
    assert len(rows) == 3 and all(int(r.rsplit(",", 1)[1]) > 10 for r in rows), rows
