"""govkg.shapes: the compiled shapes give pyshacl's results on every graph the tests build and on graphs broken on
purpose (one or more mutations per constraint of ontology/shapes.ttl), and refuse what they cannot check."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPORTS, SHARED, skip_or_fail
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from govkg import vocab as V
from govkg.check import check, pyshacl_results, subclass_links
from govkg.ontology_files import shapes_graph
from govkg.pipeline import Built, build_path
from govkg.shapes import DataIndex, Result, UnsupportedShapes, compile_shapes, compiled, validate
from govkg.shapes.model import Constraint, Shape

SH = V.SH
DEV = SHARED / "eval" / "dev"
ID = V.ID
Key = tuple[Node, Node, URIRef | None, URIRef, Node | None]
Expected = tuple[Node, URIRef | None, URIRef]  # (focus, path, component) a mutation must cause


def _key(r: Result) -> Key:
    return (r.severity, r.focus, r.path, r.component, r.value)


def _show(counter: Counter[Key]) -> list[str]:
    return sorted(" ".join(str(t).rsplit("#", 1)[-1] if t is not None else "-" for t in k) for k in counter.elements())


def agree(g: Graph, shapes: Graph | None = None) -> list[Result]:
    """Both validators on `g`; they must give the same results (severity, focus, path, component, value) and, where
    the shape declares sh:message, the same message. Returns pyshacl's results."""
    links = subclass_links()
    fast = (compile_shapes(shapes) if shapes is not None else compiled()).validate(DataIndex(g, links))
    full = pyshacl_results(g, shapes)
    fast_keys, full_keys = Counter(map(_key, fast)), Counter(map(_key, full))
    assert fast_keys == full_keys, {"only fast": _show(fast_keys - full_keys), "only pyshacl": _show(full_keys - fast_keys)}
    generic = {_key(r) for r in fast if r.message is None}
    fast_msgs = Counter((_key(r), r.message) for r in fast if r.message is not None)
    full_msgs = Counter((_key(r), r.message) for r in full if _key(r) not in generic)
    assert fast_msgs == full_msgs
    return full


# ---------------------------------------------------------------- every graph the tests build
def _report_ids() -> list[str]:
    return [p.name for p in sorted(REPORTS.glob("*.txt"))]


def _dev_ids() -> list[str]:
    return [p.name for p in sorted(DEV.glob("*.txt"))] or ["(dev set absent)"]


@pytest.fixture(scope="module")
def report_graphs() -> dict[str, Graph]:
    return {name: build_path(REPORTS / name, validate=False).graph for name in _report_ids()}


@pytest.mark.parametrize("name", _report_ids())
def test_agree_on_test_reports(name: str, report_graphs: dict[str, Graph]) -> None:
    assert agree(report_graphs[name]) == []


def test_agree_on_the_bundled_report(built_bundled: Built) -> None:
    assert agree(built_bundled.graph) == []


@pytest.mark.parametrize("name", _dev_ids())
def test_agree_on_the_dev_set(name: str) -> None:
    path = DEV / name
    if not path.is_file():
        skip_or_fail(f"shared dev set absent: {DEV}")
    assert agree(build_path(path, validate=False).graph) == []


