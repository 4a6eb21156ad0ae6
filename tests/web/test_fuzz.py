"""Fuzz the API from its own OpenAPI schema (schemathesis): whatever comes in, no 5xx comes out.

Each operation gets a dozen valid and a dozen invalid generated requests — a
smoke test of the error paths, bounded to seconds, not a long campaign.  The
operations are listed from the router so the test ids exist before the
corpus fixture does (schemathesis' own ``from_fixture`` does not run on pytest 9).
"""
from __future__ import annotations

import re
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

from claimscope.web.api import router  # noqa: E402

OPERATIONS = sorted((method, re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path))
                    for route in router.routes for method in getattr(route, "methods", ()))


@pytest.fixture(scope="module")
def api_schema(app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_never_errors(api_schema: Any, method: str, path: str, mode: str) -> None:
    operation = api_schema[path][method]
    strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))

    @given(case=strategy)
    @settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
              database=None)
    def run(case: Any) -> None:
        response = case.call()
        assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200} → {response.status_code}: {response.text[:300]}"
        if mode == "negative" and response.status_code == 200:
            return  # a generated "invalid" value that the API may legitimately accept (e.g. an unused query key)
        content_type = response.headers.get("content-type") or [""]  # schemathesis keeps a list per header
        assert content_type[0].split(";")[0] in ("application/json", "text/csv", "application/x-ndjson")

    try:
        run()
    except Unsatisfiable:
        pytest.skip(f"{method} {path} has no {mode} inputs to generate")  # e.g. an unconstrained string path parameter
