"""Shared test set-up. The database is a throw-away embedded PostgreSQL (config/test_settings.py)."""

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def pytest_configure(config):
    """Build the .mo catalogues from the .po files (pure Python) before anything is translated."""
    from saphan.core.i18n import compile_messages

    compile_messages()
