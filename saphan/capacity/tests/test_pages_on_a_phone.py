"""What a supervisor sees on a phone (390 px): wide tables scroll inside their own box instead
of pushing the page sideways, the import's error table keeps its headings on one line, and the
catalogue calls training sessions รุ่นการอบรม, not Django's "เซสชัน" (login sessions)."""

import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from saphan.capacity.tasks import completions_import_run

from .test_import import xlsx


class _Tables(HTMLParser):
    """The id of every <table> and whether a .table-responsive box holds it."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.tables: dict[str, bool] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = bool(self.stack and self.stack[-1][1])
        responsive = inside or "table-responsive" in (attrs.get("class") or "").split()
        if tag == "table":
            self.tables[attrs.get("id", "")] = inside
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "path"}:
            self.stack.append((tag, responsive))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def _tables(html: str) -> dict[str, bool]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["sup", "central"])
def test_every_gap_table_scrolls_in_its_own_box(client, world, who):
    client.force_login(world[who])
    tables = _tables(client.get(reverse("capacity:gaps")).content.decode())
    assert "competency-summary" in tables and "province-table" in tables
    if who == "sup":
        assert "staff-table" in tables
    else:
        assert "region-table" in tables
    assert all(tables.values()), tables


@pytest.mark.django_db
def test_import_error_headings_do_not_break_letter_by_letter(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["sup"])
    with django_capture_on_commit_callbacks(execute=False):
        sent = client.post(
            reverse("capacity:import"),
            {"file": xlsx([["nobody.here", "nrm", "15/06/2568", ""]]),
             "submission_key": str(uuid.uuid4())},
        )  # fmt: skip
    completions_import_run(sent["Location"].rstrip("/").rsplit("/", 1)[-1])
    page = client.get(sent["Location"]).content.decode()
    assert 'id="import-errors"' in page
    assert '<th scope="col" class="text-nowrap">แถว</th>' in page
    assert '<th scope="col" class="text-nowrap">คอลัมน์</th>' in page
    assert _tables(page)[""]  # the error table scrolls in its own box


@pytest.mark.django_db
def test_the_catalogue_says_training_session_in_thai(client, world):
    client.force_login(world["cw"])
    page = client.get(reverse("capacity:catalogue")).content.decode()
    assert "เซสชัน" not in page
    assert '<h2 class="h5" id="sessions">รุ่นการอบรม' in page


class _HiddenInScrollBoxes(HTMLParser):
    """Each .visually-hidden label inside a .table-responsive box: is the box positioned?"""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []  # (tag, "" | "positioned" | "unpositioned")
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        box = self.stack[-1][1] if self.stack else ""
        if "table-responsive" in classes:
            box = "positioned" if "position-relative" in classes else "unpositioned"
        if "visually-hidden" in classes and box:
            self.found.append(box)
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "path"}:
            self.stack.append((tag, box))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


@pytest.mark.django_db
def test_hidden_edit_labels_do_not_widen_the_competency_page(client, world):
    client.force_login(world["central"])
    parser = _HiddenInScrollBoxes()
    parser.feed(client.get(reverse("capacity:competencies")).content.decode())
    assert parser.found, "the Edit buttons carry a hidden label naming the competency"
    assert set(parser.found) == {"positioned"}
