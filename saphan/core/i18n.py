"""Translations compiled without GNU gettext, so a fresh machine needs nothing but Python."""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "locale"


def all_locale_dirs() -> list[Path]:
    """The project catalogue and each app's own (saphan/<app>/locale), project first."""
    return [LOCALE_DIR, *sorted(p for p in (ROOT / "saphan").glob("*/locale") if p.is_dir())]


def compile_messages(*, locale_dirs: list[Path] | None = None, force: bool = False) -> list[Path]:
    """Compile every locale/*/LC_MESSAGES/*.po whose .mo is missing or older; return those built.

    Django caches catalogues once loaded, so when anything was rebuilt in a process that may
    already have translated a string, the caches are dropped and the new .mo is read next time.
    """
    built = []
    for locale_dir in locale_dirs or all_locale_dirs():
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                built.append(mo_path)
    if built:
        _forget_loaded_catalogues()
    return built


def _forget_loaded_catalogues() -> None:
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    # Python's gettext keeps every .mo it has read, by path: Django would be handed the old
    # catalogue again (the first test run after a .po edit saw the previous translations).
    gettext._translations.clear()

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    if hasattr(trans_real, "translation_catalog_exists"):
        trans_real.translation_catalog_exists.cache_clear()
