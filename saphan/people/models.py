import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel


@pghistory.track()
class Person(BaseModel):
    """A person in a case. Identity (names, documents, contact) is shown only where access.py
    says the actor may see identity for one of the person's cases."""

    full_name = models.CharField(_("name as given"), max_length=300)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name


class PartyRole(models.TextChoices):
    VICTIM = "victim", _("Victim or possible victim")
    FAMILY = "family", _("Family member")
    WITNESS = "witness", _("Witness")


@pghistory.track()
class CaseParty(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="party_once_per_role")
        ]
