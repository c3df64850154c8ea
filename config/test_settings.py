"""Tests run on a throw-away embedded database under a temp dir (or on DATABASE_URL)."""

import os
import tempfile

if not os.environ.get("DATABASE_URL") and not os.environ.get("SAPHAN_DATA_DIR"):
    os.environ["SAPHAN_DATA_DIR"] = tempfile.mkdtemp(prefix="saphan-test-")
    os.environ["SAPHAN_THROWAWAY_DB"] = "1"
# Throw-away databases are filled from a kept dump of the migrated schema (saphan/core/schema_cache.py).
# By default in the user's cache folder, so a clean clone on the same machine finds them too.
from saphan.core.schema_cache import default_dir  # noqa: E402

os.environ.setdefault("SAPHAN_SCHEMA_CACHE", str(default_dir()))

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
SAPHAN_DEMO = True
SAPHAN_WEBHOOK_ALLOW_HTTP = True  # tests deliver to a receiver on 127.0.0.1
