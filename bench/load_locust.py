"""The simulated people of `make bench SUITE=load` (a locustfile; run by bench/load.py).

Two kinds of users against the real server, as the issue describes the mix:

- ``StaffUser``: a provincial supervisor in the pages (signed in by bench/load.py through the
  sign-in form and its second factor; the session is handed over in the config): the case list
  with the page's filters, a case page, a search by a person's name, and now and then a note
  written through the case's note form (opened, then sent, as the browser does).
- ``PartnerUser``: a partner agency's system over the API with a bearer token: the case list,
  a case, its timeline, and a tip created (with an Idempotency-Key).
- ``BareUser``: the ceiling of the machine, a view that does nothing (``/livez``); run on its
  own, never mixed in.

Everything it needs comes from the JSON file named by ``SAPHAN_LOAD_CONFIG``; it imports
nothing of Django (locust runs under gevent in its own process).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import uuid

from locust import FastHttpUser, HttpUser, between, constant, task

CONFIG = json.loads(open(os.environ["SAPHAN_LOAD_CONFIG"], encoding="utf-8").read())
THINK = tuple(CONFIG.get("think_s", (1.0, 3.0)))
_FIELD = re.compile(r'name="(csrfmiddlewaretoken|version)"[^>]*value="([^"]*)"')


def _fields(page: str) -> dict[str, str]:
    return dict(_FIELD.findall(page))


class StaffUser(HttpUser):
    weight = CONFIG.get("weights", {}).get("staff", 3)
    wait_time = between(*THINK)

    def on_start(self):
        session = random.choice(CONFIG["sessions"])
        for name, value in session["cookies"].items():
            self.client.cookies.set(name, value)
        self.codes = session["case_codes"]
        self.names = CONFIG["search_names"]
        self.headers = {"Accept-Language": "th"}

    @task(4)
    def case_list(self):
        path = random.choice(CONFIG["list_paths"])
        self.client.get(path, name="page: case list", headers=self.headers)

    @task(4)
    def case_page(self):
        code = random.choice(self.codes)
        self.client.get(f"/cases/{code}/", name="page: case", headers=self.headers)

    @task(2)
    def search(self):
        self.client.get(
            "/cases/", params={"scope": "all", "q": random.choice(self.names)},
            name="page: search by name", headers=self.headers,
        )  # fmt: skip

    @task(1)
    def note(self):
        code = random.choice(self.codes)
        path = f"/cases/{code}/note/"
        with self.client.get(
            path, name="page: note form", headers=self.headers, catch_response=True
        ) as form:
            fields = _fields(form.text or "")
            if form.status_code != 200 or "version" not in fields:
                form.failure(f"the note form did not open (HTTP {form.status_code})")
                return
        data = {**fields, "submission_key": str(uuid.uuid4()), "text": "บันทึกจากการทดสอบโหลด"}
        with self.client.post(
            path, data=data, name="page: note written", allow_redirects=False,
            headers={**self.headers, "Referer": self.host + path}, catch_response=True,
        ) as sent:  # fmt: skip
            if sent.status_code != 302:
                sent.failure(f"the note was not saved (HTTP {sent.status_code})")


class PartnerUser(HttpUser):
    weight = CONFIG.get("weights", {}).get("partner", 1)
    wait_time = between(*THINK)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {CONFIG['api_token']}"
        self.codes = CONFIG["api_case_codes"]

    @task(3)
    def cases(self):
        self.client.get("/api/v1/cases", params={"limit": 50}, name="api: cases")

    @task(3)
    def case(self):
        code = random.choice(self.codes)
        self.client.get(f"/api/v1/cases/{code}", name="api: case")

    @task(2)
    def timeline(self):
        code = random.choice(self.codes)
        self.client.get(f"/api/v1/cases/{code}/timeline", name="api: timeline")

    @task(1)
    def tip(self):
        seen = dt.datetime.now(dt.UTC) - dt.timedelta(hours=random.randint(1, 48))
        body = {
            "province": CONFIG["tip_province"], "seen_at": seen.isoformat(),
            "description": "แจ้งเบาะแสจากระบบสายด่วน (ทดสอบโหลด)", "source": "hotline_1300",
        }  # fmt: skip
        # As the 1300 hotline's system, with its own token (bench/load.py HOTLINE_ACCOUNT).
        self.client.post(
            "/api/v1/tips", json=body, name="api: tip created",
            headers={"Idempotency-Key": str(uuid.uuid4()),
                     "Authorization": f"Bearer {CONFIG['tip_token']}"},
        )  # fmt: skip


class BareUser(FastHttpUser):
    """Only run on its own (``locust ... BareUser``): as many requests as the server answers,
    no pause, on a view that does nothing: the most this machine serves."""

    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get("/livez", name="bare view")
