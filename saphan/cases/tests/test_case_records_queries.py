"""The case page reads only the kinds of record a case holds: one query says which."""

import pytest

from saphan.cases.selectors import case_records
from saphan.cases.services.documents import case_note_add
from saphan.orgs.tests.factories import CaseFactory, UserFactory


@pytest.mark.django_db
def test_a_case_without_records_costs_one_query(django_assert_num_queries):
    case = CaseFactory()
    with django_assert_num_queries(1):
        records = case_records(case=case)
    assert records.plans == [] and records.notes == [] and records.reintegration is None
    assert records.compensation.outstanding == 0


@pytest.mark.django_db
def test_the_kinds_a_case_holds_are_read(django_assert_num_queries):
    case = CaseFactory()
    author = UserFactory(province=case.province, agency=case.agency)
    case_note_add(actor=author, case=case, text="บันทึกการเยี่ยมบ้าน")
    with django_assert_num_queries(2):  # which kinds; the notes with their authors
        records = case_records(case=case)
    assert [n.text for n in records.notes] == ["บันทึกการเยี่ยมบ้าน"]
    assert records.documents == [] and records.referrals == []


@pytest.mark.django_db
def test_deadlines_of_cases_without_records_need_no_query_per_kind(django_assert_num_queries):
    """A list page's deadlines: the clock table and one query saying which kinds of record
    the cases hold; kinds none of them holds are known empty without a query."""
    from saphan.cases.clocks import deadlines_for_cases

    cases = [CaseFactory(), CaseFactory()]
    with django_assert_num_queries(2):
        deadlines = deadlines_for_cases(cases)
    assert deadlines == {cases[0].pk: [], cases[1].pk: []}
    # The empty relations answer without a query, as a prefetch would.
    with django_assert_num_queries(0):
        assert list(cases[0].referrals.all()) == [] and list(cases[0].identifications.all()) == []


@pytest.mark.django_db
def test_a_page_asks_once_which_kinds_of_record_a_case_holds(django_assert_num_queries):
    """Within a read-only request every "does the case hold a ...?" of the page (the process's
    guards, the records, the crime panel) is one query, asked once; outside one each asks."""
    from saphan.cases import process
    from saphan.cases.models import RightsNotice, TemporaryProtection
    from saphan.cases.presence import case_holds
    from saphan.core.request_memo import remembered_for_request

    case = CaseFactory(phase="protection")
    author = UserFactory(province=case.province, agency=case.agency)
    case_note_add(actor=author, case=case, text="บันทึก")
    with remembered_for_request():
        with django_assert_num_queries(1):
            assert case_holds(case, RightsNotice) is False
            assert case_holds(case, TemporaryProtection) is False
            assert process.has_screening(case) is False and process.latest_decision(case) is None
        with django_assert_num_queries(1):  # the notes with their authors, no kinds question
            records = case_records(case=case)
        assert [n.text for n in records.notes] == ["บันทึก"] and records.plans == []
    with django_assert_num_queries(2):
        assert case_holds(case, RightsNotice) is False
        assert case_holds(case, TemporaryProtection) is False


@pytest.mark.django_db
def test_a_caller_that_reads_anyway_asks_nothing_first_outside_a_page(django_assert_num_queries):
    """``may_hold`` (before a read of the records) costs no query in a service; on a page it
    answers from the page's one question."""
    from saphan.cases import process
    from saphan.cases.models import IdentificationDecision
    from saphan.cases.presence import may_hold
    from saphan.core.request_memo import remembered_for_request

    case = CaseFactory()
    with django_assert_num_queries(0):
        assert may_hold(case, IdentificationDecision) is True
    with django_assert_num_queries(1):  # the decision itself, as before
        assert process.latest_decision(case) is None
    with remembered_for_request():
        with django_assert_num_queries(1):  # the page's question, then nothing more
            assert may_hold(case, IdentificationDecision) is False
            assert process.latest_decision(case) is None
