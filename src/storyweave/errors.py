"""Exceptions raised by storyweave.

    StoryweaveError            base of everything storyweave raises on purpose
    ├── InputError             the input cannot be used
    │   └── BadDocument        one document cannot be used: str() is the one-line CLI message "SOURCE: REASON"
    └── SettingsError          a settings file, STORYWEAVE_* variable or flag names no setting or a wrong value

Third-party errors (lxml, trafilatura, JSON, Unicode, feedparser, warcio) are caught at the edge (ingest, clean)
and re-raised as BadDocument ... from exc, or returned as a model.Rejected value.
"""
from __future__ import annotations


class StoryweaveError(Exception):
    """Base class for storyweave's own errors."""


class InputError(StoryweaveError):
    """The input cannot be used."""


class SettingsError(StoryweaveError):
    """A setting cannot be used (storyweave.settings): str() is the one-line message, naming where it came from."""


class BadDocument(InputError):
    """One document cannot be used."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
