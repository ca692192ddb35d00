"""Taiga §35 Export/Import: `GET /exporter/{id}` (project admins) and `POST /importer/load_dump`."""

from __future__ import annotations

from fastapi import APIRouter, File, UploadFile
from starlette.responses import JSONResponse, Response

from planyard.core.dumps import service
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.routes.projects import detail_response
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["export-import"])


@router.get("/exporter/{project_id}")
def export_project(project_id: int, ctx: Ctx) -> Response:
    started = service.export_project(ctx, project_id)
    if started.job_id is not None:
        return JSONResponse({"export_id": started.job_id}, status_code=202)
    return JSONResponse({"url": started.url})


@router.post("/importer/load_dump", status_code=201)
def load_dump(ctx: Ctx, dump: UploadFile | None = File(None)) -> Response:
    started = service.import_project(ctx, dump.file if dump is not None else None)
    if started.project is None:
        return JSONResponse({"import_id": started.job_id}, status_code=202)
    return detail_response(ctx, started.project.id, status=201)