@pytest.fixture(scope="module")
def series_dir(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from govkg.batch import build_batch

    out = tmp_path_factory.mktemp("series")
    assert not build_batch([data_dir / "series"], out, jobs=1, validate=False, html=False).failed
    return out


def test_agree_on_a_series_and_its_promise_checks(series_dir: Path) -> None:
    files = sorted(series_dir.glob("*.ttl"))
    assert [p.name for p in files][-1] == "promises.ttl" and len(files) == 4
    merged = Graph()
    for f in files:
        assert agree(Graph().parse(f)) == [], f.name
        merged.parse(f)
    assert agree(merged) == []


def test_agree_on_a_link_between_two_real_reports(series_dir: Path) -> None:
    """Three reports in one graph, and a statement of one serving a goal of another: the other reports stay clean."""
    g = Graph()
    for f in sorted(series_dir.glob("liuan-*.ttl")):
        g.parse(f)
    reports = sorted(g.subjects(RDF.type, V.Report), key=str)
    ix = DataIndex(g, subclass_links())
    statement = next(s for s in sorted(g.subjects(V.inReport, reports[1]), key=str) if ix.is_instance(s, V.Statement))
    goal = next(s for s in sorted(g.subjects(V.inReport, reports[0]), key=str) if ix.is_instance(s, V.Goal))
    g.add((statement, V.serves, goal))
    results = agree(g)
    assert {(r.focus, r.component, r.value) for r in results} == {
        (reports[1], SH.SPARQLConstraintComponent, statement)}


# ---------------------------------------------------------------- mutations
@dataclass(frozen=True)
class Mutation:
    """A change to one focus node's values that breaks a constraint. `apply` returns the results it must cause."""

    label: str
    path: URIRef | None  # the values it changes (None: several, or node level: it gets a graph of its own)
    apply: Callable[[Graph, Node], list[Expected]]


def _values(g: Graph, f: Node, p: URIRef) -> list[Node]:
    return sorted(g.objects(f, p), key=str)


def _sample(g: Graph, f: Node, p: URIRef) -> Node:
    """A value for `p`: the focus's own, else one another node has, else a string."""
    vs = _values(g, f, p) or sorted(g.objects(None, p), key=str)
    return vs[0] if vs else Literal("样本")


def _set(g: Graph, f: Node, p: URIRef, new: Node) -> None:
    """Replace the focus's first value of `p` by `new` (add it when there is none)."""
    vs = _values(g, f, p)
    if vs:
        g.remove((f, p, vs[0]))
    g.add((f, p, new))


def _like(v: Node, text: str) -> Literal:
    """A literal with `v`'s datatype and language and another text."""
    if isinstance(v, Literal):
        return Literal(text, lang=v.language) if v.language else Literal(text, datatype=v.datatype)
    return Literal(text)


def _another(v: Node, k: int) -> Node:
    """A value like `v`, distinct from it (k = 0, 1 …)."""
    if isinstance(v, URIRef):
        return URIRef(f"{v}-mutant-{k}")
    if isinstance(v, Literal):
        if isinstance(v.value, bool):
            return Literal(not v.value)
        if isinstance(v.value, int | Decimal | float):
            return Literal(v.value + k + 1, datatype=v.datatype)
        if v.datatype == XSD.gYear:
            return Literal(str(int(str(v)) + k + 1), datatype=XSD.gYear)
        return _like(v, f"{v}{'二' * (k + 1)}")
    return BNode()


def _replacing(label: str, p: URIRef, component: URIRef, make: Callable[[Graph, Node], Node]) -> Mutation:
    def apply(g: Graph, f: Node) -> list[Expected]:
        _set(g, f, p, make(g, f))
        return [(f, p, component)]

    return Mutation(label, p, apply)


def _wrong_class_node(cls: Node) -> Callable[[Graph, Node], Node]:
    def make(g: Graph, f: Node) -> Node:
        ix = DataIndex(g, subclass_links())
        return next(s for s in sorted(set(g.subjects(RDF.type, None)), key=str) if not ix.is_instance(s, cls))

    return make


def property_mutations(c: Constraint, p: URIRef) -> list[Mutation]:
    """Mutations that break constraint `c` of a property shape with path `p`, generated from its parameter."""
    k, x = c.component, c.value
    if k == SH.MinCountConstraintComponent:
        def remove(g: Graph, f: Node) -> list[Expected]:
            g.remove((f, p, None))
            return [(f, p, k)]
        return [Mutation("a required value removed", p, remove)]
    if k == SH.MaxCountConstraintComponent:
        def extra(g: Graph, f: Node) -> list[Expected]:
            base, n = _sample(g, f, p), len(_values(g, f, p))
            for i in range(int(str(x)) + 1 - n):
                g.add((f, p, _another(base, i)))
            return [(f, p, k)]
        return [Mutation("a functional value duplicated", p, extra)]
    if k == SH.DatatypeConstraintComponent:
        out = [
            _replacing("wrong datatype", p, k, lambda g, f: Literal(str(_sample(g, f, p)), lang="zh")
                       if x == XSD.string else Literal(str(_sample(g, f, p)))),
            _replacing("an IRI where a literal belongs", p, k, lambda g, f: ID["mutant-iri"]),
        ]
        if x in (XSD.integer, XSD.decimal, XSD.boolean):
            out.append(_replacing("an ill-typed literal", p, k, lambda g, f: Literal("不是值", datatype=x)))
        return out
    if k == SH.ClassConstraintComponent:
        return [
            _replacing("a node of the wrong class", p, k, _wrong_class_node(x)),
            _replacing("an IRI without a type", p, k, lambda g, f: ID["mutant-untyped"]),
            _replacing("a literal where an IRI belongs", p, k, lambda g, f: Literal(str(_sample(g, f, p)))),
        ]
    if k == SH.NodeKindConstraintComponent:
        if x == SH.Literal:
            return [_replacing("an IRI where a literal belongs", p, k, lambda g, f: ID["mutant-iri"])]
        out = [_replacing("a literal where an IRI belongs", p, k, lambda g, f: Literal(str(_sample(g, f, p))))]
        if x == SH.IRI:
            out.append(_replacing("a blank node where an IRI belongs", p, k, lambda g, f: BNode("mutant")))
        return out
    if k == SH.InConstraintComponent:
        return [_replacing("a value outside sh:in", p, k, lambda g, f: ID["not-in-the-list"]),
                _replacing("a string where a concept belongs", p, k,
                           lambda g, f: Literal(str(_sample(g, f, p)).rsplit("#", 1)[-1]))]
    if k == SH.HasValueConstraintComponent:
        def without(g: Graph, f: Node) -> list[Expected]:
            g.remove((f, p, x))
            g.add((f, p, ID["another-value"]))
            return [(f, p, k)]
        return [Mutation("the required value replaced", p, without)]
    if k == SH.PatternConstraintComponent:
        regex = re.compile(str(x))
        out = []
        for label, shape_text in (("text with surrounding whitespace", " {} "), ("a line break inside", "{}\n{}")):
            def make(g: Graph, f: Node, shape_text: str = shape_text) -> Node:
                v = _sample(g, f, p)
                return _like(v, shape_text.format(v, v))
            def effective(g: Graph, f: Node, make: Callable[[Graph, Node], Node] = make) -> list[Expected]:
                new = make(g, f)
                _set(g, f, p, new)
                return [(f, p, k)] if regex.search(str(new)) is None else []
            out.append(Mutation(label, p, effective))
        return out
    if k == SH.MinLengthConstraintComponent:
        return [_replacing("an empty string", p, k, lambda g, f: _like(_sample(g, f, p), ""))]
    if k in (SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent):
        step = -1 if k == SH.MinInclusiveConstraintComponent else 1

        def beyond(g: Graph, f: Node) -> Node:
            v = _sample(g, f, p)
            dt = v.datatype if isinstance(v, Literal) and v.datatype else x.datatype  # type: ignore[union-attr]
            return Literal(Decimal(str(x)) + step if dt == XSD.decimal else int(x) + step, datatype=dt)  # type: ignore[call-overload]

        return [_replacing("outside the range", p, k, beyond),
                _replacing("a number as a string", p, k, lambda g, f: Literal(str(_sample(g, f, p))))]
    if k == SH.LanguageInConstraintComponent:
        return [_replacing("English instead of Chinese", p, k, lambda g, f: Literal(str(_sample(g, f, p)), lang="en")),
                _replacing("no language tag", p, k, lambda g, f: Literal(str(_sample(g, f, p))))]
    if k == SH.UniqueLangConstraintComponent:
        def second(g: Graph, f: Node) -> list[Expected]:
            v = _sample(g, f, p)
            g.add((f, p, _like(v, f"{v}二")))
            return [(f, p, k)]
        return [Mutation("two values in one language", p, second)]
    if k == SH.LessThanConstraintComponent:
        def reversed_range(g: Graph, f: Node) -> list[Expected]:
            v = _values(g, f, p)[0]
            _set(g, f, x, Literal(v.value - 1, datatype=XSD.decimal))  # type: ignore[union-attr]
            return [(f, p, k)]

        def empty_range(g: Graph, f: Node) -> list[Expected]:
            _set(g, f, x, _values(g, f, p)[0])
            return [(f, p, k)]

        return [Mutation("a reversed range", None, reversed_range), Mutation("an empty range", None, empty_range)]
    raise AssertionError(f"no mutation for {k} yet: write one, so that every constraint of shapes.ttl is tested")


def _metric_range(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.qualifier, V.Range)
    g.remove((f, V.valueMax, None))
    return [(f, None, SH.OrConstraintComponent)]


def _metric_value_max(g: Graph, f: Node) -> list[Expected]:
    g.remove((f, V.qualifier, None))
    g.add((f, V.valueMax, Literal(Decimal("1e9"), datatype=XSD.decimal)))
    return [(f, None, SH.OrConstraintComponent)]


def _both_kinds(g: Graph, f: Node) -> list[Expected]:
    g.add((f, RDF.type, V.Achievement if (f, RDF.type, V.Task) in g else V.Task))
    return [(f, None, SH.XoneConstraintComponent)]


def _neither_kind(g: Graph, f: Node) -> list[Expected]:
    g.remove((f, RDF.type, None))
    g.add((f, RDF.type, V.Statement))
    return [(f, None, SH.XoneConstraintComponent)]


def _paragraph_as_task(g: Graph, f: Node) -> list[Expected]:
    g.add((f, RDF.type, V.Task))  # a divided paragraph counted with its own sentences (issue 12)
    return [(f, None, SH.NotConstraintComponent)]


def _outcome_not_reported(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.outcome, ID["some-outcome"])
    _set(g, f, V.promiseStatus, V.NotReported)
    return [(f, None, SH.OrConstraintComponent)]


def _met_without_outcome(g: Graph, f: Node) -> list[Expected]:
    g.remove((f, V.outcome, None))
    _set(g, f, V.promiseStatus, V.Met)
    return [(f, None, SH.OrConstraintComponent)]


#: Node-level constraints (sh:or, sh:xone at the top of a shape), by shape.
NODE_MUTATIONS: dict[str, list[Mutation]] = {
    "MetricRangeShape": [Mutation("a range without an upper end", None, _metric_range)],
    "MetricValueMaxShape": [Mutation("an upper end without a range", None, _metric_value_max)],
    "StatementKindShape": [Mutation("a statement typed both Task and Achievement", None, _both_kinds),
                           Mutation("a statement typed neither Task nor Achievement", None, _neither_kind)],
    "ParagraphKindShape": [Mutation("a paragraph typed gk:Task as well", None, _paragraph_as_task)],
    "PromiseOutcomeShape": [Mutation("an outcome with gk:NotReported", None, _outcome_not_reported),
                            Mutation("gk:Met without an outcome", None, _met_without_outcome)],
}


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1]


