"""The Taiga wire check (docs/operations.md, "Checking the wire"): the same database must answer the
same bytes whatever build serves it.

    PYTHONPATH=src .venv/bin/python bench/wire_snapshot.py fill --data-dir DIR      # a fresh database, filled
    PYTHONPATH=src .venv/bin/python bench/wire_snapshot.py snapshot --data-dir DIR --out before.json
    (upgrade Planyard or switch builds; `planyard migrate` or any start migrates DIR)
    PYTHONPATH=src .venv/bin/python bench/wire_snapshot.py snapshot --data-dir DIR --out after.json --like before.json
    .venv/bin/python bench/wire_snapshot.py compare before.json after.json

    PYTHONPATH=src .venv/bin/python bench/wire_snapshot.py fixture --out-dir tests/data/taiga_wire

`fixture` does fill + snapshot on a temporary data dir and writes the database (`<revision>.sqlite3.gz`)
and its record (`<revision>.snapshot.json.gz`) for tests/db/test_existing_database.py.
`fill` and `snapshot` run the build on PYTHONPATH in this process (fixed settings: bench/wire/local.py);
with `--url` they talk to a running server instead (`fill` needs public registration on, and a server
freshly started on an empty database). `snapshot` migrates the database first (as `planyard serve`
does). `compare` prints the answers that differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.wire.api import Api  # noqa: E402
from bench.wire.fill import fill  # noqa: E402
from bench.wire.snapshot import replay, take  # noqa: E402


def client(args: argparse.Namespace) -> Any:
    if args.url:
        import httpx

        return httpx.Client(base_url=args.url, timeout=60)
    from bench.wire import local

    from planyard.kit.security import use_password_cost

    if args.command == "fill":  # cheap password hashes (as the test suite's): each snapshot login stays fast
        use_password_cost(time_cost=1, memory_kib=1024)
    settings = local.settings(args.data_dir, args.database_url)
    local.prepare(settings)
    return local.client(settings)


def read(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    return list(json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw))


def write(path: Path, answers: list[dict[str, Any]]) -> None:
    text = json.dumps(answers, indent=1, ensure_ascii=False).encode() + b"\n"
    path.write_bytes(gzip.compress(text, mtime=0) if path.suffix == ".gz" else text)


def differences(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """One line per answer that is not the same (asked by the same user, in the same place of the walk)."""
    found = [f"{len(before)} answers before, {len(after)} after"] if len(before) != len(after) else []
    for n, (a, b) in enumerate(zip(before, after, strict=False)):
        if a != b:
            what = [k for k in ("user", "request", "whole", "status", "headers", "body") if a[k] != b[k]]
            found.append(f"#{n} {a['user']} {a['request']}: {', '.join(what)} differ"
                         + (f" (after: {b['user']} {b['request']})" if "request" in what else ""))  # fmt: skip
    return found


def fixture(out_dir: Path) -> None:
    from planyard.db.migrate import current_revision

    with tempfile.TemporaryDirectory() as temp:
        data_dir = Path(temp)
        for command in ("fill", "snapshot"):
            argv = [command, "--data-dir", str(data_dir)] + (
                ["--out", str(data_dir / "wire.json")] if command == "snapshot" else []
            )
            subprocess.run([sys.executable, __file__, *argv], check=True)
        database = data_dir / "planyard.sqlite3"
        revision = current_revision(f"sqlite:///{database}")
        compact = data_dir / "compact.sqlite3"
        with sqlite3.connect(database) as connection:
            connection.execute(f"VACUUM INTO '{compact}'")
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{revision}.sqlite3.gz").write_bytes(gzip.compress(compact.read_bytes(), 9, mtime=0))
        write(out_dir / f"{revision}.snapshot.json.gz", read(data_dir / "wire.json"))
    print(f"wrote {out_dir}/{revision}.sqlite3.gz and {revision}.snapshot.json.gz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("fill", "snapshot"):
        sub = commands.add_parser(name)
        where = sub.add_mutually_exclusive_group(required=True)
        where.add_argument("--data-dir", type=Path, help="in this process, on this data dir (its SQLite database)")
        where.add_argument("--url", help="a running server's base URL, e.g. http://127.0.0.1:8000")
        sub.add_argument("--database-url", help="with --data-dir: this database instead of the data dir's SQLite")
        if name == "snapshot":
            sub.add_argument("--out", type=Path, required=True, help="the JSON file to write (.gz: compressed)")
            sub.add_argument("--like", type=Path, help="ask the requests of this earlier record, not the catalog's")
    commands.add_parser("fixture").add_argument("--out-dir", type=Path, required=True)
    compare = commands.add_parser("compare")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.command == "compare":
        found = differences(read(args.before), read(args.after))
        print("\n".join(found) or f"same: {len(read(args.before))} answers, byte for byte")
        raise SystemExit(1 if found else 0)
    if args.command == "fixture":
        fixture(args.out_dir)
        return
    with client(args) as http:
        api = Api(http)
        if args.command == "fill":
            fill(api)
            print(f"filled in {time.perf_counter() - started:.1f}s")
        else:
            answers = replay(api, read(args.like)) if args.like else take(api)
            write(args.out, answers)
            print(f"{len(answers)} answers in {time.perf_counter() - started:.1f}s -> {args.out}")


if __name__ == "__main__":
    main()
