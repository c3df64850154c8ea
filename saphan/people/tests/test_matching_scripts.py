"""The duplicate check across scripts and by evidence: a name written in another script is
found, one rare word with the date of birth is enough, a common word weighs little, and the
blocking keys follow the date of birth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from saphan.people import weights as W
from saphan.people.keys import birth_blocking, block_keys
from saphan.people.matching import SOUND
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
