"""Schemathesis against the OpenAPI schema, in-process (ASGI), bounded examples, rate limit off: no 5xx, every
response (errors included) conforms to the documented status codes, content types and schemas.

One test walks every operation (rather than one generated test per operation): schemathesis' generated tests do
not survive pytest-xdist, which `.ci/run` uses, and would be reported as one passing item that checks nothing.
"""

from __future__ import annotations

import traceback

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from app.api.main import create_app
from app.settings import Settings

# The schema does not depend on the index; the fixture below points the app at the built test index.
APP = create_app(Settings(_env_file=None, rate_limit=""))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _built_index(built_settings):
    APP.state.settings = built_settings.model_copy(update={"rate_limit": ""})


def _fuzz(operation, extra_checks=()) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def run(case):
        case.call_and_validate(checks=[*CHECKS, *extra_checks])

    run()


def test_api_conforms_to_its_schema():
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # every route of the API, not a schema that failed to load
    for operation in operations:
        _fuzz(operation)


def test_a_planted_violation_is_caught():
    """The walk really calls and checks: a check that fails on one operation fails the run."""

    def planted(ctx, response, case):
        raise AssertionError(f"planted failure on {case.path}")

    search = next(r.ok() for r in schema.get_all_operations() if r.ok().path == "/api/search")
    with pytest.raises(BaseException) as caught:  # schemathesis groups the failures it found (an exception group)
        _fuzz(search, [planted])
    assert "planted failure on /api/search" in "".join(traceback.format_exception(caught.value))