def shape_mutations(shape: Shape) -> list[tuple[Constraint, Mutation]]:
    """Every constraint of a root shape with the mutations that break it."""
    out = [(c, m) for ps in shape.properties for c in ps.constraints
           for m in property_mutations(c, ps.path)]  # type: ignore[arg-type]
    out += [(c, m) for c in shape.constraints for m in NODE_MUTATIONS.get(_local(shape.node), [])]
    return out


# ---------------------------------------------------------------- donors: small real graphs with each class
#: A small report read with a warning (a figure inside words about the report is left unread), so that the shapes of
#: gk:ReadingWarning have a focus node: the test reports all read without warnings.
WARNED = "二、2025年重点工作\n现在，我代表区政府报告工作，请予审议。全年完成投资12亿元。\n○新建口袋公园8个。\n"


@pytest.fixture(scope="module")
def donors(report_graphs: dict[str, Graph], series_dir: Path) -> list[Graph]:
    """The test reports' graphs, a report read with a warning and the series' promise checks, smallest first."""
    from govkg.graph import build
    from govkg.pipeline import run_extraction
    from govkg.read import from_text

    warned = run_extraction(from_text(WARNED, "warned.txt"))
    assert warned.reading is not None and warned.reading.warnings
    return sorted([*report_graphs.values(), build(warned), Graph().parse(series_dir / "promises.ttl")], key=len)


