"""Errors the services raise and the views turn into clear messages."""

from django.utils.translation import gettext_lazy as _


class ConflictError(Exception):
    """Someone else saved the same record since this form was opened (optimistic version check)."""

    message = _(
        "Someone else saved this record after you opened it. Nothing of yours was lost: "
        "your entries are still in the form. Check the current record, then save again."
    )

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
