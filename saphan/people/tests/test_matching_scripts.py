"""The duplicate check across scripts and by evidence: a name written in another script is
found, one rare word with the date of birth is enough, a common word weighs little, and the
blocking keys follow the date of birth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from saphan.people import weights as W
from saphan.people.evidence import SOUND
from saphan.people.keys import birth_blocking, block_keys, name_keys
from saphan.people.models import NameKeyFrequency, PersonName
from saphan.people.services import GuardianInput, PersonDetails, profile_save

from .helpers import ids, top

# These tests compare the English reason texts.
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    "stored,typed",
    [
        ("Aung Min Thein", "อ่อง มิน เต็ง"),  # Burmese name in Thai script, stored in Latin
        ("จ่อ ซอ หนิ่น", "Kyaw Zaw Hnin"),  # and the reverse
        ("ဦးအောင်မင်း", "Aung Min"),  # Myanmar script, with the honorific U
        ("Sokh Dara", "สุข ดารา"),  # Khmer
        ("ສຸກສະຫວັນ ບຸນມີ", "สุขสวรรค์ บุญมี"),  # Lao script and its Thai spelling
        ("ประเสริฐ วัฒนา", "Prasert Wattana"),  # Thai in passport spelling (royin is wrong)
        ("Suchart Kaewmanee", "สุชาติ แก้วมณี"),
        ("สมศรี ใจดี", "นางสมศรี ใจดี"),  # a glued title
        ("U Aung Min", "Aung Min"),
    ],
)
def test_a_name_in_another_script_is_found(world, record, stored, typed):
    born = dt.date(1991, 4, 9)
    wanted = record("kk", [stored], birth_date=born)
    record("kk", ["Khin Mya"], birth_date=born)
    found = top(world, [typed], birth_date=born)
    assert found and found[0].person_id == wanted.pk, (stored, typed)


def test_cross_script_reason_is_said(world, record):
    wanted = record("kk", ["Aung Min Thein"])
    [first, *_] = top(world, ["อ่อง มิน เต็ง"])
    assert first.person_id == wanted.pk
    assert "sounds alike in another script" in first.reasons
    assert SOUND in first.reason_codes


def test_one_rare_word_and_the_date_of_birth_find_the_person(world, record):
    born = dt.date(1988, 12, 1)
    wanted = record("kk", ["Sombat Phuengboon"], birth_date=born)
    record("kk", ["Sombat Jaidee"], birth_date=dt.date(1970, 1, 1))
    # Another given name (a nickname at the second intake), the family name and the date.
    found = top(world, ["Lek Phuengboon"], birth_date=born)
    assert ids(found)[0] == wanted.pk


def test_a_common_word_weighs_less_than_a_rare_one(world, record):
    for n in range(30):
        record("kk", [f"Aung {'Min' if n % 2 else 'Thu'}"])
    call_command("name_key_frequencies")
    assert NameKeyFrequency.objects.get(key="p_n").names >= NameKeyFrequency.FREQUENT
    total = NameKeyFrequency.objects.get(key=NameKeyFrequency.TOTAL).names
    common = NameKeyFrequency.objects.get(key="p_n").names / total
    assert W.weight("name_word", W.EXACT, share=common) < W.weight("name_word", W.EXACT)


def test_block_keys_follow_a_changed_date_of_birth(world, record):
    person = record("kk", ["Aung Min"], birth_date=dt.date(1990, 1, 2))
    name = PersonName.objects.get(person=person)
    assert "d_n|19900102" in name.block_keys
    profile_save(
        actor=world["u"]["sup_kk"],
        person=person,
        details=PersonDetails(
            sex=person.sex,
            birth_date=dt.date(1992, 5, 6),
            birth_date_precision="exact",
        ),
        expected_version=person.version,
        guardian=GuardianInput(),
    )
    name.refresh_from_db()
    person.refresh_from_db()
    assert "d_n|19920506" in name.block_keys and "d_n|19900102" not in name.block_keys
    assert name.block_keys == block_keys(name.phonetic, **birth_blocking(person))


def test_the_command_recomputes_every_key(world, record):
    person = record("kk", ["สมชาย ใจดี"])
    PersonName.objects.filter(person=person).update(phonetic=[], block_keys=[])
    call_command("name_key_frequencies", "--recompute-keys")
    name = PersonName.objects.get(person=person)
    # สมชาย also keeps its Lao reading (ช as s), ใจดี its d read t (phonetic.phonetic_forms).
    assert name.phonetic == ["smc/sms", "cd/ct"] and "2cd+smc" in name.block_keys


def test_weights_come_from_one_table_a_splink_model_can_replace(tmp_path, monkeypatch):
    import copy
    import json

    monkeypatch.setattr(W, "MODEL", copy.deepcopy(W.MODEL))
    model = {
        "comparisons": [
            {
                "output_column_name": "birth",
                "comparison_levels": [
                    {"label_for_charts": "exact", "m_probability": 0.5, "u_probability": 0.001}
                ],
            }
        ]
    }
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model))
    W.load_splink_model(str(path))
    assert W.MODEL["birth"]["exact"] == W.Level(0.5, 0.001)
    assert round(W.weight("birth", "exact"), 3) == round(__import__("math").log2(500), 3)


def test_sex_and_nationality_on_the_check_page_decide_between_namesakes(world, record, client):
    from django.urls import reverse
    from django.utils import translation

    from saphan.people.models import Person, Sex

    woman = record("kk", ["Aung Min"], sex=Sex.FEMININE)
    man = record("kk", ["Aung Min"], sex=Sex.MASCULINE)
    Person.objects.filter(pk=woman.pk).update(citizenships=["MM"])
    Person.objects.filter(pk=man.pk).update(citizenships=["TH"])
    assert ids(top(world, ["Aung Min"], sex=Sex.MASCULINE, nationality="TH"))[0] == man.pk
    assert ids(top(world, ["Aung Min"], sex=Sex.FEMININE, nationality="MM"))[0] == woman.pk
    client.force_login(world["u"]["cw_kk"])
    page = client.get(reverse("people:check")).content.decode()
    assert 'name="sex"' in page and 'name="nationality"' in page
    for sex, nationality in ((Sex.MASCULINE, "TH"), (Sex.FEMININE, "MM")):
        html = client.get(
            reverse("people:candidates"),
            {"name": "Aung Min", "sex": sex, "nationality": nationality},
        ).content.decode()
        with translation.override("th"):
            shown = [f'<span class="me-2">{Sex(s).label}</span>' for s in Sex.values]
        first = min((html.index(label), label) for label in shown if label in html)[1]
        with translation.override("th"):
            assert first == f'<span class="me-2">{Sex(sex).label}</span>'
    # A value that is not a choice is ignored, not an error.
    response = client.get(reverse("people:candidates"), {"name": "Aung Min", "sex": "x"})
    assert response.status_code == 200


# --- issue 14, finer evidence: spellings, Lao letters, names of three common syllables ------
def test_a_lao_word_has_the_thai_keys_of_its_thai_spelling():
    from saphan.people.keys import name_keys
    from saphan.people.phonetic import lao_as_thai_spelling

    # ົວ is the vowel ua, a closing ຍ the Thai ย, an opening one ญ; ົ alone is left unwritten.
    assert lao_as_thai_spelling("ບົວສອນ") == "บัวสอน"
    assert lao_as_thai_spelling("ນ້ອຍ") == "น้อย"
    assert lao_as_thai_spelling("ຍິງ") == "ญิง"
    assert lao_as_thai_spelling("ທຳມະວົງ") == "ทำมะวง"
    lao, thai = name_keys("ບົວສອນ ທຳມະວົງ"), name_keys("บัวสอน ทำมะวง")
    assert lao.udom83 == thai.udom83 and all(lao.udom83)
    assert lao.latin_keys == thai.latin_keys
    assert [w.script for w in lao.words] == ["lao", "lao"]  # the record keeps its script


def test_a_lao_name_meets_its_thai_spelling_by_spelling_not_by_sound_alone(world, record):
    from saphan.people.evidence import _word_level
    from saphan.people.keys import name_keys, stored_words

    stored = name_keys("ນ້ອຍ ສຸວັນນະວົງ")
    words = stored_words(
        stored.normalized, stored.udom83, stored.lk82, stored.latin_keys, stored.phonetic
    )
    typed = name_keys("น้อย สุวันนะวง").words
    assert [_word_level(q, c)[0] for q, c in zip(typed, words, strict=True)] == [
        W.CROSS_SPELLING,
        W.CROSS_SPELLING,
    ]
    wanted = record("kk", ["ນ້ອຍ ສຸວັນນະວົງ"])
    record("kk", ["หน่อย สุวรรณวงศ์"])  # the same consonants, another name
    assert ids(top(world, ["น้อย สุวันนะวง"]))[0] == wanted.pk


def test_a_name_of_three_words_has_a_key_for_its_three_words_in_any_script():
    from saphan.people.keys import name_keys

    def keys(text):
        return set(block_keys([p for p in name_keys(text).phonetic if p]))

    latin, thai = keys("Min Oo Lin"), keys("มิ่น อู ลิน")
    assert "3_+ln+mn" in latin and "3_+ln+mn" in thai
    assert not any(k.startswith("3") for k in keys("Min Lin"))


def test_three_common_syllables_find_the_person_when_every_pair_is_too_common(
    world, record, monkeypatch
):
    from saphan.people import generation
    from saphan.people.keys import name_keys

    # Every two of the three words' sound forms (m-n, a vowel, l-n) are held by more names
    # than the probe may read; the target, written in Latin letters, shares no word's Thai
    # key and only one Latin key with the query in Thai script.
    for n in range(12):
        record("kk", [("Min Lin Kyaw", "Aye Lin Thein", "Min Aye Htun")[n % 3]])
    wanted = record("kk", ["Myint Oo Lynn"])
    monkeypatch.setattr(NameKeyFrequency, "FREQUENT", 1)
    call_command("name_key_frequencies")
    monkeypatch.setattr(generation, "BLOCK_BUDGET", 3)
    found, _ids, _broad = generation.generate([name_keys("มิ้น อู ลิ่น")], [], generation.POOL, None, {})
    assert wanted.pk in found
    # the pairs alone are over the budget: without the key of the three words, nothing
    monkeypatch.setattr(
        generation, "block_keys", lambda *a, **kw: [k for k in block_keys(*a, **kw) if k[0] != "3"]
    )
    found, _ids, _broad = generation.generate([name_keys("มิ้น อู ลิ่น")], [], generation.POOL, None, {})
    assert wanted.pk not in found


def test_with_no_date_the_key_of_the_whole_name_is_read_past_the_budget(world, record, monkeypatch):
    """รัตนา ศรีสุวรรณ typed from a passport as Ratana Srisuwanna, no date of birth: the two
    words share no Thai key and one Latin key, so only the blocking probe can find the person,
    and every key of the name is held by more names than its budget (at 1,000,000 persons the
    pair r-t-n + s-n is held by ~850). The key of the whole name is read all the same."""
    from saphan.people import generation

    wanted = record("kk", ["รัตนา ศรีสุวรรณ"])
    for other in ("รัตนา สิน", "Rattana Son", "รัตนา แสน", "Ratana Sin"):
        record("kk", [other])
    monkeypatch.setattr(NameKeyFrequency, "FREQUENT", 1)
    call_command("name_key_frequencies")
    monkeypatch.setattr(generation, "BLOCK_BUDGET", 3)
    query = [name_keys("Ratana Srisuwanna")]
    found, _ids, _broad = generation.generate(query, [], generation.POOL, None, {})
    assert wanted.pk in found
    # without that allowance nothing is read, and the person is not found
    monkeypatch.setattr(generation, "WHOLE_NAME_BUDGET", 0)
    found, _ids, _broad = generation.generate(query, [], generation.POOL, None, {})
    assert wanted.pk not in found


def test_a_word_matched_by_its_spelling_weighs_as_rare_as_the_spelling(world, record):
    from saphan.people.evidence import SPELLED, _name_evidence
    from saphan.people.keys import name_keys

    typed = tuple(name_keys("Thang").words)
    spelled = tuple(name_keys("Thắng").words)  # the same spelling, without its marks
    sounded = tuple(name_keys("Tun").words)  # only the same consonants (t-n)
    common_form = (("tn", 0.10),)  # a tenth of the register sounds t-n
    rare_spelling = (*common_form, (f"{SPELLED}tang", 0.0001))
    assert (
        _name_evidence(typed, spelled, rare_spelling)[0]
        > _name_evidence(typed, spelled, common_form)[0]
    )
    # the sound level is still weighed by the form's frequency
    assert (
        _name_evidence(typed, sounded, rare_spelling)[0]
        == _name_evidence(typed, sounded, common_form)[0]
    )


def test_the_counts_hold_each_words_latin_spelling(world, record, monkeypatch):
    for _ in range(3):
        record("kk", ["Ly Quoc Thang"])
    record("kk", ["ลี ก๊วก ทั้ง"])
    monkeypatch.setattr(NameKeyFrequency, "FREQUENT", 2)
    call_command("name_key_frequencies")
    # the Thai word ทั้ง folds to the same spelling: 3 + 1
    assert NameKeyFrequency.objects.get(key=f"{NameKeyFrequency.LATIN}tang").names == 4
    assert not NameKeyFrequency.objects.filter(key=f"{NameKeyFrequency.LATIN}").exists()


def test_a_khmer_script_word_weighs_its_sound_as_the_best_it_can_show():
    from saphan.people.evidence import _word_level
    from saphan.people.keys import name_keys

    [khmer] = name_keys("សុខ").words  # no Latin spelling here: its sound form is all it has
    [latin] = name_keys("Sokh").words
    assert not khmer.latin
    assert _word_level(latin, khmer)[0] == W.CROSS_UNSPELLED
    assert W.weight("name_word", W.CROSS_UNSPELLED) > W.weight("name_word", W.CROSS_SOUND)


@pytest.mark.parametrize(
    "syllable,spelt",
    [
        ("ကျော်", "kyaw"), ("အောင်", "aung"), ("သိန်း", "thein"), ("နိုင်", "naing"),
        ("ထွန်း", "htun"), ("နှင်း", "hnin"), ("ရွှေ", "shwe"), ("ငြိမ်း", "nyein"),
        ("မိုး", "moe"), ("ချစ်", "chit"), ("သက်", "thet"), ("ပြုံး", "pyone"), ("အေး", "aye"),
        ("နွယ်", "nwe"), ("အုန်း", "ohn"), ("ဇော်", "zaw"),
    ],
)  # fmt: skip
def test_a_myanmar_syllable_is_spelt_as_a_passport_spells_it(syllable, spelt):
    from saphan.people.phonetic import myanmar_latin

    assert myanmar_latin(syllable) == spelt


def test_a_myanmar_name_meets_its_latin_and_thai_writings_by_spelling(world, record):
    from saphan.people.evidence import _word_level
    from saphan.people.keys import name_keys, stored_words

    stored = name_keys("မိုးလင်းစိုး")
    words = stored_words(
        stored.normalized, stored.udom83, stored.lk82, stored.latin_keys, stored.phonetic
    )
    assert [w.script for w in words] == ["burmese"] * 3  # the record keeps its script

    def levels(typed):
        return [_word_level(q, c)[0] for q, c in zip(name_keys(typed).words, words, strict=True)]

    assert levels("Moe Lin Soe") == [W.CROSS_SPELLING] * 3
    # Thai writes Moe โม: the same sound, and Lin the same spelling
    assert levels("โม ลิน โซ") == [W.CROSS_CLOSE, W.CROSS_SPELLING, W.CROSS_CLOSE]
    wanted = record("kk", ["မိုးလင်းစိုး"])
    record("kk", ["မင်းလွင်စော"])  # the same consonants, another name
    assert ids(top(world, ["Moe Lin Soe"]))[0] == wanted.pk


def test_two_words_read_as_one_weigh_as_common_as_the_word_they_meet():
    """ "Myint Nwe" squeezes to the m-n of "Min": reached through two words, m-n is no rarer,
    so a longer name that only sounds like the query cannot outrank the query's own name."""
    from saphan.people.evidence import _name_evidence
    from saphan.people.keys import name_keys

    typed = tuple(name_keys("มิน จ่อ").words)
    common = (("c", 0.05), ("mn", 0.06), ("=co", 0.02), ("=min", 0.02))
    same = _name_evidence(typed, tuple(name_keys("มิน จ่อ").words), common)[0]
    spelled = _name_evidence(typed, tuple(name_keys("Min Kyaw").words), common)[0]
    longer = _name_evidence(typed, tuple(name_keys("Myint Nwe Kyaw").words), common)[0]
    assert same > spelled > longer
    # where m-n is rare, the run keeps its weight
    rare = (("c", 0.05), ("mn", 0.0001), ("=co", 0.02), ("=min", 0.02))
    assert _name_evidence(typed, tuple(name_keys("Myint Nwe Kyaw").words), rare)[0] > longer