def _focus_nodes(g: Graph, shape: Shape) -> list[Node]:
    ix = DataIndex(g, subclass_links())
    return sorted({n for c in shape.targets for n in ix.instances(c)}, key=str)


def _copy(g: Graph) -> Graph:
    out = Graph()
    out += g
    return out


def _rounds(shape: Shape, donor: Graph) -> Iterator[tuple[Graph, list[tuple[Constraint, str, list[Expected]]]]]:
    """The shape's mutations applied to copies of `donor`, as many to one copy as touch different (focus, path)
    pairs; a mutation of several paths or of the node itself gets a copy of its own."""
    focus = _focus_nodes(donor, shape)
    whole = ("*", "*")
    rounds: list[tuple[set[tuple[Node, Node]], list[tuple[Constraint, Mutation, Node]]]] = []
    for c, m in shape_mutations(shape):
        if m.path is None:
            rounds.append(({whole}, [(c, m, focus[len(rounds) % len(focus)])]))
            continue
        for used, todo in rounds:
            f = next((f for f in focus if (f, m.path) not in used), None)
            if f is not None and whole not in used:
                used.add((f, m.path))
                todo.append((c, m, f))
                break
        else:
            rounds.append(({(focus[0], m.path)}, [(c, m, focus[0])]))
    for _used, todo in rounds:
        g = _copy(donor)
        yield g, [(c, m.label, m.apply(g, f)) for c, m, f in todo]


ROOTS = sorted(compiled().roots, key=lambda s: str(s.node))


