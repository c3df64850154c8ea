"""Fuzzing the partner API from its own OpenAPI document (schemathesis, in-process over WSGI on
the real database): for every operation, generated requests — valid and invalid — never get a
server error, and every answer matches the documented status codes, content types and schemas.

This is the short run of `make test` (a few hundred requests); `make bench SUITE=api` runs the
long one (at least 1,000 requests across all operations) and writes bench/results/api.json."""

from __future__ import annotations

import os
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from saphan.api.services import token_issue
from saphan.cases.tests.tracks_world import make_world
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("SAPHAN_FUZZ_EXAMPLES", "15"))


@pytest.fixture
def api_schema(db):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    world = make_world()
    admin = UserFactory(
        username="sysadmin", roles=[Role.SYSTEM_ADMIN], agency=None, province=None,
        jurisdiction="nation",
    )  # fmt: skip
    return token_issue(actor=admin, account=world["sup"], name="fuzz", days=1)[1]


def _runner(operation, mode, token: str, examples: int, sent: dict[str, int]):
    from hypothesis import given
    from schemathesis import GenerationMode

    # negative data may be refused with any documented 4xx; it must never be a 5xx
    checks = CHECKS if mode == GenerationMode.POSITIVE else [not_a_server_error]

    @settings(
        max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
        derandomize=True, database=None,
    )  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        headers = {"Authorization": f"Bearer {token}"}
        if case.method.upper() == "POST":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        case.call_and_validate(headers=headers, checks=checks)
        sent[operation.label] = sent.get(operation.label, 0) + 1

    return run


def fuzz(api_schema, token: str, *, examples: int) -> dict[str, int]:
    """Every operation, valid and invalid requests; returns how many requests each got."""
    from schemathesis import GenerationMode

    sent: dict[str, int] = {}
    for result in api_schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _runner(result.ok(), mode, token, examples, sent)()
    return sent


def test_no_server_error_and_every_answer_as_documented(api_schema, token):
    from saphan.api.models import ApiToken

    ApiToken.objects.update(rate_per_minute=100_000)  # the fuzzer is not the rate limit's test
    sent = fuzz(api_schema, token, examples=EXAMPLES)
    assert len(sent) >= 17, sent  # every operation was called
    assert sum(sent.values()) >= 17 * EXAMPLES
