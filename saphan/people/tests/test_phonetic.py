"""A name word's consonant skeleton is the same in every script it is written in
(people/phonetic.py)."""

from __future__ import annotations

import pytest

from saphan.people.phonetic import myanmar_syllables, phonetic_key


@pytest.mark.parametrize(
    "thai,latin",
    [
        ("สุชาติ", "Suchart"),
        ("ประเสริฐ", "Prasert"),  # royin would give praserit
        ("วัฒนา", "Wattana"),  # royin: watna
        ("ไพบูลย์", "Paiboon"),  # royin: phabain
        ("สมชาย", "Somchai"),
        ("กิตติศักดิ์", "Kittisak"),
        ("ธนพล", "Thanaphol"),
        ("พรทิพย์", "Pornthip"),
        ("จันทร์เพ็ญ", "Janpen"),
        ("บุษบา", "Busaba"),
        ("เฉลิม", "Chalerm"),
        ("เจริญ", "Charoen"),
        ("แก้ว", "Kaew"),
        # Burmese names as Thai officials write them and as passports spell them.
        ("อ่อง", "Aung"),
        ("จ่อ", "Kyaw"),
        ("หนิ่น", "Hnin"),
        ("เต็ง", "Thein"),
        ("หน่าย", "Naing"),
        ("มยิ้น", "Myint"),
        ("ทุน", "Htun"),
        # Khmer and Lao names in Thai script.
        ("สุข", "Sokh"),
        ("จันทู", "Chanthou"),
        ("วันนัก", "Vannak"),
        ("ดารา", "Dara"),
        ("สุขสวรรค์", "Souksavanh"),
        ("บุญมี", "Bounmy"),
    ],
)
def test_thai_and_latin_spellings_share_the_key(thai, latin):
    assert phonetic_key(thai, "thai") == phonetic_key(latin, "latin") != ""


@pytest.mark.parametrize(
    "native,script,latin",
    [
        ("အောင်", "burmese", "Aung"),
        ("ကျော်", "burmese", "Kyaw"),
        ("သိန်း", "burmese", "Thein"),
        ("စန္ဒာ", "burmese", "Sandar"),
        ("សុខា", "khmer", "Sokha"),
        ("សម្បត្តិ", "khmer", "Sambath"),
        ("ពេជ្រ", "khmer", "Pich"),
        ("ສຸກສະຫວັນ", "lao", "Souksavanh"),
        ("ສົມພອນ", "lao", "Somphone"),
    ],
)
def test_own_scripts_share_the_key(native, script, latin):
    assert phonetic_key(native, script) == phonetic_key(latin, "latin") != ""


def test_different_names_have_different_keys():
    keys = {phonetic_key(w, "thai") for w in ("สมชาย", "สมศักดิ์", "บุญมี", "ประเสริฐ", "ดารา")}
    assert len(keys) == 5


def test_a_vowel_at_the_start_is_kept():
    assert phonetic_key("อ่อง", "thai") == phonetic_key("Aung", "latin") == "_n"
    assert phonetic_key("Naing", "latin") != phonetic_key("Aung", "latin")


def test_myanmar_names_split_into_syllables():
    assert myanmar_syllables("အောင်မင်းသိန်း") == ["အောင်", "မင်း", "သိန်း"]
    assert myanmar_syllables("စန္ဒာမြင့်") == ["စန္ဒာ", "မြင့်"]


def test_a_script_without_a_reader_gives_no_key():
    assert phonetic_key("王小明", "chinese") == ""
