"""Foreign counterparts and NGOs: the directory the system administrator keeps in the admin and
that family tracing and return plans choose from."""

import pghistory
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from ..enums import CounterpartKind


@pghistory.track()
class Counterpart(BaseModel):
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("Two-letter country code, e.g. MM, LA, KH, TH")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CounterpartKind.choices)
    contact = models.TextField(
        _("contact"), blank=True, help_text=_("Address, phone, e-mail: as checked with them.")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["country", "kind", "name_en"]
        verbose_name = _("foreign counterpart or NGO")
        verbose_name_plural = _("foreign counterparts and NGOs")

    @property
    def name(self) -> str:
        english = (get_language() or "th").startswith("en")
        return (self.name_en if english else self.name_th) or self.name_en or self.name_th

    def __str__(self) -> str:
        return self.name
