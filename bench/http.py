"""The real server for the bench (`manage.py serve`), a signed-in HTTP client, and a sampler of the
web worker's memory."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psutil

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`manage.py serve --workers 1 --no-worker` on a free port, on the bench's database."""

    def __init__(self, *, env: dict[str, str], log_path: Path, workers: int = 1, threads: int = 4):
        self.port = free_port()
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float) -> None:
        command = [
            sys.executable, "manage.py", "serve", "--workers", str(self.workers),
            "--threads", str(self.threads), "--no-worker",
            "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        self._log = open(self.log_path, "ab")  # closed in stop()
        self.process = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server ended (exit {self.process.returncode}):\n{self.log_tail()}"
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def web_workers(self) -> list[psutil.Process]:
        """The gunicorn worker processes (children of the gunicorn master)."""
        if self.process is None:
            return []
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        masters = [p for p in family if p.ppid() == self.process.pid and _is_gunicorn(p)]
        return [p for p in family if any(p.ppid() == m.pid for m in masters)]

    def stop(self) -> None:
        """Ctrl-C, as a person would: serve stops gunicorn (and the embedded database)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _is_gunicorn(process: psutil.Process) -> bool:
    try:
        return any("gunicorn" in part for part in process.cmdline())
    except psutil.Error:
        return False


class Client:
    """One browser: a kept-alive connection and the cookies the server sets."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[int, str, float, dict]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "th"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed a kept-alive connection between requests: open a new one.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        elapsed_ms = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return (
            response.status,
            data.decode("utf-8", errors="replace"),
            elapsed_ms,
            dict(response.headers),
        )

    def get(self, path: str) -> tuple[int, str, float]:
        status, text, ms, _headers = self.request("GET", path)
        return status, text, ms

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ms = self.get("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"the sign-in page did not load as expected (HTTP {status})")
        body = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": match.group(1),
                "next": "",
            }
        )
        status, _text, _ms, headers = self.request("POST", "/accounts/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {username} failed (HTTP {status})")
        # The second factor is asked on the next page for the accounts that need one.
        status, page, _ms = self.get("/accounts/two-factor/")
        if status == 200 and 'name="otp_token"' in page:
            self._second_factor(username)

    def _second_factor(self, username: str) -> None:
        """The code of the demo account's authenticator, as a person types it (the bench runs
        with the server's data dir, so it derives the same demo secret). A code is taken once
        per account and half-minute: the next one is tried, then the next step is awaited."""
        import time

        from saphan.orgs.otp import demo_totp_key, demo_totp_seed, totp_code

        key = demo_totp_key(seed=demo_totp_seed(), username=username)
        for attempt in range(4):
            status, page, _ms = self.get("/accounts/two-factor/")
            if 'name="otp_token"' not in page:
                return
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            if status != 200 or not match:
                raise RuntimeError(f"the second-factor page did not load (HTTP {status})")
            at = time.time() + (30 if attempt % 2 else 0)
            body = urlencode(
                {"otp_token": totp_code(key_hex=key, at=at), "csrfmiddlewaretoken": match.group(1)}
            )
            status, _text, _ms, headers = self.request("POST", "/accounts/two-factor/", body)
            if status == 302 and "/accounts/two-factor/" not in headers.get("Location", ""):
                return
            time.sleep(1.2 if attempt % 2 == 0 else 30 - time.time() % 30 + 0.5)
        raise RuntimeError(f"the second factor of {username} was refused")

    def close(self) -> None:
        self.conn.close()


class RssSampler(threading.Thread):
    """Samples the resident memory of the web workers while requests run; keeps the peak."""

    def __init__(self, server: Server, interval: float = 0.02):
        super().__init__(daemon=True)
        self.server = server
        self.interval = interval
        self.peak_bytes = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        workers: list[psutil.Process] = []
        while not self._stop_event.is_set():
            if not workers or not all(w.is_running() for w in workers):
                workers = self.server.web_workers()
            for worker in workers:
                try:
                    self.peak_bytes = max(self.peak_bytes, worker.memory_info().rss)
                except psutil.Error:
                    workers = []
            self.samples += 1
            self._stop_event.wait(self.interval)

    def stop(self) -> float:
        self._stop_event.set()
        if self.ident is not None:  # started
            self.join(timeout=5)
        return round(self.peak_bytes / 1024 / 1024, 1)


def server_env(*, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "SAPHAN_DATA_DIR": str(data_dir),
            "SAPHAN_DEMO_CASES": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHAINLP_OFFLINE": "1",
        }
    )
    env.pop("SAPHAN_THROWAWAY_DB", None)  # the bench process owns the data dir
    return env
