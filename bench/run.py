"""Benchmark the real server: `planyard serve` in a subprocess (one worker, a temp data dir), then
cold start, request rates and latencies of the common project calls, and the resident memory.

    .venv/bin/python bench/run.py [--requests 300] [--concurrency 8] [--database-url postgresql+psycopg://...]

Prints a table with the targets beside the figures and writes bench/out/results.json. It never
fails on figures; it exits non-zero only if the server cannot be started or answers with errors.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

PLANYARD = Path(sys.executable).parent / "planyard"
OUT = Path(__file__).resolve().parent / "out"
DEMO = {"type": "normal", "username": "demo", "password": "demo1234"}
TARGET_GET_P50_MS = 5.0
TARGET_COLD_START_S = 1.5
TARGET_RSS_MB = 120.0

Call = Callable[[httpx.Client, int], httpx.Response]


@dataclass
class Row:
    operation: str
    mode: str
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    target: str = ""
    verdict: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`planyard serve` on a free port; `start()` returns the seconds until GET /projects gave a 200."""

    def __init__(self, data_dir: Path, database_url: str | None, workers: int = 1) -> None:
        self.port = free_port()
        self.workers = workers
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {"PLANYARD_DATA_DIR": str(data_dir), "PLANYARD_PUBLIC_URL": self.base}
        if database_url:
            self.env["PLANYARD_DATABASE_URL"] = database_url
        self.log = (data_dir / "server.log").open("ab")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> float:
        workers = ["--workers", str(self.workers)]
        command = [str(PLANYARD), "serve", "--host", "127.0.0.1", "--port", str(self.port), *workers]
        started = time.perf_counter()
        self.process = subprocess.Popen(command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        with httpx.Client(base_url=self.base, timeout=2.0) as client:
            while time.perf_counter() - started < timeout:
                if self.process.poll() is not None:
                    raise SystemExit(f"server exited with {self.process.returncode}; see {self.log.name}")
                try:
                    if client.get("/api/v1/projects").status_code == 200:
                        return time.perf_counter() - started
                except httpx.TransportError:
                    pass
                time.sleep(0.005)
        raise SystemExit(f"server did not answer within {timeout:.0f}s; see {self.log.name}")

    def rss_mb(self) -> float:
        """The resident memory of the server and its worker processes, in MB."""
        assert self.process is not None
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        total = 0.0
        for pid in pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        return total

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def print_target_row(row: Row, target: float | None) -> None:
    """One measured call with its p50 target (if it has one) and whether the p50 met it."""
    verdict = "" if target is None else f"target p50 < {target:g} ms: {'ok' if row.p50_ms < target else 'MISSED'}"
    print(f"{row.operation:32} n={row.requests:4}  {row.per_second:7.1f} req/s  p50 {row.p50_ms:8.1f} ms  "
          f"p99 {row.p99_ms:8.1f} ms  {verdict}")  # fmt: skip


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(
    base: str, headers: dict[str, str], call: Call, requests: int, concurrency: int
) -> tuple[float, list[float]]:
    """Runs `call` `requests` times over `concurrency` clients; returns (wall seconds, latencies in ms)."""

    def worker(indexes: range) -> list[float]:
        latencies = []
        with httpx.Client(base_url=base, headers=headers, timeout=30.0) as client:
            for i in indexes:
                t0 = time.perf_counter()
                response = call(client, i)
                latencies.append((time.perf_counter() - t0) * 1000)
                if response.status_code >= 400:
                    request = response.request
                    raise SystemExit(f"{request.method} {request.url}: {response.status_code} {response.text[:300]}")
        return latencies

    chunks = [range(k, requests, concurrency) for k in range(concurrency)]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, chunks))
    return time.perf_counter() - started, [ms for chunk in results for ms in chunk]


def seed(server: Server) -> None:
    command = [str(PLANYARD), "seed", "--users", "20", "--projects", "30"]
    subprocess.run(command, env=server.env, check=True, stdout=subprocess.DEVNULL)


