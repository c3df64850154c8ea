"""Translations compiled without GNU gettext, so a fresh machine needs nothing but Python."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings


def compile_messages(*, force: bool = False) -> list[Path]:
    """Compile every locale/*/LC_MESSAGES/*.po whose .mo is missing or older; return those built."""
    built = []
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                built.append(mo_path)
    return built
