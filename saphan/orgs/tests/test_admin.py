"""The Django admin, in Thai, for reference data and accounts; never case content."""

import re
from html.parser import HTMLParser

from django.contrib import admin
from django.urls import reverse

from saphan.orgs.models import Team, User


def test_admin_manages_reference_data_in_thai(client, demo):
    client.force_login(demo)
    response = client.get("/admin/geo/province/?q=ขอนแก่น")
    body = response.content.decode()
    assert response.status_code == 200
    assert "ขอนแก่น" in body and "จังหวัด" in body  # Thai labels
    assert client.get("/admin/orgs/agency/").status_code == 200
    assert client.get("/admin/orgs/user/").status_code == 200


def test_admin_has_no_way_into_cases_or_people(client, demo):
    client.force_login(demo)
    for url in ("/admin/cases/case/", "/admin/people/person/", "/admin/pghistory/events/"):
        assert client.get(url).status_code == 404, url
    index = client.get("/admin/").content.decode()
    # The only cases model in the admin is reference data: the directory of counterparts.
    cases_links = {link for link in __import__("re").findall(r"/admin/cases/[a-z]+/", index)}
    assert cases_links <= {"/admin/cases/counterpart/"} and "/admin/people/" not in index


def test_case_worker_cannot_use_the_admin(client, demo):
    client.force_login(User.objects.get(username="cw.khonkaen"))
    response = client.get("/admin/geo/province/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Django admin's own words (and the few this project's admin adds), as a Thai reader would meet
# them: text on the page, and what a screen reader says (aria-label, title, alt, placeholder).
ADMIN_ENGLISH = [
    "Site administration", "Add", "Change", "Search", "Filter", "Action", "Go", "Save",
    "Save and add another", "Save and continue editing", "Delete", "History", "View site",
    "Log out", "Welcome", "Recent actions", "My actions", "None available",
    "Model name", "Add link", "Change or view list link", "Breadcrumbs", "Sidebar",
    "Toggle navigation", "Filter navigation items", "Start typing to filter", "Toggle theme",
    "Show counts", "Hide counts", "Clear all filters", "Select all objects on this page",
    "Select this object for an action", "View selected", "sorting", "entries", "Error",
    "Your password", "object (", "Agency", "Order", "system_admin",
    # a yes/no icon's alt text as Python writes it; a permission as Django stores its name
    "True", "False", "None", "Can add", "Can change", "Can delete", "Can view",
]  # fmt: skip


class _Said(HTMLParser):
    ATTRS = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__()
        self.said, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.said += [v for k, v in attrs if k in self.ATTRS and v]
        if tag == "input" and dict(attrs).get("type") == "submit":
            self.said.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.said.append(" ".join(data.split()))


def _english_on(html: str) -> set[str]:
    parser = _Said()
    parser.feed(html)
    said = " | ".join(parser.said)
    return {w for w in ADMIN_ENGLISH if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w.])", said)}


def test_the_admin_pages_speak_thai_to_a_thai_administrator(client, demo):
    client.force_login(demo)
    client.cookies["saphan_language"] = "th"
    pages = ["/admin/", "/admin/orgs/", "/admin/geo/", "/admin/cases/", "/admin/password_change/"]
    request = type("Request", (), {"user": demo})()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        pages += [
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_add".format(*info)),
        ]
        if obj := model._default_manager.order_by("pk").first():
            pages += [
                reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
                reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
            ]
    pages.append("/admin/orgs/user/?is_active__exact=1&q=khonkaen")  # filtered and searched
    # a change, so that the index lists recent actions and the history page has entries
    team = Team.objects.order_by("pk").first()
    change = reverse("admin:orgs_team_change", args=[team.pk])
    assert client.post(change, _team_form(client, change)).status_code == 302
    pages.append(reverse("admin:orgs_team_history", args=[team.pk]))
    assert len(set(pages)) >= 30  # 9 lists, their add/change/history pages, the indexes
    english = {}
    for url in dict.fromkeys(pages):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 200 and (found := _english_on(response.text)):
            english[url] = sorted(found)
    assert not english, english
    # Django's words in Thai, the ones that had no Thai before among them
    index = client.get("/admin/").text
    assert "ประเภทข้อมูล" in index and "สลับธีมสี" in index
    password = client.get("/admin/password_change/").text
    assert "รหัสผ่านของท่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป" in password
    # The yes/no icons say ใช่ / ไม่ใช่ (the accounts' "active" column, a user's read-only flags).
    users = client.get("/admin/orgs/user/").text
    assert 'alt="ใช่"' in users and 'alt="True"' not in users
    user_page = client.get(reverse("admin:orgs_user_change", args=[demo.pk])).text
    assert 'alt="ไม่ใช่"' in user_page and 'alt="False"' not in user_page


