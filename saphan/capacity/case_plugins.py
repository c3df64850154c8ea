"""What capacity adds to the case (saphan/cases/plugins.py): the check that a screening
interviewer holds a valid qualification on the day of the interview."""

from saphan.cases.plugins import register_screening_check

from .services import screening_qualification_check, screening_unqualified

register_screening_check(check=screening_qualification_check, unqualified=screening_unqualified)