@pytest.mark.slow
@pytest.mark.parametrize("shape", [s for s in ROOTS if not s.sparql], ids=lambda s: _local(s.node))
def test_agree_on_broken_graphs(shape: Shape, donors: list[Graph]) -> None:
    """Each constraint of the shape broken on a real graph: both validators report it, and agree on everything."""
    donor = next((g for g in donors if _focus_nodes(g, shape)), None)
    assert donor is not None, f"no test graph has a focus node of {_local(shape.node)}"
    effective: Counter[int] = Counter()
    missed = []
    for g, applied in _rounds(shape, donor):
        found = {(r.focus, r.path, r.component) for r in agree(g)}
        for c, label, expected in applied:
            effective[id(c)] += bool(expected)
            missed += [(label, e) for e in expected if e not in found]
    assert missed == []
    constraints = [c for ps in [shape, *shape.properties] for c in ps.constraints]
    unbroken = [(_local(c.component), str(c.value)) for c in constraints if not effective[id(c)]]
    assert unbroken == [], "constraints no mutation broke"


# ---------------------------------------------------------------- the SHACL-SPARQL constraints, by hand
def _report(g: Graph) -> Node:
    return next(g.subjects(RDF.type, V.Report))


def _sparql(g: Graph) -> Expected:
    """A SHACL-SPARQL result on the report (its value, the offending node, is checked by the test)."""
    return (_report(g), None, SH.SPARQLConstraintComponent)


def _other_report_node(g: Graph, name: str, cls: URIRef) -> URIRef:
    node = ID[f"other-report/{name}"]
    g.add((node, RDF.type, cls))
    g.add((node, V.inReport, ID["other-report"]))
    return node


def _goal_in_another_tree(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.REUSED["inScheme"], ID["another-tree"])
    return [_sparql(g)]


def _goal_in_two_trees(g: Graph, f: Node) -> list[Expected]:
    g.add((f, V.REUSED["inScheme"], ID["another-tree"]))
    return [_sparql(g), (f, V.REUSED["inScheme"], SH.MaxCountConstraintComponent)]


def _serves_a_goal_of_another_report(g: Graph, f: Node) -> list[Expected]:
    g.add((f, V.serves, _other_report_node(g, "goal", V.Goal)))
    return [_sparql(g)]


def _stated_in_another_report(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.statedIn, _other_report_node(g, "statement", V.Task))
    return [_sparql(g)]


def _under_a_goal_of_another_report(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.subGoalOf, _other_report_node(g, "goal", V.Goal))
    return [_sparql(g)]


def _serves_nothing_known(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.serves, Literal("规划"))
    return [_sparql(g), (f, V.serves, SH.ClassConstraintComponent)]


def _count(value: Node) -> Callable[[Graph, Node], list[Expected]]:
    """A counted group with two members and gk:memberCount `value`."""
    def apply(g: Graph, f: Node) -> list[Expected]:
        members = sorted(DataIndex(g, subclass_links()).instances(V.NamedEntity), key=str)[:2]
        g.remove((f, V.member, None))
        for m in members:
            g.add((f, V.member, m))
        _set(g, f, V.memberCount, value)
        dt = value.datatype if isinstance(value, Literal) else None
        out = []
        if dt in (XSD.integer, XSD.decimal, XSD.gYear):  # rdflib orders an integer after a gYear (by datatype IRI)
            out.append(_sparql(g))
        if dt != XSD.integer:
            out.append((f, V.memberCount, SH.DatatypeConstraintComponent))
        return out
    return apply


def _cycle_of_two(g: Graph, f: Node) -> list[Expected]:
    parent = g.value(f, V.subGoalOf)
    assert parent is not None
    g.add((parent, V.subGoalOf, f))
    return [_sparql(g)]


def _own_parent(g: Graph, f: Node) -> list[Expected]:
    _set(g, f, V.subGoalOf, f)
    return [_sparql(g)]


