"""Two records of one alleged perpetrator made one, and undone (issue 13, item 3)."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from .stages import Perpetrator


@pghistory.track()
class PerpetratorMerge(BaseModel):
    """``absorbed`` gave every case link, name and alias to ``survivor``. ``moved`` lists the
    ids of the links that moved, the links that stayed behind (the survivor was already in that
    case) and what the survivor's record said before it was completed, so that the undo puts
    back exactly what there was."""

    survivor = models.ForeignKey(
        Perpetrator, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept")
    )
    absorbed = models.ForeignKey(
        Perpetrator,
        on_delete=models.PROTECT,
        related_name="merges_absorbed",
        verbose_name=_("merged into the other"),
    )
    reason = models.TextField(_("why they are the same perpetrator"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("merged by"),
    )  # fmt: skip
    moved = models.JSONField(default=dict, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("undone by"),
    )  # fmt: skip
    undo_reason = models.TextField(_("why the merge was undone"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("merge of two perpetrator records")
        verbose_name_plural = _("merges of perpetrator records")

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"
