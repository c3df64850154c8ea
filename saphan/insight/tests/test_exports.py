"""The standard exports: HTCDS field and value names from the reference, the k-anonymity of the
CTDC-style dataset, who may export, and the export log."""

from __future__ import annotations

import csv
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from saphan.insight import exports
from saphan.insight.exports.ctdc import _age_band
from saphan.insight.models import ExportLog
from saphan.insight.tests.world import world_fixture
from saphan.orgs.models import User

pytestmark = pytest.mark.django_db


world = world_fixture(n_cases=40, seed=3)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_htcds_column_is_a_field_of_the_reference():
    fields = exports.reference_fields()
    assert "vic_TraffickingStatus" in fields and "Feminine" in fields["prs_Gender"]
    for table, columns in exports.TABLES.items():
        for column in columns:
            assert column in exports.KEY_COLUMNS or column in fields, (table, column)


def test_export_htcds_writes_the_standard_names_and_values(world, tmp_path):
    out = tmp_path / "htcds"
    call_command("export_htcds", "--out", str(out), "--user", "central")
    fields = exports.reference_fields()
    for table, columns in exports.TABLES.items():
        rows = read_csv(out / f"{table}.csv")
        with open(out / f"{table}.csv", encoding="utf-8") as f:
            assert next(csv.reader(f)) == columns
        for row in rows:
            for column, value in row.items():
                allowed = fields.get(column)
                if allowed and value:  # a picklist: each value name is the standard's
                    for part in value.split(";"):
                        assert part in allowed, (table, column, part)
    victims = read_csv(out / "person_victim.csv")
    assert len(victims) == sum(
        1 for case in world["cases"] for party in case.parties.all() if party.role == "victim"
    )
    # De-identified: no names, no birth dates, nothing of the case code.
    text = (out / "person_victim.csv").read_text(encoding="utf-8")
    for case in world["cases"][:10]:
        assert case.code not in text
        for party in case.parties.all():
            assert party.person.full_name not in text
    log = ExportLog.objects.get(kind="htcds")
    assert log.user.username == "central" and log.rows > 0


def assert_k_anonymous(records, k):
    counts = Counter(tuple(r.get(c, "-99") for c in exports.QUASI_IDENTIFIERS) for r in records)
    assert all(n >= k for n in counts.values()), min(counts.values())


def test_export_ctdc_is_k_anonymous_and_reports_what_it_suppressed(world, tmp_path, capsys):
    out = tmp_path / "ctdc.csv"
    call_command("export_ctdc", "--out", str(out), "--user", "central")
    rows = read_csv(out)
    with open(out, encoding="utf-8") as f:
        assert next(csv.reader(f)) == exports.CTDC_COLUMNS
    assert_k_anonymous(rows, 11)
    total = len(exports.ctdc_records(actor=User.objects.get(username="central")))
    log = ExportLog.objects.get(kind="ctdc")
    assert log.rows == len(rows) and log.suppressed == total - len(rows)
    assert f"{log.suppressed} " in capsys.readouterr().out


def _synthetic(n: int, seed: int) -> list[dict]:
    """Skewed like real data: many Thai and Myanmar women in forced labour, a long tail."""
    rng = random.Random(seed)
    out = []
    for _i in range(n):
        age = rng.choice([None, rng.randint(3, 17), rng.randint(18, 70)])
        record = {
            "yearOfRegistration": str(rng.choice([2022, 2023, 2024, 2025, 2026])),
            "gender": rng.choices(["Female", "Male", "-99"], [6, 4, 1])[0],
            "ageBroad": _age_band(age),
            "majorityStatus": "-99" if age is None else ("Adult" if age >= 18 else "Minor"),
            "citizenship": rng.choices(
                ["TH", "MM", "KH", "LA", "VN", "CN", "UG"], [40, 30, 10, 8, 3, 2, 1]
            )[0],
            "CountryOfExploitation": rng.choices(
                ["TH", "MM", "KH", "MY", "-99"], [60, 15, 10, 2, 5]
            )[0],
        }
        forms = rng.choices([(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1)], [55, 30, 10, 5])[0]
        record |= dict(
            zip(["isForcedLabour", "isSexualExploit", "isOtherExploit"], forms, strict=True)
        )
        for column in exports.CONTROL_COLUMNS:
            record[column] = rng.randint(0, 1)
        out.append(record)
    return out


