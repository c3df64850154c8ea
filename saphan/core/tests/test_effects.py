"""The one way to run a write's side effects: after the commit, never on a rollback, and a
failing one logged without failing the write or the side effects after it."""

import logging

import pytest
from django.db import transaction

from saphan.core.effects import after_commit

pytestmark = pytest.mark.django_db


def test_a_side_effect_waits_for_the_commit(django_capture_on_commit_callbacks):
    done = []
    with django_capture_on_commit_callbacks(execute=True):
        after_commit(
            done.append,
            "mail",
        )
        assert done == []  # not before the commit
    assert done == ["mail"]


def test_a_rolled_back_write_sets_nothing_off(django_capture_on_commit_callbacks):
    done = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            after_commit(done.append, "mail")
            raise RuntimeError("the write failed")
    assert (done, callbacks) == ([], [])


def test_a_failing_side_effect_is_logged_and_the_next_still_runs(
    django_capture_on_commit_callbacks, caplog
):
    done = []

    def mail_server_down(address: str) -> None:
        raise OSError(f"cannot reach the mail server for {address}")

    with caplog.at_level(logging.ERROR, logger="saphan.effects"):
        with django_capture_on_commit_callbacks(execute=True):
            after_commit(mail_server_down, "a@example.org")
            after_commit(done.append, "webhook")
    assert done == ["webhook"]
    [record] = [r for r in caplog.records if r.name == "saphan.effects"]
    assert "mail_server_down" in record.getMessage()
    assert "cannot reach the mail server" in record.exc_text
