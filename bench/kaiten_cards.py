"""Kaiten card benchmark (issue 18): one board of N cards (over its columns and lanes, a member, an owner
and a tag on each), the space and board made through the Kaiten API, the cards seeded fast through the
core's board placement, then the real server measured on Kaiten's calls with the rate limit off. Prints the
figures beside the targets; never fails on figures.

    .venv/bin/python bench/kaiten_cards.py [--cards 10000] [--requests 50] [--data-dir DIR]

With `--data-dir`, the first run seeds into DIR and later runs reuse it (the writes measured add cards).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Row, Server, measure, percentile, print_target_row  # noqa: E402

from planyard.config import Settings  # noqa: E402
from planyard.core.auth import create_api_token  # noqa: E402
from planyard.core.context import Context  # noqa: E402
from planyard.core.work_items.board_items import Placement, create_on_board  # noqa: E402
from planyard.core.work_items.service import ItemChanges  # noqa: E402
from planyard.db.engine import make_engine, make_session_factory  # noqa: E402
from planyard.kit.uow import run_in_unit_of_work  # noqa: E402
from planyard.main import build_environment  # noqa: E402
from planyard.models import User  # noqa: E402

BATCH = 500
SEEDED = "kaiten_cards.json"
TARGETS = {"board cards, filtered": 25.0, "get card": 5.0, "create card": 15.0, "move card": 15.0}


def board(base: str, key: str) -> dict[str, object]:
    """A space with one board of four columns and two lanes, through the Kaiten API."""
    with httpx.Client(base_url=f"{base}/kaiten/api/latest", headers={"Authorization": f"Bearer {key}"}) as api:
        space = api.post("/spaces", json={"title": "Kaiten scale"}).json()
        made = api.post(f"/spaces/{space['id']}/boards", json={"title": "Big board"}).json()
        columns = [api.post(f"/boards/{made['id']}/columns", json={"title": title, "type": kind}).json()["id"]
                   for title, kind in (("Queue", 1), ("Doing", 2), ("Review", 2), ("Done", 3))]  # fmt: skip
        lanes = [api.post(f"/boards/{made['id']}/lanes", json={"title": title}).json()["id"]
                 for title in ("Features", "Bugs")]  # fmt: skip
    return {"space_id": space["id"], "board_id": made["id"], "columns": columns, "lanes": lanes}


def seed(data_dir: Path, server: Server, count: int) -> dict[str, object]:
    settings = Settings(data_dir=data_dir)
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    env = build_environment(settings)
    run = lambda work: run_in_unit_of_work(factory, lambda uow: work(Context(uow=uow, env=env)))  # noqa: E731
    owner = run(lambda ctx: ctx.session.get(User, 1))
    key = run(lambda ctx: create_api_token(ctx.session, owner, "bench"))
    known = {"key": key, **board(server.base, key)}
    columns, lanes = known["columns"], known["lanes"]
    assert isinstance(columns, list) and isinstance(lanes, list)
    started = time.perf_counter()
    for start in range(0, count, BATCH):

        def batch(ctx: Context, start: int = start) -> None:
            ctx.actor = owner
            for n in range(start, min(start + BATCH, count)):
                to = Placement(status_id=columns[n % len(columns)], lane_id=lanes[n % len(lanes)])
                fields = {"subject": f"Card {n}", "description": f"about thing {n % 97}", "tags": [f"t{n % 7}"]}
                create_on_board(ctx, to, ItemChanges(fields, assignees=[1]))

        run(batch)
    print(f"seeded {count} cards in {time.perf_counter() - started:.0f}s into {data_dir}")
    return known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, help="seed here once and reuse it on later runs")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="planyard-kaiten-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    server = Server(data_dir, None)
    server.env["PLANYARD_KAITEN_RATE_LIMIT_ENABLED"] = "false"
    server.start()
    marker = data_dir / SEEDED
    try:
        if marker.exists():
            print(f"reusing {data_dir}")
            known = json.loads(marker.read_text())
        else:
            known = seed(data_dir, server, args.cards)
            marker.write_text(json.dumps(known))
        measure_calls(server, known, args.requests)
        print(f"server resident memory: {server.rss_mb():.0f} MB")
    finally:
        server.stop()


def measure_calls(server: Server, known: dict[str, object], requests: int) -> None:
    board_id, columns, lanes = known["board_id"], known["columns"], known["lanes"]
    assert isinstance(columns, list) and isinstance(lanes, list)
    headers = {"Authorization": f"Bearer {known['key']}"}
    url = "/kaiten/api/latest/cards"
    with httpx.Client(base_url=server.base, headers=headers) as client:
        first = client.get(url, params={"board_id": board_id, "limit": 1, "order_by": "id"}).json()[0]["id"]
    calls = {
        "board cards, filtered": lambda c, i: c.get(url, params={
            "board_id": board_id, "column_id": columns[i % len(columns)], "lane_id": lanes[i % len(lanes)],
            "query": f"thing {i % 97}", "limit": 100}),
        "board cards, first page": lambda c, i: c.get(url, params={"board_id": board_id, "limit": 100}),
        "get card": lambda c, i: c.get(f"{url}/{first + i}"),
        "create card": lambda c, i: c.post(url, json={"title": f"New {i}", "board_id": board_id,
                                                      "column_id": columns[0], "lane_id": lanes[0]}),
        "move card": lambda c, i: c.patch(f"{url}/{first + i}", json={"column_id": columns[(i + 1) % len(columns)],
                                                                      "sort_order": 0.5 + i}),
    }  # fmt: skip
    for name, call in calls.items():
        wall, lat = measure(server.base, headers, call, requests, 1)
        row = Row(name, "sequential", requests, requests / wall, percentile(lat, 0.5), percentile(lat, 0.99))
        print_target_row(row, TARGETS.get(name))


if __name__ == "__main__":
    os.environ.setdefault("PLANYARD_LOG", "warning")
    main()
