"""Test help for mail: a real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives.
Used by the unit tests (the ``smtp_server`` fixture of the root conftest.py) and the browser
tests (a digest sent by the running server arrives here)."""

from __future__ import annotations

import socket
import time


class LocalSmtpServer:
    """``with LocalSmtpServer() as smtp: ...``; ``smtp.port``, ``smtp.received`` (email.message
    objects, in order) and ``smtp.wait_for(n)``."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.port = 0
        self.received: list = []
        self._controller = None

    def __enter__(self) -> LocalSmtpServer:
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Message

        received = self.received

        class Keep(Message):
            def handle_message(self, message):
                received.append(message)

        with socket.socket() as s:
            s.bind((self.host, 0))
            self.port = s.getsockname()[1]
        self._controller = Controller(Keep(), hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()

    def wait_for(self, n: int, timeout: float = 20) -> list:
        deadline = time.monotonic() + timeout
        while len(self.received) < n and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.received

    @staticmethod
    def subject(message) -> str:
        """The Subject header, decoded (a Thai subject travels base64-encoded)."""
        from email.header import decode_header, make_header

        return str(make_header(decode_header(message["Subject"])))

    @staticmethod
    def text(message) -> str:
        """The plain-text body of a received message, decoded."""
        if message.is_multipart():
            part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


class LocalLineApi:
    """A local stand-in of the LINE Messaging API's push endpoint, answering as LINE documents
    it (https://developers.line.biz/en/reference/messaging-api/#send-push-message):

    - ``POST /v2/bot/message/push`` with ``Authorization: Bearer <channel access token>`` and a
      JSON body ``{"to": "<userId>", "messages": [{"type": "text", "text": ...}, ...]}`` (1 to 5
      messages) answers 200 ``{"sentMessages": [{"id": ..., "quoteToken": ...}]}``;
    - a wrong token answers 401, a malformed body 400;
    - a second request with the same ``X-Line-Retry-Key`` answers 409 and is not delivered again.

    ``fail_next`` answers that many requests with 500 first (a LINE outage), to test retries.
    ``received`` holds (headers, parsed body) of every delivered push."""

    def __init__(self, token: str):
        self.token = token
        self.received: list[tuple[dict, dict]] = []
        self.requests = 0
        self.fail_next = 0
        self._retry_keys: set[str] = set()
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LocalLineApi:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802 - http.server's name
                api.requests += 1
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/v2/bot/message/push":
                    return self._answer(404, {"message": "Not found"})
                if self.headers.get("Authorization") != f"Bearer {api.token}":
                    return self._answer(401, {"message": "Authentication failed"})
                if api.fail_next > 0:
                    api.fail_next -= 1
                    return self._answer(500, {"message": "Internal server error"})
                try:
                    body = json.loads(raw)
                    messages = body["messages"]
                    assert isinstance(body["to"], str) and body["to"]
                    assert 1 <= len(messages) <= 5
                    assert all(m["type"] == "text" and m["text"] for m in messages)
                except (ValueError, KeyError, TypeError, AssertionError):
                    return self._answer(400, {"message": "The request body has 1 error(s)"})
                key = self.headers.get("X-Line-Retry-Key")
                sent = [
                    {"id": str(461230966842064897 + i), "quoteToken": "q"}
                    for i in range(len(messages))
                ]
                if key and key in api._retry_keys:
                    return self._answer(
                        409, {"message": "The retry key is already accepted", "sentMessages": sent}
                    )
                if key:
                    api._retry_keys.add(key)
                api.received.append((dict(self.headers), body))
                return self._answer(200, {"sentMessages": sent})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def line_signature(secret: str, body: bytes) -> str:
    """The X-Line-Signature LINE puts on a webhook request: base64 of HMAC-SHA256 of the body
    with the channel secret (as LINE documents it; computed here, not by the SDK under test)."""
    import base64
    import hashlib
    import hmac

    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