def operations(project_id: int, run_tag: str) -> dict[str, Call]:
    def create(client: httpx.Client, i: int) -> httpx.Response:
        body = {"name": f"Bench {run_tag} {i}", "description": "Created by bench/run.py"}
        return client.post("/api/v1/projects", json=body)

    return {
        "locales (HTTP floor)": lambda client, _: client.get("/api/v1/locales"),
        "login (POST /auth)": lambda client, _: client.post("/api/v1/auth", json=DEMO),
        "list projects": lambda client, _: client.get("/api/v1/projects"),
        "get project": lambda client, _: client.get(f"/api/v1/projects/{project_id}"),
        "create project": create,
        "patch project": lambda client, i: client.patch(
            f"/api/v1/projects/{project_id}", json={"description": f"Edited {run_tag} {i}"}
        ),
    }


def run(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="planyard-bench-") as tmp:
        server = Server(Path(tmp), args.database_url)
        try:
            first = server.start()
            rows.append(Row("first start (migrate + demo account)", "cold", 1, 0, first * 1000, first * 1000))
            server.stop()
            seed(server)
            cold = server.start()
            verdict = "ok" if cold < TARGET_COLD_START_S else "over"
            rows.append(Row("cold start (existing data)", "cold", 1, 0, cold * 1000, cold * 1000,
                            f"< {TARGET_COLD_START_S} s", verdict))  # fmt: skip
            token = httpx.post(f"{server.base}/api/v1/auth", json=DEMO).json()["auth_token"]
            headers = {"Authorization": f"Bearer {token}"}
            project_id = httpx.get(f"{server.base}/api/v1/projects", headers=headers).json()[0]["id"]
            for mode, concurrency in (("sequential", 1), (f"{args.concurrency} clients", args.concurrency)):
                for name, call in operations(project_id, mode.split()[0]).items():
                    requests = max(args.requests // 5, 20) if name.startswith("login") else args.requests
                    wall, latencies = measure(server.base, headers, call, requests, concurrency)
                    row = Row(name, mode, requests, requests / wall, percentile(latencies, 0.5),
                              percentile(latencies, 0.99))  # fmt: skip
                    if name == "get project" and concurrency == 1:
                        row.target = f"p50 < {TARGET_GET_P50_MS:g} ms"
                        row.verdict = "ok" if row.p50_ms < TARGET_GET_P50_MS else "over"
                    rows.append(row)
            rss = server.rss_mb()
            rows.append(Row("server resident memory (VmRSS, MB)", "after run", 0, 0, rss, rss,
                            f"< {TARGET_RSS_MB:g} MB", "ok" if rss < TARGET_RSS_MB else "over"))  # fmt: skip
        finally:
            server.stop()
            OUT.mkdir(exist_ok=True)
            (OUT / "server.log").write_bytes((Path(tmp) / "server.log").read_bytes())
    return rows


def print_table(rows: list[Row]) -> None:
    header = f"{'operation':38} {'mode':11} {'n':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  {'target':14} verdict"
    print(header)
    print("-" * len(header))
    for r in rows:
        if r.mode == "cold":
            figures = f"{'':>5} {'':>8} {r.p50_ms / 1000:>7.2f}s {'':>8}"
        elif r.mode == "after run":
            figures = f"{'':>5} {'':>8} {r.p50_ms:>6.1f}MB {'':>8}"
        else:
            figures = f"{r.requests:>5} {r.per_second:>8.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
        print(f"{r.operation:38} {r.mode:11} {figures}  {r.target:14} {r.verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per operation and mode")
    parser.add_argument("--concurrency", type=int, default=8, help="clients in the concurrent run")
    parser.add_argument("--database-url", help="benchmark on this database instead of SQLite in a temp dir")
    args = parser.parse_args()
    rows = run(args)
    print_table(rows)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps([asdict(r) for r in rows], indent=2))
    print(f"\nresults written to {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