@pytest.mark.parametrize("n,seed", [(60, 1), (600, 2), (5000, 3)])
def test_k_anonymity_holds_on_generated_data(n, seed):
    records = _synthetic(n, seed)
    result = exports.k_anonymise(records, k=11)
    assert_k_anonymous(result.records, 11)
    assert result.total == n and len(result.records) + result.suppressed == n
    # Generalising never changes the flags that are not quasi-identifiers.
    assert sum(r["meansOfControlDebtBondage"] for r in result.records) <= sum(
        r["meansOfControlDebtBondage"] for r in records
    )
    # Generalising first loses fewer records than suppressing the raw data would.
    raw = Counter(tuple(r.get(c, "-99") for c in exports.QUASI_IDENTIFIERS) for r in records)
    raw_suppressed = sum(n for n in raw.values() if n < 11)
    assert result.suppressed <= raw_suppressed
    if n >= 5000:
        assert result.steps and result.suppressed < raw_suppressed
        assert len(result.records) > 0.8 * n  # most records survive


@pytest.mark.parametrize("username", ["region_ne", "cw_kk", "auditor", "volunteer"])
def test_exports_are_refused_to_everyone_but_central_officers(world, tmp_path, username):
    for command, out in (("export_htcds", tmp_path / "h"), ("export_ctdc", tmp_path / "c.csv")):
        with pytest.raises(CommandError, match=username):
            call_command(command, "--out", str(out), "--user", username)
        assert not out.exists()
    assert not ExportLog.objects.exists()


def test_an_unknown_user_is_refused(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_ctdc", "--out", str(tmp_path / "c.csv"), "--user", "nobody")


@pytest.mark.parametrize("username", ["region_ne", "sup_kk", "cw_kk", "auditor", "volunteer"])
def test_export_rows_are_opened_by_access_to_central_officers_only(world, username):
    """Even called past the permission check, the export's reads come from access.py: anyone
    but a national central officer gets no case and no victim."""
    from saphan.orgs import access

    actor = User.objects.get(username=username)
    assert not access.exportable_cases(actor).exists()
    assert not access.exportable_persons(actor).exists()
    assert exports.ctdc_records(actor=actor) == []
    assert all(
        not rows
        for table, rows in exports.htcds_rows(actor=actor).items()
        if table != "organization"
    )
    central = User.objects.get(username="central")
    assert exports.ctdc_records(actor=central)


def test_export_htcds_case_comments_and_consents(world, tmp_path):
    """Case Comment (cco_) from the case notes, names and numbers taken out; Consent (con_)
    from the consent recorded on each referral, as the standard's checkbox."""
    from saphan.cases.models import CaseNote, Referral

    with transaction.atomic():  # the notes and the consent change go at the end
        try:
            author = User.objects.get(username="cw_kk")
            case = next(c for c in world["cases"] if c.parties.filter(role="victim").exists())
            victim = case.parties.filter(role="victim").first().person
            given = victim.full_name.split()[0]
            CaseNote.objects.create(
                case=case, phase=case.phase, author=author,
                text=f"พบ {victim.full_name} ที่ศูนย์ (เลขบัตร 1-1012-34567-89-0, โทร 0812345678); "
                f"{given} ขอพบล่าม ได้รับค่าชดเชย 30000 บาท",
            )  # fmt: skip
            CaseNote.objects.create(case=case, phase=case.phase, author=author, text="ติดตามผลแล้ว")
            referral = Referral.objects.filter(case__in=[c.pk for c in world["cases"]]).first()
            Referral.objects.filter(pk=referral.pk).update(
                identity_sharing="consent", consent_recorded=True
            )
            out = tmp_path / "htcds"
            call_command("export_htcds", "--out", str(out), "--user", "central")
            comments = read_csv(out / "case_comment.csv")
            assert len(comments) == CaseNote.objects.count() == 2
            case_id = exports.pseudonym("case", case.pk)
            assert {r["CaseId"] for r in comments} == {case_id}
            first = next(r["cco_CaseComment"] for r in comments if "ล่าม" in r["cco_CaseComment"])
            assert victim.full_name not in first and given not in first
            assert "1-1012-34567-89-0" not in first and "0812345678" not in first
            assert "30000 บาท" in first and first.count(exports.REDACTED) >= 4
            consents = read_csv(out / "consent.csv")
            referrals = Referral.objects.filter(case__in=[c.pk for c in world["cases"]])
            assert len(consents) == referrals.count() > 1
            by_id = {r["Id"]: r["con_Consent"] for r in consents}
            for r in referrals:
                expected = "true" if r.consent_recorded else "false"
                assert by_id[exports.pseudonym("consent", r.pk)] == expected
            assert by_id[exports.pseudonym("consent", referral.pk)] == "true"
            assert "false" in by_id.values()
            log = ExportLog.objects.filter(kind="htcds").latest("at")
            assert log.params["tables"]["case_comment"] == 2
        finally:
            transaction.set_rollback(True)
