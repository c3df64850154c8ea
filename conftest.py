"""Shared test set-up. The database is a throw-away embedded PostgreSQL (config/test_settings.py)."""

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