def test_a_name_spelled_alike_in_latin_letters_survives_the_cut_of_a_crowded_pass(
    world, record, monkeypatch
):
    """When more persons match a pass than are scored, those kept are the likest as wholes:
    the folded Latin spelling counts as much as the text, so a Thai-script query keeps the
    person written in Latin letters among many written like the query in Thai."""
    from saphan.people import generation

    wanted = record("kk", ["Min Kyaw"])
    for _ in range(6):
        record("kk", ["มิน จ่อ เมียะ"])  # the two words in Thai letters, and a third
    monkeypatch.setattr(generation, "POOL", 3)
    monkeypatch.setattr(generation, "BLOCK_POOL", 0)
    keys = [name_keys("มิน จ่อ")]
    found, _ids, _broad = generation.generate(keys, [], generation.POOL, None, {})
    assert wanted.pk in found
    # without the spelling, the Thai text decides and the pool is full of the others
    monkeypatch.setattr(generation, "_spelled", lambda words: "")
    found, _ids, _broad = generation.generate(keys, [], generation.POOL, None, {})
    assert wanted.pk not in found


def _first_of_the_probe(monkeypatch, *names: str) -> str:
    """The person the blocking probe ranks first for the names typed, every key counted."""
    from saphan.people import generation

    monkeypatch.setattr(NameKeyFrequency, "FREQUENT", 1)
    call_command("name_key_frequencies")
    with connection.cursor() as cur:
        blocked, _shares = generation.block_probe(cur, [name_keys(n) for n in names], None)
    return max(blocked, key=blocked.__getitem__)


