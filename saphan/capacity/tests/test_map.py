"""The vendored province map is joined to every DOPA province code."""

from saphan.capacity.thaimap import SVG_ID_BY_DOPA, map_data, map_shapes
from saphan.geo.services import DEFAULT_PROVINCES_FILE, read_provinces_file


def test_every_province_has_a_shape_and_every_shape_a_province():
    provinces = {p.code: p for p in read_provinces_file(path=DEFAULT_PROVINCES_FILE)}
    assert set(SVG_ID_BY_DOPA) == set(provinces)
    data = map_data()
    assert set(SVG_ID_BY_DOPA.values()) <= set(data["paths"])

    # The English names agree, spelling aside (Buri Ram / Buriram, Phangnga / Phang Nga).
    def norm(name):
        return name.lower().replace(" ", "").replace("-", "").replace(".", "")

    mismatched = [
        (code, provinces[code].name_en, data["names"][svg])
        for code, svg in SVG_ID_BY_DOPA.items()
        if norm(provinces[code].name_en)[:5] != norm(data["names"][svg])[:5]
    ]
    assert not mismatched, mismatched
    shapes = map_shapes({"40": {"level": "none"}})
    assert [s for s in shapes if s["code"] == "40"][0]["level"] == "none"
    assert sum(1 for s in shapes if s["is_province"]) == 77
