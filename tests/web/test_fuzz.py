"""The JSON API fuzzed with schemathesis against its own OpenAPI schema: no 500s, answers that match the schema.

Each operation gets a small hypothesis budget (derandomized, so a run is repeatable) to keep the file under a minute.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from tests.web.webdata import TOKEN

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 15
OPERATIONS = [("GET", "/api/stories"), ("GET", "/api/search"), ("GET", "/api/stories/{story_id}"),
              ("GET", "/api/documents"), ("GET", "/api/documents/{doc_id}"), ("POST", "/api/add"),
              ("POST", "/api/upload")]


def _operation(app, method: str, path: str):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    for result in schema.get_all_operations():
        op = result.ok()
        if op.method.upper() == method and op.path == path:
            return op
    raise AssertionError(f"{method} {path} is not in the OpenAPI schema")


def _fuzz(op, headers: dict[str, str], statuses: set[int] | None = None, examples: int = EXAMPLES) -> None:
    @given(case=op.as_strategy())
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call_and_validate(checks=CHECKS, headers=headers)
        if statuses is not None:
            assert response.status_code in statuses, (case.method, case.path, response.status_code, response.text[:300])

    run()


@pytest.mark.parametrize("method,path", OPERATIONS)
def test_api_without_a_token(app, method, path):
    """Reads answer; writes are refused before their body is looked at: 401, 403 for a wrong form token, or 413
    for a body over the size limit (never 422: the token is checked first)."""
    _fuzz(_operation(app, method, path), {}, {401, 403, 413} if method == "POST" else None)


@pytest.mark.slow
def test_api_add_with_the_token(app):
    """Fuzzed records go through the real pipeline: a 200 with the weave JSON, or a 422, never a 500."""
    _fuzz(_operation(app, "POST", "/api/add"), {"Authorization": f"Bearer {TOKEN}"}, {200, 413, 422}, examples=4)


def test_schema_lists_every_operation(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found = {(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()}
    assert found == set(OPERATIONS)
