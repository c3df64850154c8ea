"""The rights notice (s.33-39 of the Anti-Trafficking in Persons Act B.E. 2551): what a person who
may be a victim is told, in plain words, in their language — Thai, English, Burmese, Khmer or
Lao (the last three machine-drafted, to be reviewed by native speakers: README). The same text
is a public page (network: /network/rights/) and a PDF to print and hand over; the officer
then records the notice on the case (services.rights_notice_record).

Nothing here reads a record: the notice is the same for everyone, so it needs no sign-in."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.core.pdf import css_string, font_css, html_to_pdf

from .models.stages import Right

# Each right the notice names (the Right choices the officer ticks when recording it), in the
# order the person meets them, with what it means for them.
EXPLANATIONS = {
    Right.PROTECTION: gettext_lazy(
        "A safe place to stay, food, medical care, counselling and help to contact your "
        "family, free of charge."
    ),
    Right.COMPENSATION: gettext_lazy(
        "You may claim compensation from the offender for the harm done to you; the public "
        "prosecutor can claim it for you."
    ),
    Right.LEGAL_AID: gettext_lazy(
        "Free advice from a lawyer, and support when you give evidence to the police or in court."
    ),
    Right.STAY_AND_WORK: gettext_lazy(
        "You may be allowed to stay in Thailand and to work while your case goes on."
    ),
    Right.RETURN: gettext_lazy(
        "When you want to go home, you are helped to return safely, and helped again once you "
        "are back."
    ),
    Right.TIMEFRAMES: gettext_lazy(
        "You are told how long each step takes, and you may say what you want at every step."
    ),
}


def notice_items() -> list[dict]:
    """[{right, label, text}] in the active language."""
    return [{"right": r.value, "label": r.label, "text": text} for r, text in EXPLANATIONS.items()]


def notice_context() -> dict:
    return {
        "title": _("Your rights as a victim of human trafficking"),
        "items": notice_items(),
    }


def rights_notice_pdf(*, lang: str) -> bytes:
    """The notice as an A4 PDF in ``lang``; Burmese, Khmer and Lao in their Noto fonts."""
    with translation.override(lang):
        context = notice_context() | {
            "lang": lang,
            "font_css": font_css(),
            "ministry": _("Ministry of Social Development and Human Security"),
            "css_footer": css_string(_("Hotline 1300 (24 hours, free of charge) · Police 191")),
            "css_page": css_string(_("Page") + " "),
        }
        html = render_to_string("cases/pdf/rights_notice.html", context)
    return html_to_pdf(html)