SPARQL_MUTATIONS: dict[str, tuple[str, URIRef, Callable[[Graph, Node], list[Expected]]]] = {
    "a goal outside the goal tree": ("goal outside the goal tree", V.Goal, _goal_in_another_tree),
    "a goal in two trees": ("goal outside the goal tree", V.Goal, _goal_in_two_trees),
    "a statement serving a goal of another report": ("link leaving the report", V.Task, _serves_a_goal_of_another_report),
    "a metric stated in another report": ("link leaving the report", V.Metric, _stated_in_another_report),
    "a goal under a goal of another report": ("link leaving the report", V.Goal, _under_a_goal_of_another_report),
    "a statement serving a literal": ("link leaving the report", V.Task, _serves_nothing_known),
    "a group with more members than its count": ("counted group over its count", V.CountedGroup, _count(Literal(1))),
    "a group counted 1.5": ("counted group over its count", V.CountedGroup, _count(Literal(Decimal("1.5")))),
    "a group counted as a string": ("counted group over its count", V.CountedGroup, _count(Literal("1"))),
    "a group counted as a gYear": ("counted group over its count", V.CountedGroup,
                                   _count(Literal("2030", datatype=XSD.gYear))),
    "a group counted by an IRI": ("counted group over its count", V.CountedGroup, _count(ID["one"])),
    "a subGoalOf cycle of two goals": ("goal on a subGoalOf cycle", V.Goal, _cycle_of_two),
    "a goal that is its own parent": ("goal on a subGoalOf cycle", V.Goal, _own_parent),
}
SPARQL_CHECKS = {q.name: q for s in ROOTS for q in s.sparql}


def test_every_sparql_constraint_has_mutations() -> None:
    assert sorted(SPARQL_CHECKS) == sorted({name for name, _, _ in SPARQL_MUTATIONS.values()})


@pytest.mark.parametrize("name", list(SPARQL_MUTATIONS))
def test_agree_on_broken_report_consistency(name: str, donors: list[Graph]) -> None:
    """A broken link, tree, count or cycle: both validators report it on the report, with the offending node's IRI
    in the constraint's message; a comparison SPARQL finds in error reports nothing."""
    check_name, cls, apply = SPARQL_MUTATIONS[name]
    donor = next(g for g in donors if any(g.subjects(RDF.type, cls)))
    g = _copy(donor)
    focus = sorted(g.subjects(RDF.type, cls), key=str)[-1]
    expected = apply(g, focus)
    found = {(r.focus, r.path, r.component) for r in agree(g)}
    assert [e for e in expected if e not in found] == []
    sparql = [r for r in validate(g, subclass_links()) if r.component == SH.SPARQLConstraintComponent]
    if any(e[2] == SH.SPARQLConstraintComponent for e in expected):
        assert focus in {r.value for r in sparql}
        assert all(r.message == SPARQL_CHECKS[check_name].text(r.focus, r.value) for r in sparql)
        assert all(str(r.value) in (r.message or "") for r in sparql)
    else:
        assert sparql == []


# ---------------------------------------------------------------- what the compiler refuses
GKSH = "https://w3id.org/govkg/shapes#"


def _shapes_with(turtle: str = "", edit: Callable[[Graph], None] | None = None) -> Graph:
    g = _copy(shapes_graph())
    if turtle:
        g.parse(data=f"@prefix sh: <{SH}> . @prefix gk: <{V.GK}> . @prefix gksh: <{GKSH}> . "
                     f"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . {turtle}", format="turtle")
    if edit is not None:
        edit(g)
    return g


def _edit_select(old: str, new: str) -> Callable[[Graph], None]:
    def edit(g: Graph) -> None:
        (q, text), = [(q, t) for q, t in g.subject_objects(SH.select) if old in str(t)]
        g.remove((q, SH.select, text))
        g.add((q, SH.select, Literal(str(text).replace(old, new))))
    return edit


def _redeclare_gk(g: Graph) -> None:
    (d,) = [d for d in g.objects(None, SH.declare) if str(g.value(d, SH.prefix)) == "gk"]
    g.set((d, SH.namespace, Literal("https://example.org/other#", datatype=XSD.anyURI)))


def _severity_in_an_operand(g: Graph) -> None:
    (head,) = g.objects(URIRef(GKSH + "MetricRangeShape"), SH["or"])
    g.add((g.value(head, RDF.first), SH.severity, SH.Warning))  # type: ignore[arg-type]


