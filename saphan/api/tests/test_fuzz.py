"""Fuzzing the partner API from its own OpenAPI document (schemathesis, in-process over WSGI on
the real database): for every operation, generated requests — valid and invalid — never get a
server error, and every answer matches the documented status codes, content types and schemas.

This is the short run of `make test` (a few hundred requests); `make bench SUITE=api` runs the
long one (at least 1,000 requests across all operations) and writes bench/results/api.json."""

from __future__ import annotations

import os

import pytest

from bench import api as bench_api
from bench.api import fuzz
from saphan.api.services import token_issue

EXAMPLES = int(os.environ.get("SAPHAN_FUZZ_EXAMPLES", "15"))


@pytest.fixture
def api_schema(db):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield bench_api.schema()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(w):
    return token_issue(actor=w["admin"], account=w["sup"], name="fuzz", days=1)[1]


def test_no_server_error_and_every_answer_as_documented(api_schema, token):
    from saphan.api.models import ApiToken

    ApiToken.objects.update(rate_per_minute=100_000)  # the fuzzer is not the rate limit's test
    sent, failures = fuzz(api_schema, token, examples=EXAMPLES)
    assert not failures, "\n\n".join(failures)
    assert len(sent) >= 19, sent  # every operation was called
    assert sum(sent.values()) >= 19 * EXAMPLES
