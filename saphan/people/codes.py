"""Countries (ISO 3166-1 alpha-2) and languages (ISO 639) that Saphan's people come from.

Names are reference data in both languages, like the provinces in saphan.geo, not interface
strings: the label follows the reader's language. The lists hold the countries of origin and
languages met in Thai trafficking cases (DOMAIN.md: most foreign victims come from Myanmar,
Laos and Cambodia; Thai victims are found in scam compounds abroad), not the whole standards.

Stateless and undocumented people are normal here. ISO 3166 leaves XA-XZ and ZZ to users:
``XX`` marks a stateless person (ไร้สัญชาติ) and ``ZZ`` a citizenship not yet known — two
different facts that must not be mixed up in statistics. ``und`` is ISO 639-2 "undetermined".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import lazy

from saphan.core.thai import is_thai_language

STATELESS = "XX"
UNKNOWN_COUNTRY = "ZZ"
UNKNOWN_LANGUAGE = "und"


@dataclass(frozen=True)
class Code:
    code: str
    name_th: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_th if is_thai_language() else self.name_en


COUNTRIES: tuple[Code, ...] = (
    Code("TH", "ไทย", "Thailand"),
    Code("MM", "เมียนมา", "Myanmar"),
    Code("LA", "ลาว", "Laos"),
    Code("KH", "กัมพูชา", "Cambodia"),
    Code("VN", "เวียดนาม", "Vietnam"),
    Code("CN", "จีน", "China"),
    Code("MY", "มาเลเซีย", "Malaysia"),
    Code("ID", "อินโดนีเซีย", "Indonesia"),
    Code("PH", "ฟิลิปปินส์", "Philippines"),
    Code("SG", "สิงคโปร์", "Singapore"),
    Code("IN", "อินเดีย", "India"),
    Code("BD", "บังกลาเทศ", "Bangladesh"),
    Code("NP", "เนปาล", "Nepal"),
    Code("LK", "ศรีลังกา", "Sri Lanka"),
    Code("PK", "ปากีสถาน", "Pakistan"),
    Code("UZ", "อุซเบกิสถาน", "Uzbekistan"),
    Code("RU", "รัสเซีย", "Russia"),
    Code("UA", "ยูเครน", "Ukraine"),
    Code("UG", "ยูกันดา", "Uganda"),
    Code("KE", "เคนยา", "Kenya"),
    Code("NG", "ไนจีเรีย", "Nigeria"),
    Code("TW", "ไต้หวัน", "Taiwan"),
    Code("KR", "เกาหลีใต้", "South Korea"),
    Code("JP", "ญี่ปุ่น", "Japan"),
    Code("AE", "สหรัฐอาหรับเอมิเรตส์", "United Arab Emirates"),
    Code(STATELESS, "ไร้สัญชาติ", "Stateless"),
    Code(UNKNOWN_COUNTRY, "ไม่ทราบ", "Unknown"),
)

LANGUAGES: tuple[Code, ...] = (
    Code("th", "ไทย", "Thai"),
    Code("my", "พม่า", "Burmese"),
    Code("lo", "ลาว", "Lao"),
    Code("km", "เขมร", "Khmer"),
    Code("vi", "เวียดนาม", "Vietnamese"),
    Code("zh", "จีน", "Chinese"),
    Code("ms", "มลายู", "Malay"),
    Code("en", "อังกฤษ", "English"),
    Code("shn", "ไทใหญ่", "Shan"),
    Code("kar", "กะเหรี่ยง", "Karen"),
    Code("mnw", "มอญ", "Mon"),
    Code("hmn", "ม้ง", "Hmong"),
    Code("ru", "รัสเซีย", "Russian"),
    Code("uk", "ยูเครน", "Ukrainian"),
    Code("uz", "อุซเบก", "Uzbek"),
    Code("id", "อินโดนีเซีย", "Indonesian"),
    Code("tl", "ตากาล็อก", "Tagalog"),
    Code("hi", "ฮินดี", "Hindi"),
    Code("bn", "เบงกาลี", "Bengali"),
    Code("ne", "เนปาล", "Nepali"),
    Code("si", "สิงหล", "Sinhala"),
    Code("sw", "สวาฮีลี", "Swahili"),
    Code(UNKNOWN_LANGUAGE, "ไม่ทราบ", "Unknown"),
)

COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}
LANGUAGE_BY_CODE = {c.code: c for c in LANGUAGES}


def _label(code: Code) -> str:
    return code.name


_lazy_label = lazy(_label, str)

# Choices for model and form fields: the label is read in the reader's language when shown.
COUNTRY_CHOICES = [(c.code, _lazy_label(c)) for c in COUNTRIES]
LANGUAGE_CHOICES = [(c.code, _lazy_label(c)) for c in LANGUAGES]


def country_name(code: str) -> str:
    """The country's name in the reader's language; an unlisted code is shown as it is."""
    found = COUNTRY_BY_CODE.get(code)
    return found.name if found else code


def language_name(code: str) -> str:
    found = LANGUAGE_BY_CODE.get(code)
    return found.name if found else code