def test_the_blocking_probe_keeps_first_the_names_holding_more_of_the_query(
    world, record, monkeypatch
):
    """Of the names the probe reads, one holding both query words by their sound (Chea Sokha,
    for เจีย สุขา) comes before several holding one of them spelled as the query spells it
    (สุขา with another name): the probe's cut keeps it."""
    wanted = record("kk", ["Chea Sokha"])
    for given in ("ดารา", "สมศรี", "มาลี", "วันดี", "สุดา", "บุปผา"):
        record("kk", [f"{given} สุขา"])
    assert _first_of_the_probe(monkeypatch, "เจีย สุขา") == str(wanted.pk)


def test_an_age_without_a_date_decides_between_namesakes_on_the_check_page(world, record, client):
    """No date of birth, only "about 24": the namesake born that long ago comes first, one of
    about 60 last; the age field is on the check page and its candidates partial reads it."""
    from django.urls import reverse
    from django.utils import timezone

    year = timezone.localdate().year
    young = record("kk", ["Min Kyaw"], birth_date=dt.date(year - 24, 3, 5))
    old = record("kk", ["Min Kyaw"], birth_date=dt.date(year - 61, 3, 5))
    estimated = record("kk", ["Min Kyaw"], ages=(20, 26))
    found = top(world, ["Min Kyaw"], age=24)
    assert set(ids(found)[:2]) == {young.pk, estimated.pk}
    assert ids(found)[-1] == old.pk
    assert ids(top(world, ["Min Kyaw"], age=60))[0] == old.pk
    # a date, when typed, is what counts
    born = dt.date(year - 61, 3, 5)
    assert ids(top(world, ["Min Kyaw"], birth_date=born, age=24))[0] == old.pk
    client.force_login(world["u"]["cw_kk"])
    assert 'name="age"' in client.get(reverse("people:check")).content.decode()
    html = client.get(reverse("people:candidates"), {"name": "Min Kyaw", "age": "61"})
    assert html.status_code == 200
    # Out of range is said in the worker's language, and the check runs on the name.
    bad = client.get(reverse("people:candidates"), {"name": "Min Kyaw", "age": "300"})
    assert bad.status_code == 200 and "120" in bad.content.decode()


