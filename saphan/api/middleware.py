"""Idempotency keys on every POST of the partner API.

A partner's system retries when a network fails; the same ``Idempotency-Key`` with the same
request gets the first answer again (``Idempotent-Replayed: true``) instead of a second tip or a
second referral. The same key with another request is refused; a key whose first request is
still running answers 409. Answers of 5xx, 401, 409 and 429 are not kept, so a retry runs again.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .auth import live_token
from .models import IdempotencyKey
from .problems import problem

API_PREFIX = "/api/v1/"
NOT_KEPT = {401, 409, 429}


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        header = request.headers.get("Authorization", "")
        secret = header[7:].strip() if header[:7].lower() == "bearer " else ""
        token = live_token(secret)
        if token is None:
            return self.get_response(request)  # the API itself answers 401
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 255 or "\x00" in key:
            return problem(
                400,
                detail=_("Every POST needs an Idempotency-Key header of 1 to 255 characters."),
            )
        fingerprint = hashlib.sha256(
            b"\x1f".join([request.method.encode(), request.path.encode(), request.body])
        ).hexdigest()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(token=token, key=key, request_hash=fingerprint)
        except IntegrityError:
            row = IdempotencyKey.objects.get(token=token, key=key)
            if row.request_hash != fingerprint:
                return problem(
                    422,
                    detail=_("This Idempotency-Key was already used for another request."),
                )
            if row.status is None:
                return problem(
                    409,
                    detail=_("A request with this Idempotency-Key is still being processed."),
                )
            replay = HttpResponse(
                row.body["content"], status=row.status, content_type=row.body["content_type"]
            )
            replay["Idempotent-Replayed"] = "true"
            return replay
        try:
            response = self.get_response(request)
        except BaseException:
            row.delete()
            raise
        if response.status_code >= 500 or response.status_code in NOT_KEPT or response.streaming:
            row.delete()
            return response
        row.status = response.status_code
        row.body = {
            "content": response.content.decode("utf-8", "replace"),
            "content_type": response.get("Content-Type", "application/json"),
        }
        row.save(update_fields=["status", "body"])
        return response
