"""What a volunteer's visit findings set on a household: the risks they ticked that are household
risk factors. Every RiskFactor is one, weighed in the score as ``visit_<factor>``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import RiskFactor

if TYPE_CHECKING:
    from collections.abc import Iterable


def factors_seen(risk_factors: Iterable[str] | None) -> list[str]:
    """The household risk factors among a visit's findings: known values only, once each, in the
    order of RiskFactor (the same record whatever order the form sent them in)."""
    given = set(risk_factors or ())
    return [rf.value for rf in RiskFactor if rf.value in given]


def score_key(factor: str) -> str:
    """The factor's column in the score (scoring.FACTORS) and its weight's key (RiskWeight)."""
    return f"visit_{factor}"
