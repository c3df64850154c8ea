"""Add or update entries in an app's catalogues: python scripts/po_add.py APP FILE.json

FILE.json is a list of {"msgid": "...", "th": "...", "en": "..."} (optional "msgctxt",
"msgid_plural" with "th_plural"/"en_plural" lists). Creates saphan/APP/locale/{th,en} if needed.
For helpers and humans who write Thai by hand: `make messages` (GNU gettext) finds what is missing,
this fills it in without touching other apps' catalogues.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLURAL = {"th": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


def catalogue(app: str, lang: str) -> polib.POFile:
    path = ROOT / "saphan" / app / "locale" / lang / "LC_MESSAGES" / "django.po"
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"saphan-{app}",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL[lang],
    }
    po.fpath = str(path)
    return po


def main(app: str, entries_file: str) -> None:
    entries = json.loads(Path(entries_file).read_text(encoding="utf-8"))
    for lang in ("th", "en"):
        po = catalogue(app, lang)
        for item in entries:
            ctx = item.get("msgctxt")
            found = po.find(item["msgid"], msgctxt=ctx) if ctx else po.find(item["msgid"])
            if item.get("msgid_plural"):
                forms = item.get(f"{lang}_plural") or [item.get(lang) or item["msgid"]]
                plural = {i: f for i, f in enumerate(forms)}
                if lang == "en" and len(plural) == 1:
                    plural = {0: item["msgid"], 1: item["msgid_plural"]}
                if found:
                    found.msgstr_plural = plural
                else:
                    po.append(
                        polib.POEntry(
                            msgid=item["msgid"],
                            msgctxt=ctx,
                            msgid_plural=item["msgid_plural"],
                            msgstr_plural=plural,
                        )
                    )
            else:
                text = item.get(lang) or (item["msgid"] if lang == "en" else "")
                if found:
                    found.msgstr = text
                    if "fuzzy" in found.flags:
                        found.flags.remove("fuzzy")
                else:
                    po.append(polib.POEntry(msgid=item["msgid"], msgctxt=ctx, msgstr=text))
        po.save()
    print(f"{len(entries)} entries in saphan/{app}/locale/{{th,en}}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
