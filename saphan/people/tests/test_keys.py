"""Matching keys of names: scripts, titles, Latin spellings of Thai names."""

import pytest

from saphan.people.keys import detect_script, latin_sound, name_keys, stored_words


@pytest.mark.parametrize(
    "text,script",
    [
        ("สมชาย ใจดี", "thai"),
        ("Somchai Jaidee", "latin"),
        ("Nguyễn Văn An", "latin"),
        ("မောင်မောင်", "burmese"),
        ("ສົມໃຈ ແກ້ວ", "lao"),
        ("សុខា ចាន់", "khmer"),
        ("王小明", "chinese"),
        ("Иванов", "other"),
        ("123", "other"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize(
    "a,b",
    [
        ("Jaidee", "chaidi"),
        ("Boonmee", "bunmi"),
        ("Wichai", "Vichai"),
        ("Pornthip", "phonthip"),
        ("Sittichai", "Sitichai"),
        ("Kamol", "kamon"),
    ],
)
def test_latin_sound_folds_spelling_habits(a, b):
    assert latin_sound(a) == latin_sound(b)


def test_titles_and_punctuation_are_not_name_words():
    assert name_keys("นายสมชาย ใจดี").normalized == "สมชาย ใจดี"
    assert name_keys("น.ส. สมหญิง  ใจดี").normalized == "สมหญิง ใจดี"
    assert name_keys("Mr. Somchai JAIDEE").normalized == "somchai jaidee"
    assert name_keys("Somchai-Jaidee,").normalized == "somchai jaidee"
    assert name_keys("นางนวล ใจดี").normalized == "นางนวล ใจดี"  # a name, not a title


def test_keys_are_aligned_with_words_and_read_back():
    keys = name_keys("สมชาย Jaidee")
    assert len(keys.udom83) == len(keys.lk82) == 2 and keys.udom83[1] == ""
    words = stored_words(keys.normalized, keys.udom83, keys.lk82, keys.latin_keys)
    assert [w.script for w in words] == ["thai", "latin"]
    assert [w.latin for w in words] == [k.latin for k in keys.words]
    # query keys carry no empty strings (an empty key would match every Latin name)
    assert all(all(k) for k in keys.query_keys())


@pytest.mark.parametrize(
    "stored, typed",
    [
        ("somchai", "somchay"),  # a letter replaced
        ("somchai", "somchi"),  # a letter left out
        ("somchai", "sommchai"),  # a letter doubled
        ("somchai", "somcahi"),  # two neighbours swapped
        ("จันทบาล", "ันทบาล"),  # the first consonant lost: normalize_text drops the orphan mark
        ("ศศิพิมพ์", "ศศิมพ์"),  # a consonant lost between two marks
        ("มั่นคง", "มันคง"),  # a tone mark left out
    ],
)
def test_one_slip_apart_shares_a_typo_key(stored, typed):
    from saphan.core.thai import normalize_text
    from saphan.people.keys import typo_keys

    assert set(typo_keys(normalize_text(stored))) & set(typo_keys(normalize_text(typed)))


def test_different_words_share_no_typo_key():
    from saphan.people.keys import typo_keys

    assert not set(typo_keys("somchai")) & set(typo_keys("prasert"))
    assert typo_keys("ab") == ["ab"]  # too short to say anything by a letter less


@pytest.mark.parametrize(
    "written,words",
    [
        ("นางสมศรี ใจดี", "สมศรี ใจดี"),  # a title glued to the name
        ("คุณสมชาย ใจดี", "สมชาย ใจดี"),
        ("คุณ สมชาย ใจดี", "สมชาย ใจดี"),
        ("ด.ญ.สมศรี ใจดี", "สมศรี ใจดี"),
        ("คุณากร ใจดี", "คุณากร ใจดี"),  # a name that starts like a title stays whole
        ("Mr.Somchai Jaidee", "somchai jaidee"),
        ("U Aung Min", "aung min"),  # Myanmar honorifics, in every script
        ("Daw Khin Mya", "khin mya"),
        ("อู อ่อง มิน", "อ่อง มิน"),
        ("ဦးအောင်မင်း", "အောင် မင်း"),  # Myanmar script: syllables are words
        ("สมชาย\u200bใจดี", "สมชาย ใจดี"),  # a zero-width space is a word gap
    ],
)
def test_titles_and_honorifics_are_left_out_and_a_zero_width_space_is_a_gap(written, words):
    assert name_keys(written).normalized == words


def test_an_honorific_alone_is_the_name():
    assert name_keys("Ko").normalized == "ko"


def test_block_keys_hold_words_pairs_and_the_date_of_birth():
    import datetime as dt

    from saphan.people.keys import block_keys

    keys = block_keys(["smc", "cd"], exact=dt.date(1990, 3, 7), years=(1990, 1990))
    assert set(keys) == {
        "psmc", "pcd", "2cd+smc", "dsmc|19900307", "dcd|19900307", "ysmc|1990", "ycd|1990",
    }  # fmt: skip
    estimated = block_keys(["smc"], years=(1980, 2010))
    assert len([k for k in estimated if k.startswith("y")]) == 12  # a wide range is cut


def test_thai_and_latin_names_share_their_phonetic_keys():
    thai, latin = name_keys("ประเสริฐ วัฒนา"), name_keys("PRASERT WATTANA")
    assert thai.phonetic == latin.phonetic