def test_an_age_stands_for_years_of_birth_either_side():
    from saphan.people.evidence import AGE_SLACK, age_years

    assert age_years(None) is None
    low, high = age_years(30, dt.date(2026, 12, 6))
    assert (low, high) == (2026 - 30 - 1 - AGE_SLACK, 2026 - 30 + AGE_SLACK)


def test_a_vowel_spelt_alike_across_scripts_is_closer_than_the_consonants_alone(world, record):
    """สุวรรณ (read suwan) and a Khmer passport's Sovann share their consonants with Sen, San
    and Son too; of those only Sovann also spells its vowels alike. The same sound with a
    close Latin spelling is a level of its own, between the same spelling and the sound only."""
    from saphan.people.evidence import _name_evidence, _word_level
    from saphan.people.keys import name_keys

    typed = tuple(name_keys("สุวรรณ หลง").words)
    sovann, sen = tuple(name_keys("Sovann Long").words), tuple(name_keys("Sen Long").words)
    assert [_word_level(q, c)[0] for q, c in zip(typed, sovann, strict=True)] == [
        W.CROSS_CLOSE,
        W.CROSS_SPELLING,
    ]
    assert _word_level(typed[0], sen[0])[0] == W.CROSS_SOUND
    assert _name_evidence(typed, sovann)[0] > _name_evidence(typed, sen)[0]
    assert W.weight("name_word", W.CROSS_SPELLING) > W.weight("name_word", W.CROSS_CLOSE)
    assert W.weight("name_word", W.CROSS_CLOSE) > W.weight("name_word", W.CROSS_SOUND)

    for name in ("Sen Long", "San Long", "Son Long", "Sin Long", "Sun Long"):
        record("kk", [name])
    wanted = record("kk", ["Sovann Long"])
    assert ids(top(world, ["สุวรรณ หลง"]))[0] == wanted.pk


