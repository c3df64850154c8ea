"""Thailand's administrative areas. Keys are the DOPA codes, which every agency already uses."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Named(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (
            self.name_en
            if (get_language() or "th").startswith("en") and self.name_en
            else self.name_th
        )


class Region(Named):
    """One of the four regions used by the ministry's reporting (central, north, northeast, south)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(Named):
    code = models.CharField(_("DOPA code"), max_length=2, primary_key=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(Named):
    code = models.CharField(_("DOPA code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Subdistrict(Named):
    code = models.CharField(_("DOPA code"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("district")
    )
    postal_codes = models.CharField(_("postal codes"), max_length=60, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")


class Village(Named):
    """หมู่บ้าน: DOPA 8-digit code = subdistrict code + 2-digit village number (หมู่)."""

    code = models.CharField(_("DOPA code"), max_length=8, primary_key=True)
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        related_name="villages",
        verbose_name=_("subdistrict"),
    )
    number = models.PositiveSmallIntegerField(_("village number (หมู่)"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
