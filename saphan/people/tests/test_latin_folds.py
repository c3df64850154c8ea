"""Latin spellings of one name word by different hands fold to one (people/latin_folds.py)."""

from __future__ import annotations

import pytest

from saphan.people.latin_folds import ascii_letters, fold_latin


@pytest.mark.parametrize(
    "spellings",
    [
        ("Suchart", "Suchat", "SUCHAD"),  # silent r, final d said t
        ("Kaew", "Kaeo", "Keaw"),  # แ-ว
        ("Prasert", "Prasoet"),  # เ-อ: er / oe
        ("Chalerm", "Chaloem"),
        ("Charern", "Charoen"),
        ("Jaidee", "Chaidi", "Jaidi"),  # จ: j / ch, ee / i
        ("Boonmee", "Bunmi", "Bunmee"),  # oo / u
        ("Thanaphol", "Thanaphon", "Tanapon"),  # ล said n, aspiration h dropped
        ("Pornthip", "Phonthip", "Porntip"),  # silent r, th / t
        ("Wattana", "Watthana", "Vadhana", "Watana"),  # v / w, dh, doubled letters
        ("Rueang", "Reuang"),  # ue / eu
        ("Sandar", "Sanda"),  # Myanmar: a final r only lengthens the vowel
        ("Myint", "Myin"),  # Myanmar: a creaky final -nt
        ("Sokh", "Sok"),  # Khmer final kh
        ("Souksavanh", "Suksavan"),  # Lao ou, final nh
        ("Xaysana", "Saysana"),  # Lao x for ซ
        ("Rithy", "Rithi"),  # a final y after a consonant is i
    ],
)
def test_spelling_habits_fold_together(spellings):
    assert len({fold_latin(s) for s in spellings}) == 1, [fold_latin(s) for s in spellings]


@pytest.mark.parametrize(
    "a,b",
    [
        ("Somchai", "Somsak"),
        ("Kaew", "Kaem"),
        ("Aung", "Ong Min"),
        ("Sok", "Sam"),
        ("Dara", "Tara"),
    ],
)
def test_different_names_stay_apart(a, b):
    assert fold_latin(a) != fold_latin(b)


def test_myanmar_spellings_meet_the_thai_sound():
    assert fold_latin("Aung") == "ong"  # Thai อ่อง
    assert fold_latin("Kyaw")[0] == "c"  # Thai จ่อ
    assert fold_latin("Hnin") == "nin"  # Thai หนิ่น
    assert fold_latin("Naing") == "nai"  # Thai หน่าย (-aing / -าย)


def test_vietnamese_diacritics_and_d_with_stroke():
    assert ascii_letters("Nguyễn") == "nguyen"
    assert ascii_letters("Đặng") == "dang"
    assert fold_latin("Đức") == fold_latin("Duc")
