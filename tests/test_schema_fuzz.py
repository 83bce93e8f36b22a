"""Schemathesis against the OpenAPI schema, in-process (ASGI), bounded examples, rate limit off: no 5xx, every
response (errors included) conforms to the documented status codes, content types and schemas."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from app.api.main import create_app
from app.settings import Settings

# The schema does not depend on the index; the fixture below points the app at the built test index.
APP = create_app(Settings(_env_file=None, rate_limit=""))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True)
def _built_index(built_settings):
    APP.state.settings = built_settings.model_copy(update={"rate_limit": ""})


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
        ]
    )