def _refused() -> dict[str, tuple[Callable[[], Graph], str]]:
    return {
        "a constraint component it lacks (sh:maxLength)": (
            lambda: _shapes_with("gksh:marker sh:maxLength 5 ."), "sh:maxLength"),
        "a second value of a parameter": (lambda: _shapes_with("gksh:marker sh:minLength 2 ."), "2 values of sh:minLength"),
        "a target other than sh:targetClass": (
            lambda: _shapes_with("gksh:ReportShape sh:targetNode gk:Report ."), "sh:targetNode"),
        "a sequence path": (
            lambda: _shapes_with("gksh:ReportShape sh:property [ sh:path ( gk:goalTree gk:inReport ) ; sh:minCount 1 ] ."),
            "only a predicate path"),
        "an inverse path": (
            lambda: _shapes_with("gksh:ReportShape sh:property [ sh:path [ sh:inversePath gk:inReport ] ; "
                                 "sh:minCount 1 ] ."), "only a predicate path"),
        "a closed shape": (lambda: _shapes_with("gksh:ReportShape sh:closed true ."), "sh:closed"),
        "sh:node": (lambda: _shapes_with("gksh:ReportShape sh:node gksh:ReadingReportShape ."), "sh:node"),
        "sh:and": (lambda: _shapes_with("gksh:ReportShape sh:and ( [ sh:class gk:Report ] ) ."), "sh:and"),
        "qualified value shapes": (
            lambda: _shapes_with("gksh:ReportShape sh:property [ sh:path gk:region ; sh:qualifiedValueShape "
                                 "[ sh:class gk:Area ] ; sh:qualifiedMinCount 1 ] ."), "sh:qualified"),
        "a deactivated shape": (lambda: _shapes_with("gksh:ReportShape sh:deactivated true ."), "sh:deactivated"),
        "an implicit class target": (lambda: _shapes_with("gksh:ReportShape a rdfs:Class ."), "rdfs:Class"),
        "a shape that nests itself": (lambda: _shapes_with("gksh:PartShape sh:not gksh:PartShape ."), "refers to itself"),
        "a SHACL triple no shape reads": (lambda: _shapes_with("[] sh:path gk:text ; sh:minCount 1 ."), "no compiled shape"),
        "an edited SPARQL query": (
            lambda: _shapes_with(edit=_edit_select("COUNT(DISTINCT ?m) > ?n", "COUNT(DISTINCT ?m) >= ?n")),
            "no Python translation"),
        "a SPARQL query over another prefix": (lambda: _shapes_with(edit=_redeclare_gk), "prefix gk:"),
        "sh:sparql on a property shape": (
            lambda: _shapes_with('gksh:marker sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE {}" ] .'),
            "sh:sparql on property shape"),
        "a severity inside sh:or": (lambda: _shapes_with(edit=_severity_in_an_operand), "sh:severity on"),
        "an unknown severity": (lambda: _shapes_with("gksh:marker sh:severity sh:Fatal ."), "sh:severity"),
    }


@pytest.mark.parametrize("case", list(_refused()))
def test_the_compiler_refuses_what_it_does_not_check(case: str) -> None:
    make, says = _refused()[case]
    with pytest.raises(UnsupportedShapes, match=re.escape(says)):
        compile_shapes(make())


def test_the_shipped_shapes_compile_to_every_supported_component() -> None:
    from govkg.shapes.components import COMPONENTS

    counts = compiled().components()
    assert {c for c, _ in COMPONENTS.values()} | {SH.SPARQLConstraintComponent} == set(counts)
    assert counts[SH.SPARQLConstraintComponent] == 4
    assert len(compiled().roots) == len({s for s in shapes_graph().subjects(SH.targetClass, None)})


def test_a_declared_severity_is_reported(report_graphs: dict[str, Graph]) -> None:
    """sh:severity sh:Warning on a property shape: both validators report its results as warnings, and a graph
    with warnings only conforms."""
    shapes = _shapes_with("gksh:startOffset sh:severity sh:Warning .")
    g = _copy(report_graphs["tiny-plan.txt"])
    statement = sorted(g.subjects(RDF.type, V.Task), key=str)[0]
    _set(g, statement, V.startOffset, Literal(-1))
    results = agree(g, shapes)
    assert [(r.focus, r.severity) for r in results] == [(statement, SH.Warning)]
    fast = compile_shapes(shapes).validate(DataIndex(g, subclass_links()))
    assert [r.severity for r in fast] == [SH.Warning]


def test_check_reports_the_same_findings_in_both_modes(report_graphs: dict[str, Graph]) -> None:
    """check(g) and check(g, "full") on a broken graph: the same findings in the same (sorted) order, messages aside
    where the shape declares none."""
    g = _copy(report_graphs["tiny-plan.txt"])
    statement = sorted(g.subjects(RDF.type, V.Task), key=str)[0]
    g.remove((statement, V.text, None))
    g.add((statement, RDF.type, V.Achievement))
    g.add((statement, V.GK.notATermOfOurs, Literal("x")))
    fast, full = check(g), check(g, "full")
    assert not fast.conforms and not full.conforms
    assert [f.model_dump(exclude={"message"}) for f in fast.findings] == [
        f.model_dump(exclude={"message"}) for f in full.findings]
    assert fast.findings[0].message == full.findings[0].message == f"term not declared in the ontology: {V.GK.notATermOfOurs}"
    shacl = fast.findings[1:]
    assert shacl == sorted(shacl, key=lambda f: (f.focus or "", f.path or "", f.constraint or "", f.value or ""))
    assert {(f.path, f.constraint) for f in shacl} >= {
        (str(V.text), str(SH.MinCountConstraintComponent)), (None, str(SH.XoneConstraintComponent))}


