"""Every visible string has its Thai (and English) translation; nothing is fuzzy or missing.

The project catalogue is locale/<lang>; an app may keep its own in saphan/<app>/locale/<lang>
(Django loads both). Each catalogue is checked, and the source is compared with their union.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from saphan.core.i18n import all_locale_dirs

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = [
    d / lang / "LC_MESSAGES" / "django.po"
    for d in all_locale_dirs()
    for lang in ("th", "en")
    if (d / lang / "LC_MESSAGES" / "django.po").exists()
]


def _ids(paths):
    return [str(p.relative_to(settings.BASE_DIR)) for p in paths]


def test_every_app_catalogue_has_both_languages():
    for d in all_locale_dirs():
        for lang in ("th", "en"):
            assert (d / lang / "LC_MESSAGES" / "django.po").exists(), f"{d}: no {lang} catalogue"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_ids(CATALOGUES))
def test_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    assert len(po) > 0
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{po_path}: fuzzy: {fuzzy[:10]}"


TH_CATALOGUES = [p for p in CATALOGUES if p.parts[-3] == "th"]


@pytest.mark.parametrize("po_path", TH_CATALOGUES, ids=_ids(TH_CATALOGUES))
def test_thai_catalogue_is_thai(po_path):
    po = polib.pofile(str(po_path))
    has_thai = sum(
        1
        for e in po.translated_entries()
        if any("\u0e00" <= ch <= "\u0e7f" for ch in e.msgstr + "".join(e.msgstr_plural.values()))
    )
    assert has_thai / len(po) > 0.9


@pytest.mark.parametrize("po_path", TH_CATALOGUES, ids=_ids(TH_CATALOGUES))
def test_placeholders_survive_translation(po_path):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")
    po = polib.pofile(str(po_path))
    for e in po.translated_entries():
        translations = [e.msgstr] if e.msgstr else list(e.msgstr_plural.values())
        for t in translations:
            assert set(pattern.findall(e.msgid)) == set(pattern.findall(t)), e.msgid


def _entries(paths) -> set[tuple[str | None, str]]:
    out = set()
    for p in paths:
        out |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(p))}
    return out


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
                {"ignore": shutil.ignore_patterns("__pycache__", "migrations", "locale")}
                if src.is_dir()
                else {}
            ),
        )
    (work / "locale" / "th" / "LC_MESSAGES").mkdir(parents=True)
    # Each app with a catalogue of its own gets an empty locale dir, so makemessages writes
    # that app's strings there, as `make messages` does in the checkout.
    for d in all_locale_dirs():
        if d != LOCALE:
            (work / d.relative_to(root) / "th" / "LC_MESSAGES").mkdir(parents=True)
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
    fresh = _entries(work.glob("**/locale/th/LC_MESSAGES/django.po"))
    ours = _entries(TH_CATALOGUES)
    missing = sorted(msgid for ctx, msgid in fresh - ours)
    assert not missing, f"not in any th catalogue: {missing[:20]}"


def test_a_recompiled_catalogue_is_read_again_not_the_one_read_before(tmp_path):
    # Python's gettext keeps each .mo it has read; after a .po edit, the first test run used to
    # see the previous translations (its .mo was read during set-up, before it was rebuilt).
    import gettext

    from saphan.core.i18n import compile_messages

    folder = tmp_path / "th" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Filter", msgstr="ตัวกรอง"))
    po.save(str(folder / "probe.po"))
    assert compile_messages(locale_dirs=[tmp_path])
    assert gettext.translation("probe", tmp_path, ["th"]).gettext("Filter") == "ตัวกรอง"
    po[0].msgstr = "กรอง"
    po.save(str(folder / "probe.po"))
    later = (folder / "probe.mo").stat().st_mtime + 5
    os.utime(folder / "probe.po", (later, later))
    assert compile_messages(locale_dirs=[tmp_path])
    assert gettext.translation("probe", tmp_path, ["th"]).gettext("Filter") == "กรอง"


# --- the migrants' languages -------------------------------------------------------------------
# Burmese, Khmer and Lao cover only the pages a migrant or a volunteer reads in their language
# (settings.MIGRANT_LANGUAGES); th and en above stay the languages every string must have.
MIGRANT_CATALOGUES = [LOCALE / lang / "LC_MESSAGES" / "django.po" for lang in ("my", "km", "lo")]
REVIEW_NOTE = "Machine-drafted: needs review by a native speaker"


def test_the_staff_languages_are_still_the_ones_demanded():
    assert settings.STAFF_LANGUAGES == ["th", "en"]
    assert {p.parts[-3] for p in CATALOGUES} == {"th", "en"}
    assert [code for code, _name in settings.LANGUAGES] == ["th", "en", *settings.MIGRANT_LANGUAGES]


@pytest.mark.parametrize("po_path", MIGRANT_CATALOGUES, ids=_ids(MIGRANT_CATALOGUES))
def test_migrant_catalogue_is_complete_marked_for_review_and_current(po_path):
    import re

    po = polib.pofile(str(po_path))
    assert len(po) > 80
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    unreviewed = [e.msgid for e in po if REVIEW_NOTE not in e.comment]
    assert not unreviewed, f"no review note: {unreviewed[:5]}"
    known = {(e.msgctxt, e.msgid) for e in (x for p in TH_CATALOGUES for x in polib.pofile(str(p)))}
    stale = [e.msgid for e in po if (e.msgctxt, e.msgid) not in known]
    assert not stale, f"not in the source any more: {stale[:5]}"
    pattern = re.compile(r"%\(\w+\)[sd]")
    for e in po:
        assert set(pattern.findall(e.msgid)) == set(pattern.findall(e.msgstr)), e.msgid
    script = {"my": ("\u1000", "\u109f"), "km": ("\u1780", "\u17ff"), "lo": ("\u0e80", "\u0eff")}
    low, high = script[po_path.parts[-3]]
    in_script = sum(1 for e in po if any(low <= ch <= high for ch in e.msgstr))
    assert in_script / len(po) > 0.95