def test_an_operator_picks_permissions_by_their_thai_names(client, demo):
    """The groups' permissions (the operators' page: no account page gives Django permissions)
    are named by what they allow and the model's Thai name, not "Can add case"."""
    from django.contrib.auth.models import Group, Permission

    operator = User.objects.create(
        username="operator.th", is_staff=True, is_superuser=True, roles=[],
        jurisdiction="nation", province=None, region=None, agency=None,
    )  # fmt: skip
    group = Group.objects.create(name="ผู้ดูแลข้อมูลอ้างอิง")
    group.permissions.add(*Permission.objects.filter(codename__in=["add_case", "view_province"]))
    client.force_login(operator)
    client.cookies["saphan_language"] = "th"
    english = {}
    for url in ("/admin/auth/group/add/", reverse("admin:auth_group_change", args=[group.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        if found := _english_on(response.text):
            english[url] = sorted(found)
        assert "เพิ่ม กรณี" in response.text and "ดู จังหวัด" in response.text
        assert "แก้ไข หน่วยงาน" in response.text and "ลบ ผู้ใช้" in response.text
    assert not english, english
    # Every permission Django made, the history tables and the machinery's among them.
    from django.utils import translation

    from saphan.core.admin_words import permission_label

    with translation.override("th"):
        latin = [
            label
            for label in map(permission_label, Permission.objects.select_related("content_type"))
            if re.search(r"[A-Za-z]", re.sub(r"\b(API|PDF|TOTP)\b", "", label))
        ]
    assert Permission.objects.count() > 300 and not latin, latin[:10]
    client.cookies["saphan_language"] = "en"
    page = client.get(reverse("admin:auth_group_change", args=[group.pk])).text
    assert "Add case" in page and "Can add case" not in page


def _team_form(client, url: str) -> dict:
    """The team's change form as the page gives it, sent back unchanged but for its name."""
    html = client.get(url).text
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    data.update(dict(re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', html)))
    for name, value in re.findall(
        r'<select name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected', html, re.S
    ):
        data[name] = value
    data["name_th"] = data.get("name_th", "") + " (ปรับปรุง)"
    return data


class _Boxes(HTMLParser):
    """The boxes of a page one fills in, and the names a screen reader gives them: a <label>
    for the box, one around it, aria-label or aria-labelledby."""

    UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}

    def __init__(self):
        super().__init__()
        self.boxes: list[dict] = []
        self.label_for: set[str] = set()
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.in_label += 1
            self.label_for.add(a.get("for") or "")
        elif tag in ("input", "select", "textarea") and a.get("type") not in self.UNNAMED_TYPES:
            self.boxes.append(a | {"wrapped": self.in_label > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label = max(0, self.in_label - 1)

    def unnamed(self) -> list[str]:
        return [
            b.get("name") or b.get("id") or "?"
            for b in self.boxes
            if not (b["wrapped"] or b.get("aria-label") or b.get("aria-labelledby"))
            and b.get("id") not in self.label_for
        ]


def test_every_box_of_the_admins_forms_has_a_name(client, demo):
    """axe-core's "label" rule (critical) on Django 5.2's own admin: the date and time boxes of
    a date-and-time field (locked until) had only plain text before them, and the delete box of
    each row of a table of inline records (a team's member agencies) had nothing. Every add and
    change page the administrator may open, in Thai."""
    client.force_login(demo)
    client.cookies["saphan_language"] = "th"
    team = Team.objects.filter(memberships__isnull=False).order_by("pk").first()
    pages = [
        reverse("admin:orgs_user_change", args=[demo.pk]),
        reverse("admin:orgs_team_change", args=[team.pk]),
        "/admin/password_change/",
    ]
    request = type("Request", (), {"user": demo})()
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
    unnamed = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 302:  # a new account is made on the account pages
            continue
        boxes = _Boxes()
        boxes.feed(response.text)
        assert boxes.boxes, url
        if missing := boxes.unnamed():
            unnamed[url] = missing
    assert not unnamed, unnamed
    user_page = client.get(pages[0]).text
    assert '<label class="datetime-part" for="id_locked_until_0">วันที่ :</label>' in user_page
    assert '<label class="datetime-part" for="id_locked_until_1">เวลา :</label>' in user_page
    assert 'aria-label="ลบแถวนี้"' in client.get(pages[1]).text
