"""Answers remembered for one read-only request.

A case page asks the same questions many times (may this actor see this case? how long is
each legal clock?), each time building and running the same queries. Within one GET or HEAD
request nothing can change the answers (they change through POSTs, through services), so the
request's answers are remembered until it ends (orgs.middleware.AccessMemoMiddleware opens
the memo). Outside such a request (services, tasks, tests, POSTs) every call asks the
database.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_REQUEST_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "saphan_request_memo", default=None
)


def remembered(key, compute: Callable[[], T]) -> T:
    """``compute()``, once per read-only request for a given ``key``."""
    memo = _REQUEST_MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@contextlib.contextmanager
def remembered_for_request():
    """Remember answers until the block ends (one read-only request)."""
    token = _REQUEST_MEMO.set({})
    try:
        yield
    finally:
        _REQUEST_MEMO.reset(token)


def in_read_only_request() -> bool:
    """Whether answers are being remembered (inside a read-only request)."""
    return _REQUEST_MEMO.get() is not None