def test_the_same_words_in_the_query_order_come_before_the_same_words_swapped(world, record):
    """Lwin Wai Kyaw and Kyaw Lwin Wai are two Burmese names. The order of the words alike is
    evidence: the name in the query's order comes first, even written in Myanmar script
    against a swapped one spelled letter for letter as typed (its syllables as common as in
    a national register), and a swapped Thai name is still found (a form with the family name
    first swaps it)."""
    from saphan.people.evidence import SPELLED, _name_evidence

    typed = tuple(name_keys("Lwin Wai Kyaw").words)
    swapped = tuple(name_keys("Kyaw Lwin Wai").words)
    order = W.order_weight(swapped=False, words=3) - W.order_weight(swapped=True, words=3)
    # Three words of two persons fall in the same order one time in six, two words in two.
    two = W.order_weight(swapped=False, words=2) - W.order_weight(swapped=True, words=2)
    assert order > two > 0
    assert _name_evidence(typed, typed)[0] - _name_evidence(typed, swapped)[0] == pytest.approx(
        order
    )
    common = tuple(
        sorted(
            {(f, 0.02) for w in typed for f in w.sounds}
            | {(f"{SPELLED}{w.latin}", 0.02) for w in typed}
        )
    )
    in_myanmar = tuple(name_keys("လွင်ဝေကျော်").words)
    assert _name_evidence(typed, in_myanmar, common)[0] > _name_evidence(typed, swapped, common)[0]

    for name in ("Kyaw Lwin Wai", "Wai Lwin Kyaw", "Wai Kyaw Lwin", "Lwin Kyaw Wai"):
        record("kk", [name])
    wanted = record("kk", ["Lwin Wai Kyaw"])
    assert ids(top(world, ["Lwin Wai Kyaw"]))[0] == wanted.pk

    thai = record("kk", ["สมชาย ใจดี"])
    assert ids(top(world, ["ใจดี สมชาย"]))[0] == thai.pk


