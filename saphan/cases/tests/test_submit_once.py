"""``services.submit_once``: a form's write and the claim of its one-time key are one durable
transaction the service opens itself (not the view); a refused write frees the key, a used key
writes nothing, and a caller already inside a transaction is refused."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from saphan.cases.models import SubmissionKey
from saphan.cases.services import submit_once
from saphan.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_write_and_the_key_are_saved_together_and_a_double_submit_writes_nothing():
    user, key, writes = UserFactory(), uuid.uuid4(), []

    def write() -> str:
        writes.append(1)
        return "KK-2569-00001"

    first = submit_once(actor=user, key=key, write=write, record=lambda code: code)
    again = submit_once(actor=user, key=key, write=write, record=lambda code: code)
    assert (first.done, first.value) == (True, "KK-2569-00001")
    assert (again.done, again.value, again.recorded) == (False, None, "KK-2569-00001")
    assert len(writes) == 1
    assert SubmissionKey.objects.get(key=key).result == "KK-2569-00001"


def test_a_refused_write_leaves_the_key_free_for_the_corrected_form():
    user, key = UserFactory(), uuid.uuid4()

    def refused() -> None:
        raise ValidationError({"received_at": "in the future"})

    with pytest.raises(ValidationError):
        submit_once(actor=user, key=key, write=refused)
    assert not SubmissionKey.objects.filter(key=key).exists()
    assert submit_once(actor=user, key=key, write=lambda: "saved").value == "saved"


def test_it_is_the_outermost_transaction():
    # A view or service that wraps it in its own transaction is a mistake Django refuses.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        submit_once(actor=UserFactory(), key=uuid.uuid4(), write=lambda: None)
