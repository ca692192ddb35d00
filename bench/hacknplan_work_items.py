"""HacknPlan work-item benchmark (issue 19): a project of N work items (stories over four boards and
the backlog, every stage and importance level, an assignee and a tag on each), seeded fast through the
core, then the real server measured on HacknPlan's calls. Prints the figures beside the targets; never
fails on figures.

    .venv/bin/python bench/hacknplan_work_items.py [--items 10000] [--requests 50] [--data-dir DIR]

With `--data-dir`, the first run seeds into DIR and later runs reuse it (the writes measured add items).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Row, Server, measure, percentile, print_target_row  # noqa: E402

from planyard.config import Settings  # noqa: E402
from planyard.core import demo, sprints  # noqa: E402
from planyard.core.auth import create_api_token  # noqa: E402
from planyard.core.context import Context  # noqa: E402
from planyard.core.projects import service as projects  # noqa: E402
from planyard.core.work_items import service  # noqa: E402
from planyard.core.work_items.kinds import STORY  # noqa: E402
from planyard.core.work_items.project_items import status_bridge  # noqa: E402
from planyard.core.work_items.service import ItemChanges  # noqa: E402
from planyard.db.engine import make_engine, make_session_factory  # noqa: E402
from planyard.db.migrate import upgrade  # noqa: E402
from planyard.kit.uow import run_in_unit_of_work  # noqa: E402
from planyard.main import build_environment  # noqa: E402
from planyard.models import ItemOption, User  # noqa: E402

BATCH = 500
SEEDED = "hacknplan_items.json"
BOARDS = 4
TARGETS = {"filtered, sorted page": 25.0, "get work item": 5.0, "create work item": 15.0, "patch work item": 15.0}


def seed(data_dir: Path, count: int) -> dict[str, object]:
    settings = Settings(data_dir=data_dir)
    upgrade(settings.resolved_database_url)
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    env = build_environment(settings)
    run = lambda work: run_in_unit_of_work(factory, lambda uow: work(Context(uow=uow, env=env)))  # noqa: E731
    run(demo.bootstrap)
    owner = run(lambda ctx: ctx.session.get(User, 1))
    started = time.perf_counter()

    def setup(ctx: Context) -> dict[str, object]:
        ctx.actor = owner
        project = projects.create_project(ctx, {"name": f"HacknPlan scale {count}", "description": "bench"})
        boards = [sprints.create_sprint(ctx, project.id, {"name": f"Board {n}", "estimated_start": date(2026, 1, 1),
                                                          "estimated_finish": date(2026, 2, 1)}, None).id
                  for n in range(BOARDS)]  # fmt: skip
        stages = [s.id for s in status_bridge(ctx, project.id).stages]
        levels = list(ctx.session.scalars(select(ItemOption.id).where(ItemOption.project_id == project.id,
                                                                      ItemOption.kind == "priority")))  # fmt: skip
        return {"project_id": project.id, "boards": boards, "stages": stages, "levels": levels,
                "key": create_api_token(ctx.session, owner, "bench")}  # fmt: skip

    known = run(setup)
    boards, stages, levels = known["boards"], known["stages"], known["levels"]
    assert isinstance(boards, list) and isinstance(stages, list) and isinstance(levels, list)
    for start in range(0, count, BATCH):

        def batch(ctx: Context, start: int = start) -> None:
            ctx.actor = owner
            for n in range(start, min(start + BATCH, count)):
                fields = {"subject": f"Work item {n}", "description": f"about thing {n % 97}",
                          "sprint_id": boards[n % (BOARDS + 1)] if n % (BOARDS + 1) < BOARDS else None,
                          "status_id": stages[n % len(stages)], "priority_id": levels[n % len(levels)],
                          "estimate": float(n % 8), "tags": [f"t{n % 7}"]}  # fmt: skip
                service.create_item(ctx, STORY, int(str(known["project_id"])), ItemChanges(fields, assignees=[1]))

        run(batch)
    print(f"seeded {count} work items in {time.perf_counter() - started:.0f}s into {data_dir}")
    return known


def seeded(data_dir: Path, count: int) -> dict[str, object]:
    marker = data_dir / SEEDED
    if marker.exists():
        print(f"reusing {data_dir}")
        return dict(json.loads(marker.read_text()))
    data_dir.mkdir(parents=True, exist_ok=True)
    known = seed(data_dir, count)
    marker.write_text(json.dumps(known))
    return known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, help="seed here once and reuse it on later runs")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="planyard-hnp-"))
    known = seeded(data_dir, args.items)
    p, boards, stages = known["project_id"], known["boards"], known["stages"]
    assert isinstance(boards, list) and isinstance(stages, list)
    server = Server(data_dir, None)
    server.start()
    url = f"/hacknplan/v0/projects/{p}/workitems"
    headers = {"Authorization": f"ApiKey {known['key']}"}
    try:
        with httpx.Client(base_url=server.base, headers=headers) as client:
            first = client.get(url, params={"limit": 1}).json()["items"][0]["workItemId"]
        calls = {
            "filtered, sorted page": lambda c, i: c.get(url, params={
                "boardId": boards[i % len(boards)], "stageId": stages[i % len(stages)], "sortField": "name",
                "sortMode": "desc", "limit": 20}),
            "sorted page, search": lambda c, i: c.get(url, params={"searchTerms": f"thing {i % 97}",
                                                                   "sortField": "updatedate", "limit": 20}),
            "get work item": lambda c, i: c.get(f"{url}/{first + i}"),
            "create work item": lambda c, i: c.post(url, json={"title": f"New {i}", "boardId": boards[0],
                                                               "stageId": stages[1], "estimatedCost": 2}),
            "patch work item": lambda c, i: c.patch(f"{url}/{first + i}", json={"estimatedCost": i % 5,
                                                                               "stageId": stages[i % len(stages)]}),
        }  # fmt: skip
        for name, call in calls.items():
            call_with_base = call
            wall, lat = measure(server.base, headers, call_with_base, args.requests, 1)
            row = Row(name, "sequential", args.requests, args.requests / wall, percentile(lat, 0.5),
                      percentile(lat, 0.99))  # fmt: skip
            print_target_row(row, TARGETS.get(name))
        print(f"server resident memory: {server.rss_mb():.0f} MB")
    finally:
        server.stop()


if __name__ == "__main__":
    os.environ.setdefault("PLANYARD_LOG", "warning")
    main()
