"""The variant set's judge of names no check can tell apart (bench/variants ``same_name``):
written from the bench's spelling tables, never from the app's keys, and strict — a name
with one word more, one word less or another word is a different name."""

from __future__ import annotations

import datetime as dt

import pytest

from bench import variants


def _planted(kind: str, index: int = 0) -> variants.Planted:
    return variants.plant_one(index, kind, seed=2569)


def test_every_spelling_of_the_same_words_is_the_same_name_and_others_are_not():
    p = next(
        p for p in (_planted("burmese_in_latin", i) for i in range(200)) if len(p.spellings) == 3
    )
    words = p.spellings
    # Latin spellings of each word, in another order, in capitals, with an honorific before.
    latin = [w[-1] if len(w) > 1 else w[0] for w in words]
    assert variants.same_name(p, p.stored)
    assert variants.same_name(p, p.query)
    assert variants.same_name(p, " ".join(reversed([w[0] for w in words])).upper())
    assert variants.same_name(p, "Daw " + " ".join(w[0] for w in words))
    assert variants.same_name(p, " ".join(latin))
    # One word fewer, one word twice, or a word of another name: not the same name.
    assert not variants.same_name(p, " ".join(w[0] for w in words[:2]))
    assert not variants.same_name(p, " ".join(w[0] for w in (*words, words[0])))
    other = next(w for w in variants.tables()["burmese"] if w.latin[0] not in words[0])
    assert not variants.same_name(p, " ".join([other.latin[0], words[1][0], words[2][0]]))


def test_vietnamese_with_and_without_its_diacritics_and_thai_with_a_title():
    viet = _planted("vietnamese", 14)
    assert variants.same_name(viet, variants.without_diacritics(viet.stored))
    assert variants.same_name(viet, viet.query)
    thai = _planted("title", 2)
    assert variants.same_name(thai, thai.query) and variants.same_name(thai, thai.stored)
    plain = min(thai.stored, thai.query, key=len)  # the one written without the title
    assert variants.same_name(thai, "นาย" + plain.replace(" ", ""))
    assert not variants.same_name(thai, plain.split()[0])


@pytest.mark.django_db
def test_namesakes_counts_the_same_name_in_any_script_and_the_date_when_the_query_has_one():
    """The ceiling's count: persons named as the planted one by the tables, in another script
    or order, with a title; only those born that day when the query gives the date."""
    from saphan.people.keys import detect_script
    from saphan.people.models import Person, PersonName
    from saphan.people.services import name_keys_apply

    dated = next(
        p for p in (_planted("khmer_in_thai", i) for i in range(300)) if p.query_birth_date
    )
    undated = next(
        p for p in (_planted("lao_in_latin", i) for i in range(300)) if not p.query_birth_date
    )
    variants.insert([dated, undated])

    def person(name: str, born: dt.date | None) -> None:
        p = Person.objects.create(
            full_name=name, birth_date=born, birth_date_precision="exact" if born else "unknown"
        )
        name_keys_apply(
            PersonName.objects.create(
                person=p, full_name=name, script=detect_script(name), is_primary=True
            )
        ).save()

    # Dated: another script, the same day (counts); the same words a day apart (does not).
    thai = " ".join(reversed([w[-1] for w in dated.spellings]))
    person(thai, dated.birth_date)
    person(dated.stored, dated.birth_date + dt.timedelta(days=1))
    # Undated: a namesake with a title and one with any date (both count); a word more (not).
    person("นาย " + undated.stored, None)
    person(undated.query.upper(), dt.date(1990, 1, 1))
    person(undated.stored + " " + undated.stored.split()[0], None)
    assert variants.namesakes([dated, undated]) == [2, 3]
    # As the record writes it: the other script and the other spelling are not the same name.
    assert variants.namesakes([dated, undated], as_stored=True) == [1, 2]
    assert variants.recall_ceiling([2, 3, 20, 40]) == round((1 + 1 + 0.5 + 0.25) / 4, 4)
    assert variants.tie_order_sd([5, 5]) == 0.0  # ten shown of five: always a hit
    assert variants.tie_order_sd([20, 20, 20, 20]) == round((4 * 0.25) ** 0.5 / 4, 4)
