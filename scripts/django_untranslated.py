"""Regenerate saphan/core/django_strings.py from the installed Django's incomplete Thai catalogues."""

from pathlib import Path

import django
import polib

BASE = Path(django.__file__).parent
CATALOGUES = {
    "django/conf/locale": "conf/locale/th/LC_MESSAGES/django.po",
    "django.contrib.auth": "contrib/auth/locale/th/LC_MESSAGES/django.po",
    "django.contrib.admin": "contrib/admin/locale/th/LC_MESSAGES/django.po",
}
HEADER = '''"""Django's own messages that its Thai catalogue leaves untranslated (and that our users see:
form errors, password rules, the admin). Listed here so `make messages` puts them in our
catalogue, whose Thai takes precedence. Regenerate with scripts/django_untranslated.py."""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

DJANGO_MESSAGES = [
'''


def main() -> None:
    lines, seen = [HEADER.rstrip("\n")], set()
    for name, rel in CATALOGUES.items():
        po = polib.pofile(str(BASE / rel))
        lines.append(f"    # {name}")
        for e in po.untranslated_entries() + po.fuzzy_entries():
            if (e.msgctxt, e.msgid) in seen:
                continue
            seen.add((e.msgctxt, e.msgid))
            if e.msgid_plural:
                lines.append(f"    ngettext_lazy({e.msgid!r}, {e.msgid_plural!r}, 1),")
            elif e.msgctxt:
                lines.append(f"    pgettext_lazy({e.msgctxt!r}, {e.msgid!r}),")
            else:
                lines.append(f"    gettext_noop({e.msgid!r}),")
    lines.append("]")
    Path("saphan/core/django_strings.py").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
