"""Browse stories in a web app and a JSON API: `create_app(store) -> FastAPI` (run by `storyweave serve`)."""
from __future__ import annotations

from storyweave.web.app import create_app

__all__ = ["create_app"]