def test_the_blocking_probe_keeps_first_the_names_in_the_query_order(world, record, monkeypatch):
    """Of names holding both query words, the probe's cut keeps first those in the query's
    order: Chea Sokha (family name first, as Khmer names are) before several Sokha Chea."""
    for _ in range(6):
        record("kk", ["Sokha Chea"])
    wanted = record("kk", ["Chea Sokha"])  # last: among equals it would be read last
    assert _first_of_the_probe(monkeypatch, "เจีย สุขา") == str(wanted.pk)


def test_with_two_names_typed_the_probe_reads_the_order_by_the_words_places(
    world, record, monkeypatch
):
    """The Thai name and a passport's Latin one typed together: Somchai is known by both, ใจดี
    by the Thai one only. Somchai Jaidee holds them in the order typed, Jaidee Somchai not."""
    record("kk", ["Jaidee Somchai"])
    wanted = record("kk", ["Somchai Jaidee"])
    first = _first_of_the_probe(monkeypatch, "สมชาย ใจดี", "Somchai Rakdee")
    assert first == str(wanted.pk)


def test_a_myanmar_syllable_without_a_spelling_is_not_left_out_of_the_whole_name():
    """စန္ဒာ has no Latin spelling here. Compared as a whole in Latin letters, စန္ဒာမင်းကျော်စန္ဒာ
    would read Min Kyaw, and a name of four words would outweigh the two-word name typed: it
    is compared so only when every word has a spelling."""
    from saphan.people.evidence import _name_evidence

    typed = tuple(name_keys("มิน จ่อ").words)
    longer = tuple(name_keys("စန္ဒာမင်းကျော်စန္ဒာ").words)
    assert any(not w.latin for w in longer)
    assert (
        _name_evidence(typed, tuple(name_keys("Min Kyaw").words))[0]
        > _name_evidence(typed, longer)[0]
    )
