"""storyweave: weave many news reports of the same events into one cross-checked account.

Library API::

    from storyweave import weave
    report = weave(["reports/"])          # -> storyweave.model.Report
    report.stories[0].facts[0].sources
"""
from __future__ import annotations

from typing import Any

from storyweave.model import Document, Grouping, RawDocument, Rejected, Report, Story

__all__ = ["Document", "Grouping", "RawDocument", "Rejected", "Report", "Story", "weave", "extract_documents",
           "cluster_documents"]
__version__ = "0.1.0"


def weave(inputs: Any, **kwargs: Any) -> Report:
    """Read reports, group them into stories and weave each story. See pipeline.weave."""
    from storyweave import pipeline

    return pipeline.weave(inputs, **kwargs)


def extract_documents(inputs: Any, **kwargs: Any) -> Report:
    """Read and clean reports only."""
    from storyweave import pipeline

    return pipeline.extract(inputs, **kwargs)


def cluster_documents(inputs: Any, **kwargs: Any) -> tuple[Report, Grouping]:
    """Read, clean and group reports into stories (no language analysis, no weaving). See pipeline.group.

    Returns (report, grouping): the report holds the cleaned documents and the rejected inputs, the grouping one
    StoryGroup per story (its document ids and near-duplicate copy sets)."""
    from storyweave import pipeline

    return pipeline.group(inputs, **kwargs)
