"""JSON of `weave --format json`: {"documents": [Document], "stories": [Story], "rejected": [...]} (CONTRACT.md)."""
from __future__ import annotations

import dataclasses
import json
from typing import Any

from storyweave.model import Report


def to_jsonable(obj: Any) -> Any:
    """Model objects to plain JSON values: tuples become lists, integral floats become ints."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj


def to_json(report: Report, *, indent: int | None = 1) -> str:
    data = {
        "documents": [to_jsonable(d) for d in report.documents],
        "stories": [to_jsonable(s) for s in report.stories],
        "rejected": [{"source": r.source, "stage": r.stage, "reason": r.reason} for r in report.rejected],
    }
    return json.dumps(data, ensure_ascii=False, indent=indent)
