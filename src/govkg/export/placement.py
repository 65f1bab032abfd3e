"""Starting positions for a view: the goal tree as blocks of outline, entities beside what names them.

Each child of a root goal (a chapter with its sections and statements) is a block laid out left to right like an
outline: goal, sub-goals, statements one per row. A root's blocks are packed in columns under the root; several
roots (two parts, several reports) stand side by side. The page keeps goals and statements where they are and
lets only the entities move for a bounded number of physics steps, so the outline stays tidy, an entity named
in several chapters settles between them, and the same file always opens the same way (no random start)."""

from __future__ import annotations

import math
from collections import defaultdict

from rdflib import URIRef

from govkg.export.graphindex import GOAL_KINDS, STATEMENT_KINDS
from govkg.export.view import View

ROW = 38.0  # height of one statement row
GOAL_COLUMN = 290.0  # width of a column of goals (titles are shortened to 16 characters)
STATEMENT_COLUMN = 190.0  # width of a column of statements (shortened to 10 characters)
ENTITY_COLUMN = 230.0  # room right of a block for the entities its statements name
PAD = 70.0  # space between blocks
ASPECT = 0.9  # all groups of blocks together aim at this width : height (a browser window)

Tree = dict[URIRef | None, list[URIRef]]


def tree(view: View) -> Tree:
    """Children of every goal and statement of the view; None holds the roots (goals without a chosen parent,
    statements whose goal is not in the view)."""
    ix, chosen = view.index, set(view.nodes)
    kids: Tree = defaultdict(list)
    for n in view.nodes:
        if ix.kind[n] in GOAL_KINDS:
            up = ix.parent.get(n)
        elif ix.kind[n] in STATEMENT_KINDS:
            up = ix.paragraph.get(n) if ix.paragraph.get(n) in chosen else ix.serves.get(n)
        else:
            continue
        kids[up if up in chosen else None].append(n)
    return kids


def _block(view: View, head: URIRef, kids: Tree) -> tuple[dict[URIRef, tuple[float, float]], float, float]:
    """An outline of `head`'s subtree from (0, 0): one row per leaf, a parent level with the middle of its
    children. Returns positions, width and height."""
    ix = view.index
    pos: dict[URIRef, tuple[float, float]] = {}
    columns: dict[int, float] = {}
    rows = 0
    todo: list[tuple[URIRef, int, bool]] = [(head, 0, False)]
    while todo:
        n, depth, done = todo.pop()
        children = kids.get(n, [])
        wide = GOAL_COLUMN if ix.kind[n] in GOAL_KINDS else STATEMENT_COLUMN
        columns[depth] = max(columns.get(depth, 0.0), wide)
        if done or not children:
            if children:
                y = (pos[children[0]][1] + pos[children[-1]][1]) / 2
            else:
                y, rows = rows * ROW, rows + 1
            pos[n] = (float(depth), y)
        else:
            todo.append((n, depth, True))
            todo += [(c, depth + 1, False) for c in reversed(children)]
    left = [0.0]
    for d in range(1, max(columns) + 2):
        left.append(left[-1] + columns.get(d - 1, 0.0))
    out = {n: (left[int(d)], y) for n, (d, y) in pos.items()}
    return out, left[-1] + ENTITY_COLUMN, max(1, rows) * ROW


def place(view: View) -> dict[URIRef, tuple[int, int]]:
    """Positions of every node of the view, in whole page pixels; the same view always gets the same ones."""
    kids = tree(view)
    pos: dict[URIRef, tuple[float, float]] = {}
    groups = []
    roots = kids.get(None, [])
    per_row = max(1, math.ceil(math.sqrt(len(roots))))
    for root in roots:
        blocks = [_block(view, c, kids) for c in kids.get(root, [])]
        area = sum(w * h for _, w, h in blocks)
        tallest = max((h for _, _, h in blocks), default=0.0)
        limit = max(tallest, math.sqrt(area * per_row / ASPECT))
        x = y = widest = 0.0
        placed = []
        for local, w, h in blocks:  # fill a column down to the limit, then start the next one
            if y > 0 and y + h > limit:
                x, y, widest = x + widest + PAD, 0.0, 0.0
            placed.append((local, x, y))
            y += h + PAD
            widest = max(widest, w)
        width = x + widest if blocks else GOAL_COLUMN
        height = max((oy + max(ly for _, ly in local.values()) for local, _, oy in placed), default=0.0)
        groups.append((root, placed, width, height))
    gx = gy = row_height = 0.0
    for i, (root, placed, width, height) in enumerate(groups):
        if i and i % per_row == 0:
            gx, gy, row_height = 0.0, gy + row_height + 3 * PAD, 0.0
        pos[root] = (gx + width / 2 - GOAL_COLUMN / 2, gy)
        for local, ox, oy in placed:
            for n, (lx, ly) in local.items():
                pos[n] = (gx + ox + lx, gy + 2 * PAD + oy + ly)
        gx += width + 3 * PAD
        row_height = max(row_height, height + 2 * PAD)

    # entities: right of the mean of what names them (the page then lets them find their place)
    entities = [n for n in view.nodes if n not in pos]
    lonely: list[URIRef] = []
    for rounds in range(2):
        spots: dict[tuple[int, int], list[URIRef]] = defaultdict(list)
        for e in entities:
            near = [n for n in _neighbours(view, e, rounds) if n in pos]
            if not near:
                lonely.append(e)
                continue
            x = max(pos[n][0] for n in near) + STATEMENT_COLUMN
            y = sum(pos[n][1] for n in near) / len(near)
            spots[(round(x), round(y))].append(e)
        for (x, y), group in spots.items():
            for i, e in enumerate(group):  # several at one spot: a short diagonal
                pos[e] = (x + (i % 3) * ENTITY_COLUMN / 3, y + i * ROW / 2)
        entities, lonely = lonely, []
    if entities:  # nothing to stand beside: rows of their own below everything else
        bottom = max((y for _, y in pos.values()), default=-3 * PAD) + 3 * PAD
        per_line = max(1, math.ceil(math.sqrt(len(entities) * 2)))
        for i, e in enumerate(entities):
            pos[e] = ((i % per_line) * ENTITY_COLUMN, bottom + (i // per_line) * ROW * 2)
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


def _neighbours(view: View, entity: URIRef, rounds: int) -> list[URIRef]:
    """First round: the statements and goals that name the entity or that it serves; then related entities."""
    ix = view.index
    if rounds == 0:
        return ix.mentioned_by.get(entity, []) + ix.unit_of.get(entity, []) + ix.entity_goals.get(entity, [])
    return ix.located_in.get(entity, []) + ix.associated_with.get(entity, []) + [
        e for e in view.nodes if entity in ix.located_in.get(e, []) or entity in ix.associated_with.get(e, [])]
