"""Standard exports: the HTCDS v2 tables and a de-identified, k-anonymous CTDC-style dataset.

Who may export is ``insight.export_national`` (insight/rules.py: central officers with national
jurisdiction); every export writes an ExportLog row. Neither export carries a name, document
number, contact, address, exact birth date or free text: the central office holds national
aggregates, not identities (orgs/access.py). Records are linked across the HTCDS tables by
pseudonymous keys (an HMAC of the record's id with the site's secret): stable between exports
of the same installation, meaningless outside it.

The package: ``common`` (who may export, the HTCDS reference, pseudonymous keys), ``htcds``
(the tables), ``ctdc`` (the CTDC-style records) and ``kanon`` (k-anonymity, the CTDC file).
Here stand the names other modules read; the helpers stay in their own module.
"""

from __future__ import annotations

from .common import NOT_A_COUNTRY, PERM, REFERENCE, K, pseudonym, reference_fields, require_exporter
from .ctdc import (
    AGE_BANDS,
    CONTROL_COLUMNS,
    CTDC_COLUMNS,
    QUASI_IDENTIFIERS,
    ctdc_record,
    ctdc_records,
)
from .htcds import (
    IDENTITY_FIELDS,
    KEY_COLUMNS,
    REDACTED,
    TABLES,
    export_htcds,
    htcds_rows,
    non_identity_fields,
)
from .kanon import export_ctdc, k_anonymise

__all__ = [
    "AGE_BANDS",
    "CONTROL_COLUMNS",
    "CTDC_COLUMNS",
    "IDENTITY_FIELDS",
    "K",
    "KEY_COLUMNS",
    "NOT_A_COUNTRY",
    "PERM",
    "QUASI_IDENTIFIERS",
    "REDACTED",
    "REFERENCE",
    "TABLES",
    "ctdc_record",
    "ctdc_records",
    "export_ctdc",
    "export_htcds",
    "htcds_rows",
    "k_anonymise",
    "non_identity_fields",
    "pseudonym",
    "reference_fields",
    "require_exporter",
]
