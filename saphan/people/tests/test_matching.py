"""The duplicate check: finds the person spelt another way, ranks sensibly, hides what the
worker may not see, and logs what it shows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from saphan.audit.models import ReadAccess
from saphan.people.evidence import SAME_ID
from saphan.people.matching import (
    candidate_token,
    candidate_token_person_id,
    find_candidates,
)
from saphan.people.models import Person

from .helpers import ids, thai_id, top

# These tests compare the English reason texts.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def crowd(record):
    """Persons that look a little like the ones searched, so ranking means something."""
    for names in (
        ["สมศักดิ์ ใจดี"],
        ["สมชาย ใจงาม"],
        ["บุญมา ศรีสมุทร"],
        ["สมหญิง รักไทย"],
        ["ประเสริฐ มั่นใจ"],
        ["Aung Ko Ko"],
    ):
        record("kk", names)


@pytest.mark.parametrize(
    "stored,typed",
    [
        ("สมชาย ใจดี", "สมชัย ใจดี"),  # vowel spelt differently, same sound
        ("บุญมี ศรีสุข", "บุญมี สีสุข"),  # ศรี / สี
        ("สมชาย ใจดี", "Somchai Jaidee"),  # Thai ↔ Latin letters
        ("Somchai Jaidee", "สมชาย ใจดี"),  # Latin ↔ Thai
        ("สมชาย ใจดี", "ใจดี สมชาย"),  # family name first
        ("สมชาย ใจดี", "สมชาย ใจดิ"),  # typo in a vowel
        ("ประเสริฐ มั่นคง", "ประเสริฐ มันคง"),  # tone mark left out
        ("สมชาย ใจดี", "นายสมชาย ใจดี"),  # with a title
        ("Pornthip Srisuk", "พรทิพย์ ศรีสุข"),  # passport spelling of a Thai name
        ("Nguyễn Văn An", "Nguyen Van An"),  # accents
    ],
)
def test_variants_are_found_first(world, record, crowd, stored, typed):
    wanted = record("tak" if "Nguy" in stored else "kk", [stored])
    found = top(world, [typed])
    assert found, typed
    assert found[0].person_id == wanted.pk or found[0].token, (stored, typed)
    if found[0].visible:
        assert found[0].score >= 0.6


def test_thai_and_latin_spellings_meet_and_say_why(world, record):
    wanted = record("kk", ["สมชาย ใจดี"])
    [first, *_] = top(world, ["Somchai Jaidee"])
    assert first.person_id == wanted.pk
    assert "same name in Latin letters" in first.reasons


def test_sound_alike_reason(world, record):
    wanted = record("kk", ["บุญมี ศรีสุข"])
    [first, *_] = top(world, ["บุญมี สีสุข"])
    assert first.person_id == wanted.pk
    assert "sounds alike (Thai)" in first.reasons


def test_swapped_order_is_said(world, record):
    wanted = record("kk", ["สมชาย ใจดี"])
    [first, *_] = top(world, ["ใจดี สมชาย"])
    assert first.person_id == wanted.pk
    assert "given and family names swapped" in first.reasons


def test_exact_id_number_comes_first_even_under_another_name(world, record, crowd):
    number = thai_id("110170020345")
    same_name = record("kk", ["สมชาย ใจดี"])
    same_id = record("kk", ["มานี มีนา"], thai_id=number)
    found = top(world, ["สมชาย ใจดี"], id_numbers=[number[:1] + "-" + number[1:]])
    assert ids(found)[:2] == [same_id.pk, same_name.pk]
    assert found[0].reason_codes[0] == SAME_ID
    assert found[0].score >= 0.95


def test_id_of_a_stateless_person_starting_with_zero(world, record):
    number = thai_id("008012345678")
    wanted = record("kk", ["Aye Aye"], thai_id=number)
    found = top(world, [], id_numbers=[number])
    assert ids(found) == [wanted.pk]


def test_date_of_birth_decides_between_namesakes(world, record):
    born = dt.date(1998, 3, 7)
    other = record("kk", ["สมชาย ใจดี"], birth_date=dt.date(1975, 11, 20))
    same = record("kk", ["สมชาย ใจดี"], birth_date=born)
    swapped = record("kk", ["สมชาย ใจดี"], birth_date=dt.date(1998, 7, 3))
    found = top(world, ["สมชาย ใจดี"], birth_date=born)
    assert ids(found) == [same.pk, swapped.pk, other.pk]
    assert "same date of birth" in found[0].reasons
    assert "day and month swapped" in found[1].reasons
    assert found[2].score < found[1].score


def test_estimated_age_range_counts(world, record):
    inside = record("kk", ["Mya Mya"], ages=(15, 17))
    today = dt.date.today()
    found = top(world, ["Mya Mya"], birth_date=dt.date(today.year - 16, 1, 1))
    assert found[0].person_id == inside.pk
    assert "within the estimated age" in found[0].reasons


def test_unrelated_names_are_not_candidates(world, record, crowd):
    assert top(world, ["วิไลวรรณ ทองคำ"]) == []


def test_limit_and_order(world, record):
    for i in range(15):
        record("kk", [f"สมชาย ใจดี{'ย์' if i % 2 else ''}"])
    found = top(world, ["สมชาย ใจดี"], limit=10)
    assert len(found) == 10
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)


def test_invisible_candidate_shows_only_band_province_and_token(world, record):
    number = thai_id("310170020345")
    hidden = record("tak", ["สมชาย ใจดี"], thai_id=number, birth_date=dt.date(1990, 1, 2))
    [c] = top(world, ["สมชาย ใจดี"], id_numbers=[number])
    assert c.visible is False
    assert c.person is None and c.person_id is None and c.reasons == [] and c.reason_codes == []
    assert c.band == "high" and c.score == 0.8
    assert c.province_name in ("ตาก", "Tak")
    assert c.token and str(hidden.pk) not in c.token
    assert str(hidden.pk).replace("-", "") not in c.token
    dump = repr(dataclasses.asdict(c))
    for secret in ("สมชาย", "ใจดี", number, str(hidden.pk), hidden.pk.hex):
        assert secret not in dump
    # The token names the person to the server, for the same worker only.
    assert candidate_token_person_id(token=c.token, actor=world["u"]["cw_kk"]) == hidden.pk
    with pytest.raises(PermissionDenied):
        candidate_token_person_id(token=c.token, actor=world["u"]["cw_tak"])
    with pytest.raises(PermissionDenied):
        candidate_token_person_id(token=c.token[:-2] + "xx", actor=world["u"]["cw_kk"])


def test_tokens_differ_each_time(world, record):
    person = record("tak", ["สมชาย ใจดี"])
    actor = world["u"]["cw_kk"]
    assert candidate_token(person_id=person.pk, actor=actor) != candidate_token(
        person_id=person.pk, actor=actor
    )


def test_visible_candidates_are_logged_hidden_ones_not(world, record):
    mine = record("kk", ["สมชาย ใจดี"])
    record("tak", ["สมชาย ใจดี"])
    found = top(world, ["สมชาย ใจดี"], path="/people/candidates/")
    assert sorted(c.visible for c in found) == [False, True]
    rows = list(ReadAccess.objects.values_list("username", "record_id", "scope", "path"))
    assert rows == [("cw_kk", str(mine.pk), "duplicate check", "/people/candidates/")]


def test_nothing_found_logs_nothing(world, record):
    record("kk", ["ส สมชาย"])
    assert top(world, ["ไม่มี ใคร"]) == []
    assert top(world, ["ส"]) == [] and top(world, [" ", ""]) == []
    assert not ReadAccess.objects.exists()


@pytest.mark.parametrize("who", ["vol_kk", "police_kk", "central"])
def test_only_roles_that_open_cases_may_check(world, who):
    with pytest.raises(PermissionDenied):
        find_candidates(actor=world["u"][who], names=["สมชาย ใจดี"])


def test_unlinked_person_is_a_hidden_candidate_without_province(world, record):
    from saphan.people.services import NameInput, PersonInput, person_create

    person_create(actor=world["u"]["cw_tak"], data=PersonInput(names=[NameInput("สมชาย ใจดี")]))
    [c] = top(world, ["สมชาย ใจดี"])
    assert not c.visible and c.province_name == ""


def test_a_check_is_a_handful_of_queries(world, record, django_assert_max_num_queries):
    record("kk", ["สมชาย ใจดี"])
    # savepoint, ID, savepoint, settings, generation (by sound alone, then with slips: one
    # person is too few), settings back, release, persons scored, names, visibility, persons
    # shown, then the read log (savepoint, lock, last hash, insert, release), release
    with django_assert_max_num_queries(19):
        top(world, ["สมชาย ใจดี", "Somchai Jaidee"], birth_date=dt.date(1990, 1, 1),
            id_numbers=["1234567890123"])  # fmt: skip
    assert Person.objects.count() == 1


def test_a_word_too_common_to_rank_gives_nothing_until_the_name_narrows(world, record, monkeypatch):
    """At national scale "Khin" alone matches tens of thousands of names: a pass over more than
    SCAN_CAP names gives no candidates (and costs no ranking); with a second word the check
    is narrow again and finds the person."""
    from saphan.people import generation

    target = record("kk", ["Khin Myat Oo"])
    for family in ("Aye", "Win", "Zaw", "Lin"):
        record("kk", [f"Khin {family}"])
    monkeypatch.setattr(generation, "SCAN_CAP", 4)
    assert top(world, ["Khin"]) == []
    assert ids(top(world, ["Khin Myat"]))[0] == target.pk
    monkeypatch.setattr(generation, "SCAN_CAP", 5000)
    # Under the cap the word ranks again (the 3-word name scores too low on one word of three).
    assert len(top(world, ["Khin"])) == 4


def test_a_pass_that_runs_too_long_is_cancelled_and_the_check_goes_on(world, record, monkeypatch):
    """The generation query runs under a statement timeout inside a savepoint: when cancelled,
    the check still answers (here by the ID number), and the transaction stays usable."""
    from saphan.people import generation

    person = record("kk", ["สมชาย ใจดี"], thai_id=thai_id("110170020345"))
    real_arms = generation._name_arms
    monkeypatch.setattr(
        generation,
        "_name_arms",
        lambda *a, **kw: [f"({arm}) AND pg_sleep(0.2) IS NOT NULL" for arm in real_arms(*a, **kw)],
    )
    monkeypatch.setattr(generation, "GENERATION_TIMEOUT_MS", 20)
    found = top(world, ["สมชาย ใจดี"], id_numbers=[thai_id("110170020345")])
    assert ids(found) == [person.pk] and found[0].reason_codes[0] == SAME_ID
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('statement_timeout')")
        assert cur.fetchone()[0] == "0"


def test_the_check_page_asks_for_more_of_a_name_too_common_to_list(
    world, record, client, monkeypatch
):
    """Through the view the worker types into: a name too broad to rank says so (in Thai), never
    "no possible match"."""
    from django.urls import reverse

    from saphan.people import generation

    record("kk", ["Khin Aye"])
    record("kk", ["Khin Win"])
    monkeypatch.setattr(generation, "SCAN_CAP", 2)
    client.force_login(world["u"]["cw_kk"])
    html = client.get(reverse("people:candidates"), {"name": "Khin"}).content.decode()
    assert 'id="too-broad"' in html and "พิมพ์ชื่อเต็ม" in html
    assert 'id="no-candidates"' not in html
    assert top(world, ["Khin"]).too_broad
    assert not top(world, ["Khin Aye"]).too_broad


def test_pairs_are_looked_for_by_sound_first_and_with_slips_only_when_too_few(
    world, record, monkeypatch
):
    """A pair of words typed exactly is found by their sound keys alone; the pass that also
    allows a slip of the keyboard (reading ten times the index entries of a common pair) runs
    only when the cheaper pass found fewer than NARROW_ENOUGH persons."""
    from saphan.people import generation

    monkeypatch.setattr(generation, "BLOCK_POOL", 0)  # the sound passes alone, not the blocking
    exact = record("kk", ["Khin Aye"])
    slipped = record("kk", ["Khni Aye"])
    assert set(ids(top(world, ["Khin Aye"]))) >= {exact.pk, slipped.pk}
    monkeypatch.setattr(generation, "NARROW_ENOUGH", 1)
    assert ids(top(world, ["Khin Aye"])) == [exact.pk]
    # A slip in the query: the sound pass finds nobody, so the slip pass runs.
    assert set(ids(top(world, ["Khim Aye"]))) >= {exact.pk}


def test_when_the_pool_is_cut_the_names_most_like_the_query_are_kept(world, record, monkeypatch):
    """More persons matched than POOL: the rough likeness (whole text in any word order, plus
    shared sound keys) decides who is scored, so the person whose name is the query's two
    words swapped is kept over those whose names hold a third word."""
    from saphan.people import generation

    for family in ("Win", "Zaw", "Lin", "Oo", "Aung"):
        record("kk", [f"Thida Sandar {family}"])
    swapped = record("kk", ["Sandar Thida"])
    monkeypatch.setattr(generation, "POOL", 1)
    monkeypatch.setattr(generation, "BLOCK_POOL", 0)  # the sound passes alone, not the blocking
    assert ids(top(world, ["Thida Sandar"])) == [swapped.pk]


def test_a_person_found_by_document_number_alone_is_still_scored(world, record):
    """A person with no name row (an old import) and a matching document number is a
    candidate: the scoring read joins names to persons without dropping such a person."""
    from saphan.people.models import IdentityDocument, PersonName

    person = record("kk", ["ชื่อ ที่ไม่ตรง"])
    PersonName.objects.filter(person=person).delete()
    number = thai_id("110170012345")
    IdentityDocument.objects.create(person=person, kind="thai_id", number=number)
    assert ids(top(world, ["สมชาย ใจดี"], id_numbers=[number])) == [person.pk]


def test_a_word_said_twice_is_looked_for_by_its_word_not_by_trigrams_over_the_register(
    world, record
):
    """Thura Thura has no pair of words to look for. Read as a name typed without spaces, its
    trigrams (or a common word's typo keys: Htet Thet) would be compared across the whole
    register until the pass was cancelled (1.5 s at 1,000,000 persons, and then nothing at
    all); its word's sound keys and its date find it."""
    from saphan.people import generation
    from saphan.people.keys import name_keys

    for typed in ("Thura Thura", "จันทนะ จันทนา", "Htet Thet"):
        params: dict = {}
        arms = generation._name_arms([name_keys(typed)], params)
        assert arms and not any("%%" in arm for arm in arms), typed
        # nor the typo keys of a word as common as Htet: its sound keys alone
        used = {m for arm in arms for m in re.findall(r"%\((\w+)\)s", arm)}
        looked_up = [k for name in used for k in params[name]]
        assert looked_up and not any(k.startswith("t") for k in looked_up), typed
    # One word typed without spaces is still compared as a whole name.
    assert any("%%" in arm for arm in generation._name_arms([name_keys("สมชายใจดีมาก")], {}))

    wanted = record("kk", ["Thura Thura"], birth_date=dt.date(2005, 4, 6))
    record("kk", ["Thura Aung"])
    assert ids(top(world, ["Thura Thura"], birth_date=dt.date(2005, 4, 6)))[0] == wanted.pk
