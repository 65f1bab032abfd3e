"""Document -> goal tree: parts (review, plan), chapters/focus areas, sections/objectives, their statements,
tables and contexts, read in four passes (see `tree.outline`)."""

from govkg.outline.lines import Line, LineKind
from govkg.outline.tree import outline

__all__ = ["Line", "LineKind", "outline"]
