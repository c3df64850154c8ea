"""Secrets the demo generates once and keeps under the data dir, so that a restart shows and
accepts the same ones (the demo password, the authenticator seed)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def kept_secret(*, env: str, path: Path, nbytes: int) -> str:
    """The value of the environment variable ``env`` when it is set; else the one kept in
    ``path``; else a new random one (``nbytes`` of randomness, URL-safe), written there readable
    by the owner only."""
    if os.environ.get(env):
        return os.environ[env]
    if path.exists() and (kept := path.read_text(encoding="utf-8").strip()):
        return kept
    value = secrets.token_urlsafe(nbytes)
    with os.fdopen(
        os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
    ) as f:
        f.write(value + "\n")
    path.chmod(0o600)  # os.open's mode only applies when the file is new
    return value
