"""Productive project list benchmark (issue 20): an organization of N projects (each with a company, a
project manager and the organization's default workflow), seeded through the core (not HTTP), then the
real server measured on `GET /productive/api/v2/projects` with `include=company,project_manager,workflow`
(a page of 30, the default, and a page of 200). Prints p50/p99 with the target beside them; never fails
on figures.

    .venv/bin/python bench/productive_list.py [--projects 1000] [--requests 100] [--data-dir DIR]
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
from run import Row, Server, measure, percentile  # noqa: E402

from planyard.config import Settings  # noqa: E402
from planyard.core import companies, demo, workflow_changes  # noqa: E402
from planyard.core.auth import create_api_token  # noqa: E402
from planyard.core.context import Context  # noqa: E402
from planyard.core.projects import service as projects  # noqa: E402
from planyard.core.workspaces import default_workflow  # noqa: E402
from planyard.db.engine import make_engine, make_session_factory  # noqa: E402
from planyard.db.migrate import upgrade  # noqa: E402
from planyard.kit.uow import run_in_unit_of_work  # noqa: E402
from planyard.main import build_environment  # noqa: E402
from planyard.models import User  # noqa: E402

BATCH = 100
SEEDED = "productive.json"  # in the data dir: {"organization": ..., "token": ..., "projects": ...}
INCLUDE = "company,project_manager,workflow"
TARGET_P50_MS = 10.0


def seed(data_dir: Path, count: int) -> tuple[dict[str, object], float]:
    settings = Settings(data_dir=data_dir)
    upgrade(settings.resolved_database_url)
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    env = build_environment(settings)
    run = lambda work: run_in_unit_of_work(factory, lambda uow: work(Context(uow=uow, env=env)))  # noqa: E731
    run(demo.bootstrap)
    owner = run(lambda ctx: ctx.session.get(User, 1))
    started = time.perf_counter()

    def batch(ctx: Context, start: int) -> int:
        ctx.actor = owner
        workspace = projects.default_workspace(ctx).id
        workflow = default_workflow(ctx.session, workspace)
        assert workflow is not None
        for n in range(start, min(start + BATCH, count)):
            company = companies.create_company(ctx, workspace, f"Client {n % 50}") if n < 50 else None
            project = projects.create_project(ctx, {"name": f"Project {n:04}", "description": "bench",
                                                    "company_id": company.id if company else None,
                                                    "manager_id": owner.id}, workspace_id=workspace,
                                              extra={"productive": {"project_type_id": 2}})  # fmt: skip
            workflow_changes.switch_workflow(ctx, project.id, workflow.id, None, mapped=False)
        return workspace

    organization = 0
    for start in range(0, count, BATCH):
        organization = run(lambda ctx, s=start: batch(ctx, s))
    token = run(lambda ctx: create_api_token(ctx.session, ctx.session.get(User, 1), "bench"))
    return {"organization": organization, "token": token, "projects": count}, time.perf_counter() - started


def seeded(data_dir: Path, count: int) -> dict[str, object]:
    marker = data_dir / SEEDED
    if marker.exists():
        return dict(json.loads(marker.read_text()))
    data_dir.mkdir(parents=True, exist_ok=True)
    known, seconds = seed(data_dir, count)
    marker.write_text(json.dumps(known))
    print(f"seeded {count} projects in {seconds:.0f}s into {data_dir}")
    return known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, help="seed here once and reuse it on later runs")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="planyard-productive-"))
    known = seeded(data_dir, args.projects)
    headers = {"X-Auth-Token": str(known["token"]), "X-Organization-Id": str(known["organization"])}
    server = Server(data_dir, None)
    server.start()
    url = "/productive/api/v2/projects"
    calls = {
        "projects, includes, page of 30": lambda c, i: c.get(url, params={"include": INCLUDE,
                                                                         "page[number]": 1 + i % 30}),
        "projects, includes, page of 200": lambda c, i: c.get(url, params={"include": INCLUDE, "page[size]": 200,
                                                                          "page[number]": 1 + i % 5}),
        "projects, no include, page of 30": lambda c, i: c.get(url, params={"page[number]": 1 + i % 30}),
        "organizations (baseline: the cost of any request)": lambda c, i: c.get("/productive/api/v2/organizations"),
    }  # fmt: skip
    try:
        with httpx.Client(base_url=server.base, headers=headers) as client:
            total = client.get(url).json()["meta"]["total_count"]
        print(f"{total} projects in organization {known['organization']}")
        for name, call in calls.items():
            wall, latencies = measure(server.base, headers, call, args.requests, 1)
            row = Row(name, "sequential", args.requests, args.requests / wall, percentile(latencies, 0.5),
                      percentile(latencies, 0.99))  # fmt: skip
            verdict = f"target p50 < {TARGET_P50_MS:g} ms: {'ok' if row.p50_ms < TARGET_P50_MS else 'MISSED'}"
            print(f"{row.operation:50} n={row.requests:4}  {row.per_second:7.1f} req/s  p50 {row.p50_ms:7.1f} ms  "
                  f"p99 {row.p99_ms:7.1f} ms  {verdict if 'page of 30' in name else ''}")  # fmt: skip
    finally:
        server.stop()


if __name__ == "__main__":
    os.environ.setdefault("PLANYARD_LOG", "warning")
    main()
