"""Which kinds of record a set of cases holds, in one query: pages read only those (a query
not made costs nothing to build), and know the others empty."""

from __future__ import annotations

from functools import cache

from django.db import connection

from saphan.core.request_memo import in_read_only_request, remembered


def kinds_present(case_ids: list, models: dict) -> set[str]:
    """The names of ``models`` (name -> model with a ``case`` foreign key) holding a row of
    any of ``case_ids``."""
    if not case_ids or not models:
        return set()
    sql = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {connection.ops.quote_name(m._meta.db_table)} "
        "WHERE case_id = ANY(%s))"
        for m in models.values()
    )
    with connection.cursor() as cur:
        cur.execute(sql, [p for name in models for p in (name, list(case_ids))])
        return {row[0] for row in cur.fetchall()}


@cache
def _case_records() -> dict[str, type]:
    """Every model of the cases app that hangs off one case by its ``case`` field (stage and
    track records, notes, places, access rows), by its label; not the history rows."""
    from django.apps import apps

    found = {}
    for model in apps.get_app_config("cases").get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if "pgh_obj" in names or model._meta.model_name == "timelineevent":
            continue  # history rows and the timeline: every case has them, no page asks
        field = next((f for f in model._meta.concrete_fields if f.name == "case"), None)
        if (
            field is not None
            and field.is_relation
            and field.related_model._meta.label == ("cases.Case")
        ):
            found[model._meta.label_lower] = model
    return found


def case_holds(case, model) -> bool:
    """Whether ``case`` holds a ``model`` record (a model of the cases app with a ``case``
    field). Within a read-only request (a page) every such kind is asked in one query, once,
    and remembered (core.request_memo); outside one, this one kind is asked."""
    label = model._meta.label_lower
    if not in_read_only_request() or label not in _case_records():
        return model.objects.filter(case=case).exists()
    present = remembered(
        ("case-records", case.pk), lambda: kinds_present([case.pk], _case_records())
    )
    return label in present


def may_hold(case, model) -> bool:
    """False when the page's one question (``case_holds``) says ``case`` holds no ``model``;
    True otherwise. For a caller that reads the records anyway: outside a read-only request
    nothing is known beforehand, and its own read finds out (no query to ask first)."""
    if not in_read_only_request() or model._meta.label_lower not in _case_records():
        return True
    return case_holds(case, model)
