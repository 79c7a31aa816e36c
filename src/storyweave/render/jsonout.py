"""JSON of `weave --format json`: {"documents": [Document], "stories": [Story], "rejected": [...]} (CONTRACT.md).

The objects are written by the model's TypeAdapters (storyweave.schema.dump), the one serialiser of the project."""
from __future__ import annotations

import json
from typing import Any

from storyweave.model import Report
from storyweave.schema import dump


def to_jsonable(obj: Any) -> Any:
    """Model objects to plain JSON values: tuples become lists, integral floats become ints."""
    return dump(obj)


def to_json(report: Report, *, indent: int | None = 1) -> str:
    return json.dumps(dump(report), ensure_ascii=False, indent=indent)
