"""The reviewed word lists: every surface form stands in one list only (SOURCES.md), and each list is well formed."""

from __future__ import annotations

from collections import defaultdict

from govkg.extract import lexicon

#: The hand-compiled lists of names and of words that are not names (places.tsv and idioms.txt are generated).
NAME_LISTS = ("institutions.tsv", "events.tsv", "programs.tsv", "zones.tsv")
WORD_LISTS = ("generic.txt", "generic_topics.txt", "slogans.txt")


def _surfaces() -> dict[str, set[str]]:
    where: dict[str, set[str]] = defaultdict(set)
    for name in NAME_LISTS:
        alias_col = 2 if name == "institutions.tsv" else 1
        for row in lexicon._rows(name):
            aliases = lexicon._aliases(row[alias_col]) if len(row) > alias_col else ()
            for surface in (row[0], *aliases):
                where[surface].add(name)
    for name in WORD_LISTS:
        for w in lexicon.words(name):
            where[w].add(name)
    return where


def test_no_surface_form_stands_in_two_lists() -> None:
    twice = {s: sorted(files) for s, files in _surfaces().items() if len(files) > 1}
    assert twice == {}


def test_no_name_is_also_a_generic_word() -> None:
    """A name a dictionary lists is never also declared generic (it would be matched, then refused)."""
    names = {s for s, files in _surfaces().items() if files & set(NAME_LISTS)}
    assert sorted(names & lexicon.generic()) == []


def test_suffix_table_is_well_formed() -> None:
    types = {"Project", "Facility", "Area", "Institution", "Program", "IndustryCluster", "Event"}
    seen: set[str] = set()
    for s in lexicon.suffixes():
        assert s.type in types and s.weight in (lexicon.WEAK, lexicon.USUAL, lexicon.DECIDES), s
        assert s.text not in seen, f"suffix listed twice: {s.text}"
        seen.add(s.text)


def test_entity_classes_are_one_list_everywhere() -> None:
    """The ontology's classes of named things, the builder's map, the pydantic type, the type vote and the views all
    list the same classes: a new class cannot silently miss one of them."""
    from typing import get_args

    from rdflib.namespace import RDFS

    from govkg import vocab as V
    from govkg.export.graphindex import NODE_KINDS
    from govkg.export.html import STYLE
    from govkg.models import EntityType
    from govkg.ontology_files import ontology_graph
    from govkg.resolve import TYPE_ORDER

    ont = ontology_graph()
    direct = {str(c).rsplit("#", 1)[1] for c in ont.subjects(RDFS.subClassOf, V.NamedEntity)}
    facility = {str(c).rsplit("#", 1)[1] for c in ont.subjects(RDFS.subClassOf, V.Project)}
    classes = set(V.ENTITY_CLASSES)
    assert classes == direct | (facility & classes)
    assert classes == set(get_args(EntityType)) == set(TYPE_ORDER)
    assert classes <= set(NODE_KINDS) and classes <= set(STYLE)
    for name in classes:
        assert (V.ENTITY_CLASSES[name], RDFS.subClassOf, None) in ont or V.ENTITY_CLASSES[name] in {
            s for s in ont.subjects(None, None)}


def test_the_place_a_name_opens_with_is_the_longest_place_it_starts_with() -> None:
    """place_opening looks the name's prefixes up; the definition is a scan of every province and city, longest
    name first, matching the name or a short form of two characters or more. Both agree on every dictionary name
    and on a name made from every place and short form."""
    from govkg.extract.lexicon import _rows, place_opening, places

    big = sorted((p for p in places() if p.level in ("province", "city")), key=lambda p: (-len(p.name), p.name))

    def scan(name: str) -> str:
        return next((p.name for p in big if name.startswith(p.name) or (len(p.short) >= 2 and name.startswith(p.short))),
                    "")

    names = [r[0] for f in ("institutions.tsv", "events.tsv", "programs.tsv", "zones.tsv") for r in _rows(f) if r]
    names += [p.name + "人民医院" for p in places()] + [p.short + "新区" for p in places()]
    assert sum(1 for n in names if scan(n)) > 1000
    for n in names:
        assert place_opening(n) == scan(n), n


def test_the_jieba_dictionary_is_read_alike_by_its_regexes_and_line_by_line() -> None:
    """`_word_tags` and `_place_tagged` read data/jieba_dict.txt with one regex each; every line must have the form
    they expect (word, frequency, tag, one space apart), and they must give what reading it line by line gives."""
    from govkg.extract.names import _place_tagged, jieba_dict_text
    from govkg.identity import _word_tags

    lines = jieba_dict_text().splitlines()
    bad = [(n, line) for n, line in enumerate(lines, 1) if len(line.split(" ")) != 3 or "" in line.split(" ")]
    assert not bad, bad[:3]
    fields = [line.split(" ") for line in lines]
    assert _word_tags() == {w: tag for w, _f, tag in fields if 2 <= len(w) <= 3}
    verbs = lexicon.name_words("leading-verb")
    assert _place_tagged() == {w for w, _f, tag in fields if tag == "ns" and w not in verbs}
