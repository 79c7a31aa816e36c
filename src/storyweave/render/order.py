"""The order a reader meets the stories in: most independent sources first, then most reports (the JSON output
keeps the grouping's order)."""
from __future__ import annotations

from typing import Sequence

from storyweave.model import Story


def reading_order(stories: Sequence[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (-s.independent_sources, -len(s.documents)))
