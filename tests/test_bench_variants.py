"""The variant set's judge of names no check can tell apart (bench/variants ``same_name``):
written from the bench's spelling tables, never from the app's keys, and strict — a name
with one word more, one word less or another word is a different name."""

from __future__ import annotations

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
