"""Real `planyard serve` processes for the tests that need one: several workers, signals, websockets."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from planyard.config import Settings

PLANYARD = os.path.join(os.path.dirname(sys.executable), "planyard")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def served(settings: Settings, data_dir: str, *options: str) -> Iterator[str]:
    """A server on the test database (its own data dir), started with `options`; yields its root URL
    once it answers, and stops it with SIGTERM."""
    port = free_port()
    env = os.environ | {
        "PLANYARD_DATA_DIR": data_dir,
        "PLANYARD_DATABASE_URL": settings.resolved_database_url,
        "PLANYARD_SECRET_KEY": settings.signing_key,
    }
    command = [PLANYARD, "serve", "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # four workers start slowly on a loaded 2-core machine
        while True:
            try:
                httpx.get(f"{root}/api/v1/locales", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield root
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
