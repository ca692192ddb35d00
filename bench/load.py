"""Sustained mixed load against the real server: `planyard serve` (a temp data dir, SQLite unless
--database-url), then --clients clients reading and writing one project for --seconds.

    .venv/bin/python bench/load.py [--seconds 60] [--clients 8] [--workers 1] [--database-url postgresql+psycopg://...]

Each client loops over reads (project, a story list page, story, history) and writes (create a story, edit one
with its version, comment, create a tag, a user-storage key). Prints the answers by kind, errors (5xx,
transport errors, an unexpected 4xx; a stale version's 400 is Taiga's documented answer, counted apart),
latencies, and the server's resident memory every ten seconds (flat after warm-up is the goal). Exits
non-zero if there was any error or an acknowledged write is missing at the end.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from run import DEMO, Server, percentile

API = "/api/v1"


class Client(threading.Thread):
    def __init__(self, number: int, base: str, headers: dict[str, str], project_id: int, until: float) -> None:
        super().__init__()
        self.number, self.base, self.headers, self.project_id, self.until = number, base, headers, project_id, until
        self.answers: Counter[str] = Counter()
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.acknowledged: dict[str, set[str]] = {"stories": set(), "tags": set(), "keys": set()}

    def call(
        self, http: httpx.Client, name: str, method: str, url: str, ok: tuple[int, ...], **kw: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = http.request(method, f"{API}{url}", **kw)
        except httpx.TransportError as exc:
            self.errors.append(f"{name}: {exc!r}")
            return None
        self.latencies.append((time.perf_counter() - started) * 1000)
        expected = response.status_code in ok
        stale = name == "edit story" and response.status_code == 400 and "version" in response.text
        self.answers[f"{name} {response.status_code}"] += 1
        if not expected and not stale:
            self.errors.append(f"{name}: {response.status_code} {response.text[:200]}")
        return response if expected else None

    def run(self) -> None:
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=60) as http:
            for i in itertools.count():
                if time.monotonic() > self.until:
                    return
                tag = f"c{self.number}-{i}"
                self.call(http, "project", "GET", f"/projects/{self.project_id}", (200,))
                stories = self.call(http, "story list", "GET", f"/userstories?project={self.project_id}", (200,))
                created = self.call(http, "create story", "POST", "/userstories", (201,),
                                    json={"project": self.project_id, "subject": f"story {tag}",
                                          "description": f"{tag} " * 50})  # fmt: skip
                if created is not None:
                    self.acknowledged["stories"].add(f"story {tag}")
                if stories is not None and stories.json():
                    some = stories.json()[i % len(stories.json())]
                    story = self.call(http, "story", "GET", f"/userstories/{some['id']}", (200,))
                    if story is not None:
                        body = {"version": story.json()["version"], "description": f"edited by {tag} " * 20}
                        self.call(http, "edit story", "PATCH", f"/userstories/{some['id']}", (200,), json=body)
                        self.call(http, "comment", "PATCH", f"/userstories/{some['id']}", (200,),
                                  json={"comment": f"comment {tag}"})  # fmt: skip
                        self.call(http, "history", "GET", f"/history/userstory/{some['id']}", (200,))
                if i % 5 == 0 and self.call(http, "create tag", "POST", f"/projects/{self.project_id}/create_tag",
                                            (200,), json={"tag": tag, "color": "#AABBCC"}):  # fmt: skip
                    self.acknowledged["tags"].add(tag)
                if i % 5 == 1 and self.call(http, "storage key", "POST", "/user-storage", (201,),
                                            json={"key": tag, "value": i}):  # fmt: skip
                    self.acknowledged["keys"].add(tag)


def missing_writes(base: str, headers: dict[str, str], project_id: int, clients: list[Client]) -> list[str]:
    with httpx.Client(base_url=base, headers=headers | {"x-disable-pagination": "1"}, timeout=60) as http:
        subjects = {s["subject"] for s in http.get(f"{API}/userstories?project={project_id}").json()}
        tags = set(http.get(f"{API}/projects/{project_id}").json()["tags_colors"])
        keys = {e["key"] for e in http.get(f"{API}/user-storage").json()}
    found = {"stories": subjects, "tags": tags, "keys": keys}
    return [f"{kind}: {name}" for c in clients for kind, names in c.acknowledged.items()
            for name in sorted(names - found[kind])]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of SQLite in a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planyard-load-") as tmp:
        server = Server(Path(tmp), args.database_url, args.workers)
        try:
            server.start()
            token = httpx.post(f"{server.base}{API}/auth", json=DEMO).json()["auth_token"]
            headers = {"Authorization": f"Bearer {token}"}
            body = {"name": f"Load {time.time()}", "description": "bench/load.py"}
            project = httpx.post(f"{server.base}{API}/projects", headers=headers, json=body).json()
            until = time.monotonic() + args.seconds
            clients = [Client(n, server.base, headers, project["id"], until) for n in range(args.clients)]
            for client in clients:
                client.start()
            memory = []
            while time.monotonic() < until:
                time.sleep(max(0, min(10, until - time.monotonic())))
                memory.append(server.rss_mb())
            for client in clients:
                client.join()
            missing = missing_writes(server.base, headers, project["id"], clients)
        finally:
            server.stop()
    report(args, clients, memory, missing)


def report(args: argparse.Namespace, clients: list[Client], memory: list[float], missing: list[str]) -> None:
    answers = sum((c.answers for c in clients), Counter())
    errors = [e for c in clients for e in c.errors]
    latencies = [ms for c in clients for ms in c.latencies]
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{database}, {args.workers} worker(s), {args.clients} clients, {args.seconds:.0f} s: "
          f"{len(latencies)} requests ({len(latencies) / args.seconds:.0f}/s)")  # fmt: skip
    for name, count in sorted(answers.items()):
        print(f"  {name:24} {count:>7}")
    print(f"latency ms: p50 {percentile(latencies, 0.5):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
          f"p99 {percentile(latencies, 0.99):.1f}  max {max(latencies):.0f}")  # fmt: skip
    print("server memory MB every 10 s: " + " ".join(f"{mb:.0f}" for mb in memory))
    print(f"errors: {len(errors)}; acknowledged writes missing: {len(missing)}")
    for line in (errors + missing)[:20]:
        print(f"  {line}")
    if errors or missing:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
