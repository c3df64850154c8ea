from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "saphan.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from saphan.cases.timeline import TEMPLATES

        # The lines a merge of two person records writes on each case's timeline
        # (people/merging.py); they name no one, the merge page does.
        TEMPLATES.update(
            {
                "persons_merged": _(
                    "Two records of the same person were merged by the supervisor (merge %(merge)s)"
                ),
                "persons_merge_undone": _(
                    "The merge %(merge)s of two person records was undone by the supervisor"
                ),
            }
        )
