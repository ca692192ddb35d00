"""A real HTTP server on 127.0.0.1 that records the webhook requests it gets and answers as told."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def signed_with(self, key: str) -> bool:
        expected = hmac.new(key.encode(), self.body, hashlib.sha1).hexdigest()
        return self.headers.get("x-taiga-webhook-signature") == expected


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # The status to answer a request with (default 200); sees the requests received before it.
    answer: Callable[[str, list[Received]], int] = lambda _path, _before: 200
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Cleared, requests are recorded on arrival but answered only once it is set again.
    gate: threading.Event = field(default_factory=lambda: _opened(threading.Event()))

    def on(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def delivered(self, path: str) -> list[Received]:
        return [r for r in self.on(path) if r.status < 500]


def _opened(event: threading.Event) -> threading.Event:
    event.set()
    return event


@contextmanager
def receiver() -> Iterator[Receiver]:
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            rec = box[0]
            with rec.lock:
                status = rec.answer(self.path, list(rec.requests))
                headers = {k.lower(): v for k, v in self.headers.items()}
                rec.requests.append(Received(self.path, headers, body, status))
            rec.gate.wait()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        box[0].gate.set()
        server.shutdown()
        server.server_close()
