"""The area reads every place picker and every place check shares (geo/selectors.py)."""

import pytest
from django.utils import translation

from saphan.geo.models import District, Subdistrict, Village
from saphan.geo.selectors import area_errors, districts_of, subdistricts_of, village_choices
from saphan.orgs.tests.factories import ProvinceFactory


@pytest.fixture
def khon_kaen(db):
    kk = ProvinceFactory(code="40")
    ProvinceFactory(code="63")
    d = District.objects.create(code="4001", name_th="เมืองขอนแก่น", name_en="Mueang", province=kk)
    s = Subdistrict.objects.create(
        code="400101", name_th="ในเมือง", name_en="Nai Mueang", district=d
    )
    Village.objects.create(
        code="40010103", name_th="บ้านโนน", name_en="Ban Non", subdistrict=s, number=3
    )
    tak = District.objects.create(
        code="6301", name_th="เมืองตาก", name_en="Mueang Tak", province_id="63"
    )
    Subdistrict.objects.create(code="630101", name_th="ระแหง", name_en="Rahaeng", district=tak)
    return kk


def test_the_lists_under_a_choice_and_none_without_one(khon_kaen):
    assert [d.code for d in districts_of("40")] == ["4001"]
    assert [s.code for s in subdistricts_of("4001")] == ["400101"]
    assert not districts_of("").exists() and not districts_of(None).exists()
    assert not subdistricts_of("").exists()


def test_village_numbers_carry_the_name_where_it_is_loaded(khon_kaen):
    with translation.override("en"):
        choices = village_choices("400101")
        assert choices[0] == ("", "Not known")
        assert len(choices) == 31
        assert ("40010101", "Village no. 1") in choices
        assert ("40010103", "Village no. 3 Ban Non") in choices
        assert village_choices("4001") == [("", "Not known")]


def test_codes_that_do_not_fit_are_named_in_order(khon_kaen):
    assert area_errors(province_id="40", district_id="4001", subdistrict_id="400101") == {}
    assert area_errors(province_id=None, district_id=None, subdistrict_id=None) == {}
    with translation.override("en"):
        assert area_errors(province_id="40", district_id="6301", subdistrict_id="400101") == {
            "district": "The district is not in the chosen province.",
            "subdistrict": "The subdistrict is not in the chosen district.",
        }
        assert list(area_errors(province_id="99", district_id="4001", subdistrict_id=None)) == [
            "province",
            "district",
        ]
