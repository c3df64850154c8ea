import pytest
from django.utils import translation

from saphan.orgs.tests.factories import PersonFactory
from saphan.people.forms import DuplicateCheckForm


@pytest.mark.parametrize(
    "number,thai",
    [
        ("1234567890123", "เลขประจำตัวประชาชนไม่ถูกต้อง"),
        ("12345", "13 หลัก"),
        ("12345678901ab", "ตัวเลขเท่านั้น"),
    ],
)
def test_thai_id_errors_in_thai(number, thai):
    with translation.override("th"):
        form = DuplicateCheckForm({"id_number": number})
        assert not form.is_valid()
        assert thai in form.errors["id_number"][0]


def test_thai_id_with_dashes_and_thai_digits_is_read():
    from stdnum.th import pin

    number = "110170020345" + pin.calc_check_digit("110170020345")
    thai_digits = number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    typed = f"{thai_digits[0]}-{thai_digits[1:5]}-{thai_digits[5:10]}-{thai_digits[10:12]}-{thai_digits[12]}"
    form = DuplicateCheckForm({"id_number": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == number


def test_person_factory_gives_a_primary_name_with_keys(db):
    person = PersonFactory(full_name="สมชาย ใจดี", names=["Somchai Jaidee"])
    primary, other = person.names.order_by("-is_primary")
    assert primary.is_primary and primary.full_name == "สมชาย ใจดี" and primary.udom83
    assert not other.is_primary and other.script == "latin"
    assert not PersonFactory(names=False).names.exists()
