"""Small helpers the people tests share: a valid Thai ID number, and the duplicate check as a
case worker of Khon Kaen runs it."""

from __future__ import annotations

from stdnum.th import pin

from saphan.people.matching import find_candidates


def thai_id(first12: str) -> str:
    """The 13-digit ID with its check digit."""
    return first12 + pin.calc_check_digit(first12)


def top(world, names, **kw):
    """The candidates the duplicate check shows the Khon Kaen case worker."""
    return find_candidates(actor=world["u"]["cw_kk"], names=names, **kw)


def ids(candidates):
    return [c.person_id for c in candidates]
