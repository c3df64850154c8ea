"""Every visible string has its Thai (and English) translation; nothing is fuzzy or missing."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_catalogue_is_complete(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 50
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:10]}"


def test_thai_catalogue_is_thai():
    po = polib.pofile(str(LOCALE / "th" / "LC_MESSAGES" / "django.po"))
    has_thai = sum(
        1
        for e in po.translated_entries()
        if any("\u0e00" <= ch <= "\u0e7f" for ch in e.msgstr + "".join(e.msgstr_plural.values()))
    )
    assert has_thai / len(po) > 0.9


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")
    po = polib.pofile(str(LOCALE / "th" / "LC_MESSAGES" / "django.po"))
    for e in po.translated_entries():
        translations = [e.msgstr] if e.msgstr else list(e.msgstr_plural.values())
        for t in translations:
            assert set(pattern.findall(e.msgid)) == set(pattern.findall(t)), e.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext not installed")
def test_every_string_in_the_source_is_in_the_catalogue(tmp_path):
    """Run makemessages on a copy of the source and compare: nothing may be missing from th."""
    root = Path(settings.BASE_DIR)
    work = tmp_path / "src"
    for name in ["config", "saphan", "templates", "manage.py"]:
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy)(
            src,
            work / name,
            **(
                {"ignore": shutil.ignore_patterns("__pycache__", "migrations")}
                if src.is_dir()
                else {}
            ),
        )
    (work / "locale" / "th" / "LC_MESSAGES").mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://unused@127.0.0.1:1/unused",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "th", "--no-location"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    fresh = polib.pofile(str(work / "locale" / "th" / "LC_MESSAGES" / "django.po"))
    ours = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(LOCALE / "th" / "LC_MESSAGES" / "django.po"))
    }
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in ours)
    assert not missing, f"not in locale/th: {missing[:20]}"
