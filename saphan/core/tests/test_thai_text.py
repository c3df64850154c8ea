"""Normalised text, tokens and phonetic keys for search and matching (saphan.core.thai)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from saphan.core.thai import ascii_digits, normalize_text, phonetic_keys, tokens


def test_digits_of_neighbouring_scripts_become_ascii():
    assert ascii_digits("๑๒๓ ၄၅ ໖ ៧ 8") == "123 45 6 7 8"  # Thai, Burmese, Lao, Khmer


def test_normalize_text_gives_one_spelling():
    assert normalize_text("  เเปลก\u200bใจ   ๒๕ ") == "แปลกใจ 25"  # doubled เ, zero-width space
    assert normalize_text("นํ้า") == "น้ำ"  # nikhahit + sara aa and misordered tone mark
    assert normalize_text("น้้ำ") == "น้ำ"  # repeated tone mark
    assert normalize_text("Somchai\tJAIDEE\n") == "somchai jaidee"


def test_normalize_text_keeps_sara_am_whole():
    assert normalize_text("กำลัง") == "กำลัง"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_normalize_text_is_stable(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_tokens_split_thai_words_and_drop_punctuation():
    assert tokens("นายสมชาย ใจดี, อายุ ๒๕ ปี! ไปกรุงเทพฯ ดีๆ") == [
        "นาย", "สม", "ชาย", "ใจดี", "อายุ", "25", "ปี", "ไป", "กรุงเทพฯ", "ดี",
    ]  # fmt: skip


def test_tokens_of_mixed_text_are_normalised():
    assert tokens("ส่งต่อ  Case-17 ให้ One Home") == ["ส่งต่อ", "case", "17", "ให้", "one", "home"]


def test_tokens_of_nothing_are_none():
    assert tokens("") == tokens("  ,. ") == []


def test_phonetic_keys_of_a_thai_name():
    assert phonetic_keys("สมชาย ใจดี") == {
        "udom83": ["ส072000", "จ240000"],
        "lk82": ["ซ6397", "จ7300"],
        "royin": ["somchai", "chaidi"],
    }


def test_a_name_spelt_two_ways_shares_keys():
    assert phonetic_keys("สมชาย")["udom83"] == phonetic_keys("สมชัย")["udom83"]


def test_a_latin_spelling_meets_the_thai_name_in_royin():
    assert phonetic_keys("Somchai")["royin"] == phonetic_keys("สมชาย")["royin"]
    assert phonetic_keys("Nguyễn Văn") == {"udom83": [], "lk82": [], "royin": ["nguyen", "van"]}


def test_names_are_split_on_spaces_not_into_dictionary_words():
    assert len(phonetic_keys("สมชาย")["royin"]) == 1


def test_words_in_other_scripts_and_bare_numbers_get_no_key():
    assert phonetic_keys("ကိုကို ๑๒ ..") == {"udom83": [], "lk82": [], "royin": []}


def test_tokens_keep_thai_vowel_and_tone_marks_at_word_ends():
    assert tokens("“ดี” (น้ำ) - กรุงเทพฯ") == ["ดี", "น้ำ", "กรุงเทพฯ"]
