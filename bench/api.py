"""Suite `api`: the partner API fuzzed from its own OpenAPI document with schemathesis.

For every operation, valid and invalid requests (hypothesis, derandomized), sent in-process over
WSGI through every middleware to the real database with a real token; each answer is checked:
no server error, and for valid requests the documented status code, content type and schema.
``--scale`` is the number of generated examples per operation and mode (valid / invalid), so
the default 40 sends about 19 × 2 × 40 ≈ 1,520 requests. The result counts requests per
operation and lists every failure (the run fails if there is one)."""

from __future__ import annotations

import time
import uuid

DEFAULT_SCALE = 40
TARGET_SCALE = 40
ACCOUNT = "sup.tak"  # a provincial supervisor: the widest set of operations that answer 2xx


def checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]


def _runner(operation, mode, token: str, examples: int, sent: dict[str, int]):
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error

    # invalid data may be refused with any documented 4xx; it must never be a 5xx
    applied = checks() if mode == GenerationMode.POSITIVE else [not_a_server_error]

    @settings(
        max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
        derandomize=True, database=None,
    )  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        headers = {"Authorization": f"Bearer {token}"}
        if case.method.upper() == "POST":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        sent[operation.label] = sent.get(operation.label, 0) + 1
        case.call_and_validate(headers=headers, checks=applied)

    return run


def schema():
    import schemathesis

    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def fuzz(api_schema, token: str, *, examples: int) -> tuple[dict[str, int], list[str]]:
    """Every operation in both modes; returns requests sent per operation and the failures."""
    from schemathesis import GenerationMode

    sent: dict[str, int] = {}
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _runner(operation, mode, token, examples, sent)()
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every failure is reported
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:2000]}")
    return sent, failures


def run(ctx) -> dict:
    from saphan.api.models import ApiToken
    from saphan.api.services import token_issue
    from saphan.orgs.models import User

    admin = User.objects.get(username="admin")
    account = User.objects.get(username=ACCOUNT)
    secret = token_issue(actor=admin, account=account, name="bench api", days=1)[1]
    ApiToken.objects.filter(user=account).update(rate_per_minute=1_000_000)
    started = time.monotonic()
    sent, failures = fuzz(schema(), secret, examples=ctx.scale)
    seconds = time.monotonic() - started
    total = sum(sent.values())
    ctx.log(f"api: {total} requests over {len(sent)} operations in {seconds:.0f} s")
    for failure in failures:
        ctx.log("FAILURE " + failure)
    return {
        "examples_per_operation_and_mode": ctx.scale,
        "account": ACCOUNT,
        "operations": len(sent),
        "requests": total,
        "requests_per_operation": dict(sorted(sent.items())),
        "failures": failures,
        "server_errors": sum("ServerError" in f or "Server error" in f for f in failures),
        "seconds": round(seconds, 1),
    }


def table(result: dict) -> list[tuple[str, str, str]]:
    return [
        ("operations", str(result["operations"]), "all"),
        ("requests", str(result["requests"]), "≥ 1,000"),
        ("failures", str(len(result["failures"])), "0"),
        ("seconds", str(result["seconds"]), ""),
    ]
