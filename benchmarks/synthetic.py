"""Synthetic built graphs of a chosen size, shaped like merged government work reports, for view benchmarks.

`synthetic_graph(n)` has exactly n view nodes: about 15% goals (two parts per report, chapters, sections),
45% statements (tasks and achievements under the sections) and 40% entities of every class, each named by one
to four statements of one report; a sixth of the entities are named in two reports. One report per 400 nodes.
"""

from __future__ import annotations

import random

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from govkg import vocab as V

CLASSES = ["Project", "Project", "Project", "Facility", "Area", "Area", "Institution", "Program", "IndustryCluster",
           "Event"]
SUFFIX = {"Project": "工程", "Facility": "中心", "Area": "片区", "Institution": "管理局", "Program": "行动计划",
          "IndustryCluster": "产业集群", "Event": "博览会"}
WORDS = ["推进", "建设", "完善", "提升", "打造", "实施", "深化", "加快", "优化", "培育", "创新", "绿色", "智慧", "协同",
         "民生", "产业", "生态", "城市", "乡村", "数字"]


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def synthetic_graph(n: int, seed: int = 0) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    n_goals = max(2, round(n * 0.15))
    n_statements = max(1, round(n * 0.45))
    n_entities = n - n_goals - n_statements
    reports = max(1, n // 400)
    goals: list[tuple[URIRef, int, str]] = []  # goal, report, part
    parents: set[URIRef] = set()
    order = 0
    per_report = [n_goals // reports + (1 if r < n_goals % reports else 0) for r in range(reports)]
    for r in range(reports):
        report = V.ID[f"report/synthetic-{r:03d}"]
        g.add((report, RDF.type, V.Report))
        g.add((report, RDFS.label, _zh(f"合成报告{r + 1:03d}")))
        budget = per_report[r]
        parts = []
        for part in ("review", "plan")[: min(2, budget)]:
            node = V.ID[f"report/synthetic-{r:03d}/goal/{part}"]
            parts.append((node, part))
            goals.append((node, r, part))
            budget -= 1
        chapters: list[tuple[URIRef, str]] = []
        for i in range(budget):
            order += 1
            if i < max(1, budget // 4) or not chapters:
                parent, part = parts[i % len(parts)]
                level, tag = V.ChapterLevel, f"{part}-{i + 1}"
            else:
                parent, part = chapters[rng.randrange(len(chapters))]
                level, tag = V.SectionLevel, f"{str(parent).rsplit('/', 1)[-1]}-{i + 1}"
            node = V.ID[f"report/synthetic-{r:03d}/goal/{tag}"]
            g.add((node, RDF.type, V.Goal))
            g.add((node, V.subGoalOf, parent))
            g.add((node, V.level, level))
            g.add((node, V.order, Literal(order, datatype=XSD.integer)))
            title = "".join(rng.choice(WORDS) for _ in range(3)) + "，" + "".join(rng.choice(WORDS) for _ in range(4))
            g.add((node, RDFS.label, _zh(title)))
            goals.append((node, r, part))
            parents.add(parent)
            if level == V.ChapterLevel:
                chapters.append((node, part))
        for node, part in parts:
            g.add((node, RDF.type, V.Part))
            g.add((node, V.level, V.PartLevel))
            g.add((node, RDFS.label, _zh("过去一年工作回顾" if part == "review" else "今年主要任务")))
    for node, r, part in goals:
        g.add((node, V.part, V.PARTS[part]))
        g.add((node, V.inReport, V.ID[f"report/synthetic-{r:03d}"]))
    targets = [goal for goal in goals if goal[0] not in parents]
    statements: list[tuple[URIRef, URIRef, int, str]] = []
    for i in range(n_statements):
        goal, r, part = targets[(i * len(targets)) // n_statements]
        node = V.ID[f"report/synthetic-{r:03d}/statement/s{i + 1}"]
        statements.append((node, goal, r, part))
        g.add((node, RDF.type, V.Achievement if part == "review" else V.Task))
        g.add((node, V.serves, goal))
        g.add((node, V.part, V.PARTS[part]))
        g.add((node, V.inReport, V.ID[f"report/synthetic-{r:03d}"]))
        g.add((node, V.order, Literal(100000 + i, datatype=XSD.integer)))
        g.add((node, V.line, Literal(i + 3, datatype=XSD.integer)))
    for i in range(n_entities):
        cls = CLASSES[i % len(CLASSES)]
        name = "".join(rng.choice(WORDS) for _ in range(2)) + f"{i + 1}号" + SUFFIX[cls]
        node = V.ID[f"synthetic-entity-{i + 1}"]
        g.add((node, RDF.type, V.ENTITY_CLASSES[cls]))
        g.add((node, RDFS.label, _zh(name)))
        if i % 5 == 0:
            g.add((node, SKOS.altLabel, _zh(name[:4] + SUFFIX[cls])))
        start = rng.randrange(len(statements))
        named = {statements[(start + rng.randrange(8)) % len(statements)] for _ in range(rng.randint(1, 4))}
        if i % 6 == 0:
            named.add(statements[rng.randrange(len(statements))])
        for stmt, goal, _, _ in named:
            g.add((stmt, V.mentions, node))
            g.add((node, V.serves, goal))
        if i % 3 == 0:
            stmt = sorted(named)[0][0]
            metric = V.ID[f"synthetic-metric-{i + 1}"]
            value = rng.randint(1, 500)
            g.add((metric, RDF.type, V.Metric))
            g.add((metric, V.value, Literal(value, datatype=XSD.decimal)))
            g.add((metric, V.unit, Literal("亿元")))
            g.add((metric, V.rawText, Literal(f"{value}亿元")))
            g.add((metric, V.about, node))
            g.add((metric, V.statedIn, stmt))
    for stmt, _, _, _ in statements:
        names = sorted(str(g.value(e, RDFS.label)) for e in g.objects(stmt, V.mentions))
        text = "，".join(rng.choice(WORDS) + name for name in names) or "".join(rng.choice(WORDS) for _ in range(6))
        g.add((stmt, V.text, _zh(text + "。")))
    return g
