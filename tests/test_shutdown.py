"""SIGTERM stops `planyard serve` within seconds, even with a request still waiting inside it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from planyard.core.demo import DEMO_PASSWORD, DEMO_USERNAME

PLANYARD = Path(sys.executable).parent / "planyard"


def test_sigterm_stops_the_server_within_seconds(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANYARD_")}
    env |= {"PLANYARD_DATA_DIR": str(tmp_path), "PLANYARD_WRITE_WAIT_SECONDS": "120"}
    server = subprocess.Popen([str(PLANYARD), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    holder = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                login = httpx.post(f"{base}/auth", json={"type": "normal", "username": DEMO_USERNAME,
                                                         "password": DEMO_PASSWORD}, timeout=5)  # fmt: skip
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {login.json()['auth_token']}"}
        project = httpx.get(f"{base}/projects", headers=headers).json()[0]
        holder = sqlite3.connect(tmp_path / "planyard.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write below waits for this lock (up to 120 s)

        def stuck_write() -> None:
            with contextlib.suppress(httpx.TransportError):
                httpx.patch(f"{base}/projects/{project['id']}", json={"name": "x"}, headers=headers, timeout=120)

        threading.Thread(target=stuck_write, daemon=True).start()
        time.sleep(1)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert time.monotonic() - started < 10
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
        if server.poll() is None:
            server.kill()
            server.wait()
