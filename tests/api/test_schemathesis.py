"""Property-based tests of every operation in /openapi.json (schemathesis): no server
error, documented status codes and content types, responses matching their schemas.

Runs as an admin without area scope (the widest access), with hypothesis examples
capped so the suite stays quick; ``NETMAP_SCHEMATHESIS_EXAMPLES`` raises the cap.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import checks  # noqa: E402

EXAMPLES = int(os.environ.get("NETMAP_SCHEMATHESIS_EXAMPLES", "25"))

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def st_api(
    tmp_path_factory: pytest.TempPathFactory, api_builder: Callable[..., Iterator[Any]]
) -> Iterator[Any]:
    # docs on (checked below); no rate limit: every generated case must reach the route
    gen = api_builder(
        Path(tmp_path_factory.mktemp("schemathesis")),
        max_upload_mb=1,
        api_docs=True,
        api_rate_per_minute=0,
    )
    api = next(gen)
    yield api
    gen.close()


def _operations() -> list[str]:
    """Operation labels, read from a throwaway app (collection happens before fixtures)."""
    import tempfile

    from netmap.api import create_app
    from netmap.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp)))
        doc = app.openapi()
    return sorted(f"{m.upper()} {p}" for p, item in doc["paths"].items() for m in item)


@pytest.mark.parametrize("label", _operations())
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_server_error(st_api: Any, label: str, mode: str) -> None:
    from hypothesis import given
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", st_api.client.app)
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = st_api.headers("admin")
    strategy = operation.as_strategy(
        GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    )

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        pytest.skip(f"{label} has no input to make invalid")


def test_openapi_documents_auth_and_examples(st_api: Any) -> None:
    doc = st_api.client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    ops = [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()]
    public = {"/api/v1/health", "/api/v1/ready"}
    for path, _, op in ops:
        if path not in public:
            assert op.get("security"), path
            assert {"401", "403", "503"} <= set(op["responses"]), path
    schemas = doc["components"]["schemas"]
    assert "examples" in schemas["GapsResult"]
    assert "examples" in schemas["OrganisationOut"]
    assert st_api.client.get("/docs").status_code == 200
