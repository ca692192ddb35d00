"""Taiga's CSV reports: GET /{userstories,tasks,issues,epics}/csv?uuid=..., open to whoever holds the
uuid, and POST /projects/{id}/regenerate_<kind>_csv_uuid, delete_<kind>_csv_uuid (project admins)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.work_items import exports
from planyard.core.work_items.kinds import KINDS
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.projects import CSV_KINDS
from planyard.dialects.taiga.mappers.reports import REPORTS, report_csv
from planyard.dialects.taiga.schemas.project_actions import CsvUuid
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["reports"])


def _add(prefix: str, kind_name: str) -> None:
    kind = KINDS[kind_name]

    @router.get(f"/{prefix}/csv", name=f"{prefix} csv report")
    def report(ctx: Ctx, uuid: str | None = None) -> Response:
        if uuid is None:
            return Response(status_code=404)
        body = report_csv(kind.name, exports.load_feed(ctx, kind, uuid))
        headers = {"Content-Disposition": f'attachment; filename="{REPORTS[kind.name][0]}"'}
        return Response(body, media_type="application/csv; charset=utf-8", headers=headers)

    @router.post(f"/projects/{{project_id}}/regenerate_{prefix}_csv_uuid", response_model=CsvUuid,
                 name=f"regenerate {prefix} csv uuid")  # fmt: skip
    def regenerate(project_id: int, ctx: Ctx) -> Response:
        return render(CsvUuid, {"uuid": exports.renew_token(ctx, project_id, kind)})

    @router.post(f"/projects/{{project_id}}/delete_{prefix}_csv_uuid", response_model=CsvUuid,
                 name=f"delete {prefix} csv uuid")  # fmt: skip
    def drop(project_id: int, ctx: Ctx) -> Response:
        exports.drop_token(ctx, project_id, kind)
        return render(CsvUuid, {"uuid": None})


for _prefix, _kind in CSV_KINDS.items():
    _add(_prefix, _kind)
