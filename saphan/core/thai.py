"""Thai dates, date input, national ID numbers and text: rule 5 of DESIGN.md in one module.

Dates are shown in the Buddhist Era to Thai readers and in the Common Era to English readers,
and typed dates are read in the era of the language they were typed in. A year typed in the
other era is refused with the arithmetic spelled out, never silently shifted by 543 years:
a birth date 543 years off turns a child into an adult (or back) in a trafficking case.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from pythainlp.soundex import soundex
from pythainlp.tokenize import word_tokenize
from pythainlp.transliterate import romanize
from pythainlp.util import normalize as pythainlp_normalize
from stdnum.th import pin

Era = Literal["BE", "CE"]

BE_OFFSET = 543

# Years accepted on input: the same 300 years counted in each era. The ranges do not
# overlap, so a year inside the other era's range was certainly typed in the wrong era.
BE_YEARS = range(2400, 2701)
CE_YEARS = range(BE_YEARS.start - BE_OFFSET, BE_YEARS.stop - BE_OFFSET)

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
# Our own English tables rather than strftime("%b"), which follows the server's C locale.
ENGLISH_MONTHS_SHORT = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
ENGLISH_MONTHS_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

THAI_ID_LENGTH = 13


def is_thai_language(lang: str | None = None) -> bool:
    """Whether `lang` (default: the active language) is Thai.

    With translations deactivated (management commands, tasks) the site language decides,
    so background output looks like what people see on the site.
    """
    return (lang or get_language() or settings.LANGUAGE_CODE).lower().startswith("th")


def ascii_digits(text: str) -> str:
    """Write the digits of every script (Thai ๐-๙, and Lao, Burmese, Khmer...) as 0-9.

    Staff, interpreters and victims type on Thai and neighbouring-language keyboards; the
    number they mean is the same.
    """
    return "".join(
        str(digit) if (digit := unicodedata.decimal(char, None)) is not None else char
        for char in text
    )


# --- showing dates ------------------------------------------------------------------------


def to_be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def to_ce_year(be_year: int) -> int:
    return be_year - BE_OFFSET


def local_date(value: dt.date) -> dt.date:
    """The calendar date of `value` in Thailand (Asia/Bangkok, the site time zone).

    An aware datetime is stored in UTC; 20:00 UTC is already the next day in Bangkok.
    """
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def _date_text(value: dt.date, *, thai: bool, long: bool) -> str:
    day = local_date(value)
    if thai:
        month = (THAI_MONTHS_LONG if long else THAI_MONTHS_SHORT)[day.month - 1]
        return f"{day.day} {month} {to_be_year(day.year)}"
    month = (ENGLISH_MONTHS_LONG if long else ENGLISH_MONTHS_SHORT)[day.month - 1]
    return f"{day.day} {month} {day.year}"


def _datetime_text(value: dt.date, *, thai: bool, long: bool) -> str:
    if not isinstance(value, dt.datetime):
        # A plain date has no time of day; showing 00:00 would invent one.
        return _date_text(value, thai=thai, long=long)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{_date_text(local, thai=thai, long=long)} {local:%H:%M}"
    return f"{text} น." if thai else text


def format_date_be(value: dt.date | None, *, long: bool = False) -> str:
    """`15 มิ.ย. 2565` (long: `15 มิถุนายน 2565`) whatever the reader's language.

    For Thai official documents and messages; pages use the language-aware `format_date`.
    """
    return "" if value is None else _date_text(value, thai=True, long=long)


def format_datetime_be(value: dt.date | None, *, long: bool = False) -> str:
    """`15 มิ.ย. 2565 13:00 น.` in Thailand's time, whatever the reader's language.

    A plain date (no time of day) shows as the date alone.
    """
    return "" if value is None else _datetime_text(value, thai=True, long=long)


def format_date(value: dt.date | None, *, long: bool = False) -> str:
    """`15 มิ.ย. 2565` in Thai, `15 Jun 2022` in English (long: full month names)."""
    return "" if value is None else _date_text(value, thai=is_thai_language(), long=long)


def format_datetime(value: dt.date | None, *, long: bool = False) -> str:
    """`15 มิ.ย. 2565 13:00 น.` in Thai, `15 Jun 2022 13:00` in English, Thailand's time.

    A plain date (no time of day) shows as the date alone.
    """
    return "" if value is None else _datetime_text(value, thai=is_thai_language(), long=long)


def _input_text(value: dt.date, *, thai: bool) -> str:
    day = local_date(value)
    year = to_be_year(day.year) if thai else day.year
    return f"{day.day:02d}/{day.month:02d}/{year}"


def format_date_input(value: dt.date | None) -> str:
    """`15/06/2565` in Thai, `15/06/2022` in English: the form a date field asks people to type.

    A field shows its date the way it must be typed back, so editing never changes the era.
    """
    return "" if value is None else _input_text(value, thai=is_thai_language())


# --- reading typed dates -------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# An explicit era marker (พ.ศ. 2565, 2022 CE) wins over the language's era. It must stand
# apart from letters so that no month name is taken for one.
_ERA_MARKER = re.compile(
    r"(?<![^\s\d])(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|b\.?\s?e\.?|c\.?\s?e\.?|a\.?\s?d\.?)(?![^\s\d])"
)
_ERAS: dict[str, Era] = {"พศ": "BE", "be": "BE", "คศ": "CE", "ce": "CE", "ad": "CE"}

_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d+)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED_DATE = re.compile(r"(?:วันที่\s*)?(\d{1,2})\s*(\D+?)\s*(\d+)")


def _month_key(name: str) -> str:
    """`มิ.ย.`, `มิย`, `JUNE,` and `jun-` all name June."""
    return re.sub(r"[\s.,/-]", "", name).casefold()


_MONTHS_BY_NAME = {
    _month_key(name): number
    for names in (THAI_MONTHS_SHORT, THAI_MONTHS_LONG, ENGLISH_MONTHS_SHORT, ENGLISH_MONTHS_LONG)
    for number, name in enumerate(names, start=1)
} | {"sept": 9}


def _year_example(era: Era) -> int:
    year = timezone.localdate().year
    return to_be_year(year) if era == "BE" else year


def _ce_year(year_text: str, era: Era) -> int:
    """The C.E. year of a typed year, refusing a year in the other era or too short to be sure."""
    if len(year_text) != 4:
        raise ValidationError(
            _("Enter the year with four digits, for example %(example)s."),
            code="year_digits",
            params={"example": _year_example(era)},
        )
    year = int(year_text)
    years, other_years = (BE_YEARS, CE_YEARS) if era == "BE" else (CE_YEARS, BE_YEARS)
    if year in years:
        return to_ce_year(year) if era == "BE" else year
    if year in other_years:
        if era == "BE":
            code, params = "looks_like_ce", {"year": year, "be_year": to_be_year(year)}
            message = _(
                "%(year)s looks like a Common Era year — enter the year in B.E. "
                "(%(year)s + 543 = %(be_year)s)"
            )
        else:
            code, params = "looks_like_be", {"year": year, "ce_year": to_ce_year(year)}
            message = _(
                "%(year)s looks like a Buddhist Era year — enter the year in C.E. "
                "(%(year)s − 543 = %(ce_year)s)"
            )
        raise ValidationError(message, code=code, params=params)
    raise ValidationError(
        _("Enter a year from %(first)s to %(last)s."),
        code="year_out_of_range",
        params={"first": years[0], "last": years[-1]},
    )


def _make_date(*, day: int, month: int, year_text: str, era: Era) -> dt.date:
    ce_year = _ce_year(year_text, era)
    if not 1 <= month <= 12:
        raise ValidationError(
            _("There is no month %(month)s: months run from 1 to 12."),
            code="no_such_month",
            params={"month": month},
        )
    days = calendar.monthrange(ce_year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError(
            _("There is no day %(day)s in %(month)s %(year)s: that month has %(days)s days."),
            code="no_such_day",
            params={
                "day": day,
                # The month in the language of the message (the page's), not of the date
                # read: a Thai date in an English page is "February 2568".
                "month": (
                    THAI_MONTHS_LONG
                    if (get_language() or "th").startswith("th")
                    else ENGLISH_MONTHS_LONG
                )[month - 1],
                "year": year_text,
                "days": days,
            },
        )
    return dt.date(ce_year, month, day)


def parse_date_input(text: str, *, lang: str) -> dt.date:
    """Read a date typed by a person, in the era of `lang` unless the text names one.

    Accepts `15/6/2565`, `15-6-2565`, `15.6.2565`, `15 มิ.ย. 2565`, `15 มิถุนายน พ.ศ. 2565`,
    `15 Jun 2022`, Thai digits, and ISO `2022-06-15` (always C.E., the form machines write).
    In Thai (`lang` "th...") a year is B.E., otherwise C.E.; a year that fits only the other
    era, a two-digit year or a day the month does not have raises ValidationError saying
    exactly what is wrong.
    """
    thai = is_thai_language(lang)
    cleaned = " ".join(
        ascii_digits(unicodedata.normalize("NFC", text)).translate(_ZERO_WIDTH).split()
    )
    cleaned = cleaned.casefold()
    if not cleaned:
        raise ValidationError(_("Enter a date."), code="required")

    unrecognised = ValidationError(
        _("Enter the date as day/month/year, for example %(example)s."),
        code="invalid",
        params={"example": _input_text(timezone.localdate(), thai=thai)},
    )
    markers = _ERA_MARKER.findall(cleaned)
    if len(markers) > 1:
        raise unrecognised
    era: Era | None = _ERAS[_month_key(markers[0])] if markers else None
    cleaned = " ".join(_ERA_MARKER.sub(" ", cleaned).split())
    language_era: Era = "BE" if thai else "CE"

    if match := _NUMERIC_DATE.fullmatch(cleaned):
        day, _separator, month, year = match.groups()
        return _make_date(day=int(day), month=int(month), year_text=year, era=era or language_era)
    if match := _ISO_DATE.fullmatch(cleaned):
        year, month, day = match.groups()
        return _make_date(day=int(day), month=int(month), year_text=year, era=era or "CE")
    if match := _NAMED_DATE.fullmatch(cleaned):
        day, name, year = match.groups()
        month = _MONTHS_BY_NAME.get(_month_key(name))
        if month is None:
            raise ValidationError(
                _("“%(name)s” is not the name of a month."),
                code="no_such_month",
                params={"name": name},
            )
        return _make_date(day=int(day), month=month, year_text=year, era=era or language_era)
    raise unrecognised


def parse_year_input(text: str, *, lang: str) -> int:
    """The C.E. year of a year typed alone (a year of birth): B.E. in Thai, C.E. otherwise,
    unless the text names its era; a year in the other era is refused as dates are."""
    cleaned = " ".join(ascii_digits(unicodedata.normalize("NFC", text or "")).split()).casefold()
    markers = _ERA_MARKER.findall(cleaned)
    era: Era = "BE" if is_thai_language(lang) else "CE"
    if len(markers) == 1:
        era = _ERAS[_month_key(markers[0])]
        cleaned = " ".join(_ERA_MARKER.sub(" ", cleaned).split())
    if not cleaned.isdigit():
        raise ValidationError(
            _("Enter the year with four digits, for example %(example)s."),
            code="invalid",
            params={"example": _year_example(era)},
        )
    return _ce_year(cleaned, era)


# --- Thai national ID number ----------------------------------------------------------------


def _is_id_separator(char: str) -> bool:
    # Spaces, any dash (hyphen, en dash, minus) and invisible characters come with numbers
    # copied from documents and chat messages.
    return char.isspace() or char == "−" or unicodedata.category(char) in {"Pd", "Cf"}


def normalize_thai_id(text: str) -> str:
    """The number without spaces, dashes or invisible characters, digits written 0-9.

    Letters are kept, so that validation reports them instead of the number being changed.
    """
    return "".join(char for char in ascii_digits(text) if not _is_id_separator(char))


def validate_thai_id(text: str) -> str:
    """Return the 13 digits of a valid Thai ID number, or raise ValidationError saying why not.

    The check digit is python-stdnum's (`stdnum.th.pin`), but not its rule that a number
    never starts with 0 or 9: the Department of Provincial Administration gives numbers
    starting with 0 to people without registration status and to migrant workers (00...),
    many of the people this platform protects, and keeps 9 for the royal family.

    The check digit catches most typing mistakes but not all: the third digit has weight 11
    and is not checked at all, and two sums (remainders 0 and 10) share check digit 1.
    """
    number = normalize_thai_id(text)
    if not (number.isascii() and number.isdigit()):
        raise ValidationError(_("A Thai ID number has only digits."), code="invalid_characters")
    if len(number) != THAI_ID_LENGTH:
        raise ValidationError(
            ngettext(
                "A Thai ID number has 13 digits; this one has %(count)s digit.",
                "A Thai ID number has 13 digits; this one has %(count)s digits.",
                len(number),
            ),
            code="invalid_length",
            params={"count": len(number)},
        )
    if number[-1] != pin.calc_check_digit(number):
        raise ValidationError(
            _(
                "This is not a valid Thai ID number: the last digit does not match the "
                "others. Check the number for a typing mistake."
            ),
            code="invalid_checksum",
        )
    return number


def is_valid_thai_id(text: str) -> bool:
    try:
        validate_thai_id(text)
    except ValidationError:
        return False
    return True


def format_thai_id(text: str) -> str:
    """`1-2345-67890-12-1`, the grouping printed on the card (1-4-5-2-1 digits).

    Anything that is not 13 digits is returned as it was given: a page shows what was
    recorded, it does not hide it.
    """
    number = normalize_thai_id(text)
    if len(number) == THAI_ID_LENGTH and number.isascii() and number.isdigit():
        return pin.format(number)
    return text


# --- text: normalising, tokens, phonetic keys ------------------------------------------------


def normalize_text(text: str) -> str:
    """One spelling for text that people type many ways, for search and matching.

    NFC and not NFKC: compatibility decomposition splits Thai sara am (ำ) in two.
    pythainlp's normalize fixes what Thai keyboards produce: doubled vowels (เเ for แ),
    repeated or misordered tone marks. Zero-width spaces (Thai word-break hints) go,
    digits become 0-9, Latin letters are case-folded.
    """
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = ascii_digits(pythainlp_normalize(text))
    return " ".join(text.split()).casefold()


# Thai repetition (ๆ) and abbreviation (ฯ) marks count as letters to Python, but alone they
# are not words: as search tokens they would match every text that uses them.
_THAI_MARKS = frozenset("ๆฯ")


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _trim_punctuation(token: str) -> str:
    """`case-` → `case`: newmm leaves punctuation glued to Latin words. Unicode categories,
    not a regex non-word class, which would also strip Thai vowel and tone marks."""
    start, end = 0, len(token)
    while start < end and _is_punctuation(token[start]):
        start += 1
    while end > start and _is_punctuation(token[end - 1]):
        end -= 1
    return token[start:end]


def tokens(text: str) -> list[str]:
    """The words of normalised text: Thai is written without spaces, so pythainlp's newmm
    dictionary tokenizer splits it. Spaces, punctuation and lone ๆ/ฯ marks are dropped."""
    words = (
        _trim_punctuation(token)
        for token in word_tokenize(normalize_text(text), engine="newmm", keep_whitespace=False)
    )
    return [word for word in words if any(c.isalnum() and c not in _THAI_MARKS for c in word)]


_THAI_CONSONANT = re.compile("[ก-ฮ]")


def _latin_key(word: str) -> str:
    """Latin letters without accents (`Nguyễn` → `nguyen`), to compare with royin spellings."""
    return "".join(
        char for char in unicodedata.normalize("NFKD", word) if char.isascii() and char.isalpha()
    )


def phonetic_keys(name: str) -> dict[str, list[str]]:
    """Sound-alike keys of each word of a name, for finding the same person spelt differently.

    Names are split on spaces, not by newmm: a tokenizer would cut a given name such as
    สมชาย into dictionary words. Thai words get the udom83 and lk82 Thai soundex codes and
    their royin romanisation; Latin words (names written from a passport) get their letters
    as the "royin" key, so `Somchai` meets `สมชาย`. Words in other scripts get no key.
    All three engines run offline (no corpus download).
    """
    keys: dict[str, list[str]] = {"udom83": [], "lk82": [], "royin": []}
    for word in normalize_text(name).split():
        if _THAI_CONSONANT.search(word):
            keys["udom83"].append(soundex(word, engine="udom83"))
            keys["lk82"].append(soundex(word, engine="lk82"))
            keys["royin"].append(romanize(word, engine="royin"))
        elif latin := _latin_key(word):
            keys["royin"].append(latin)
    return keys
