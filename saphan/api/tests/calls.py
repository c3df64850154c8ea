"""A partner system's calls, as the API tests make them: a token issued by the system
administrator, GET and POST with it (every POST with an Idempotency-Key), and the problem
details of a refusal."""

from __future__ import annotations

import json
import uuid

from saphan.api.services import token_issue


def token_for(w, who: str, **kw) -> str:
    """A 30-day token for the account ``w[who]``, issued by ``w["admin"]``."""
    return token_issue(actor=w["admin"], account=w[who], name=f"{who} system", days=30, **kw)[1]


def api_get(client, token, path, **headers):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def api_post(client, token, path, body, key=None, **headers):
    return client.post(
        path, json.dumps(body, default=str), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()),
        **headers,
    )  # fmt: skip


def problem(response, status):
    """The problem details (RFC 9457) of a refused call, in Thai and English."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["type"] and body["title"]
    assert set(body["messages"]) == {"th", "en"}
    return body