def test_a_build_with_refused_shapes_fails(monkeypatch: pytest.MonkeyPatch, reports_dir: Path) -> None:
    """Shapes the compiler refuses stop the default build (naming the feature); they are never passed over."""
    import govkg.shapes

    monkeypatch.setattr(govkg.shapes, "compiled", lambda: compile_shapes(_shapes_with("gksh:marker sh:maxLength 5 .")))
    with pytest.raises(RuntimeError, match="step 'check' failed: sh:maxLength"):
        build_path(reports_dir / "tiny-plan.txt")
    assert build_path(reports_dir / "tiny-plan.txt", validate="full").report.conforms


# ---------------------------------------------------------------- near misses: changes both must accept
def _first_of(g: Graph, cls: URIRef) -> Node:
    return sorted(DataIndex(g, subclass_links()).instances(cls), key=str)[0]


def _relabel(lang: str) -> Callable[[Graph], None]:
    def apply(g: Graph) -> None:
        e = _first_of(g, V.NamedEntity)
        _set(g, e, V.REUSED["label"], Literal(str(g.value(e, V.REUSED["label"])), lang=lang))
    return apply


def _set_first(cls: URIRef, p: URIRef, value: Node) -> Callable[[Graph], None]:
    return lambda g: _set(g, _first_of(g, cls), p, value)


def _narrow_range(g: Graph) -> None:
    m = _first_of(g, V.Metric)
    v = g.value(m, V.value)
    _set(g, m, V.qualifier, V.Range)
    _set(g, m, V.valueMax, Literal(v.value + Decimal("0.001"), datatype=XSD.decimal))  # type: ignore[union-attr]


NEAR_MISSES: dict[str, Callable[[Graph], None]] = {
    "a regional language tag (zh-CN)": _relabel("zh-CN"),
    "an upper-case language tag (ZH)": _relabel("ZH"),
    "an offset of 0 (sh:minInclusive 0)": _set_first(V.Task, V.startOffset, Literal(0)),
    "coverage 1 (sh:maxInclusive 1)": _set_first(V.ReadingReport, V.coverage, Literal(Decimal(1))),
    "coverage 0 (sh:minInclusive 0)": _set_first(V.ReadingReport, V.coverage, Literal(Decimal(0))),
    "a unit typed xsd:string": _set_first(V.Metric, V.unit, Literal("个", datatype=XSD.string)),
    "a range a thousandth wide": _narrow_range,
    "a one-character statement": _set_first(V.Task, V.text, Literal("是", lang="zh")),
}


@pytest.mark.parametrize("name", list(NEAR_MISSES))
def test_agree_on_near_misses(name: str, report_graphs: dict[str, Graph]) -> None:
    """Values at the edge of a constraint, on its right side: neither validator reports anything."""
    g = _copy(report_graphs["tiny-plan.txt"])
    NEAR_MISSES[name](g)
    assert agree(g) == []


def test_ontology_files_are_read_as_rdflib_reads_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ontology_graph() and shapes_graph() are parsed by pyoxigraph: the same triples and prefixes as rdflib's own
    Turtle parser, on our files and on the literal forms they could use. (Two forms are left out, both the same
    term in RDF 1.1 and read so by pyoxigraph, while rdflib keeps them apart: "x"^^xsd:string, which is "x", and a
    language tag's capitals: "c"@en-GB is "c"@en-gb.)"""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from govkg.ontology_files import ontology_dir, read_turtle

    odd = tmp_path / "odd.ttl"
    odd.write_text('@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                   'ex:a ex:p "plain", "zh"@zh, 3, 1.50, 1e3, true, "2023"^^xsd:gYear, '
                   '"01"^^xsd:integer ; ex:q [ ex:r ( ex:b "c"@en-gb ) ] .\n', encoding="utf-8")
    for path in (ontology_dir() / "govkg.ttl", ontology_dir() / "shapes.ttl", odd):
        ours, theirs = read_turtle(path), Graph().parse(path, format="turtle")
        assert len(ours) == len(theirs) and isomorphic(ours, theirs), path.name
        assert set(ours.namespaces()) >= {(p, n) for p, n in theirs.namespaces() if p in ("ex", "gk", "sh", "xsd")}
