"""Taiga §10.7-10.27 project actions: order, modules, stats, tags, likes, watches, templates, leave,
logo, transfer, duplicate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, File, Request, UploadFile
from pydantic import RootModel
from starlette.responses import Response

from planyard.core.projects import actions, social, stats, tags, transfer
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.project_actions import project_user_entry
from planyard.dialects.taiga.mappers.project_templates import template_detail
from planyard.dialects.taiga.routes.projects import detail_response
from planyard.dialects.taiga.schemas.project_actions import (
    IssueFiltersData,
    IssuesStats,
    MemberStats,
    ProjectDuplicate,
    ProjectOrder,
    ProjectStats,
    ProjectUserEntry,
    TagCreate,
    TagDelete,
    TagEdit,
    TagsMix,
    TemplateCreate,
    TransferAnswer,
    TransferStart,
    TransferToken,
    WatchBody,
)
from planyard.dialects.taiga.schemas.project_templates import ProjectTemplateDetail
from planyard.dialects.taiga.schemas.projects import ProjectDetail
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["projects"])
ONE = "/projects/{project_id}"


class ModulesConfig(RootModel[dict[str, Any]]):
    """§41.3: module name -> its configuration (github, gitlab, bitbucket, gogs)."""


class TagsColors(RootModel[dict[str, str | None]]):
    """§41.7: tag -> color."""


@router.post("/projects/bulk_update_order")
def bulk_update_order(body: list[ProjectOrder], ctx: Ctx) -> Response:
    actions.bulk_update_order(ctx, [(item.project_id, item.order) for item in body])
    return empty()


@router.get(f"{ONE}/modules", response_model=ModulesConfig)
def get_modules(project_id: int, ctx: Ctx) -> Response:
    return render(ModulesConfig, actions.modules_config(ctx, project_id))


@router.patch(f"{ONE}/modules", status_code=204)
def edit_modules(project_id: int, ctx: Ctx, body: dict[str, Any] = Body(...)) -> Response:
    actions.update_modules_config(ctx, project_id, body)
    return empty(204)


@router.get(f"{ONE}/stats", response_model=ProjectStats)
def project_stats(project_id: int, ctx: Ctx) -> Response:
    return render(ProjectStats, stats.project_stats(ctx, project_id))


@router.get(f"{ONE}/member_stats", response_model=MemberStats)
def member_stats(project_id: int, ctx: Ctx) -> Response:
    figures = stats.member_figures(ctx, project_id)
    return render(MemberStats, {
        "closed_bugs": figures.closed_tickets, "iocaine_tasks": figures.iocaine_subitems,
        "wiki_changes": figures.wiki_edits, "created_bugs": figures.opened_tickets,
        "closed_tasks": figures.closed_subitems,
    })  # fmt: skip


@router.get(f"{ONE}/issues_stats", response_model=IssuesStats)
def issues_stats(project_id: int, ctx: Ctx) -> Response:
    return render(IssuesStats, stats.issues_stats(ctx, project_id))


@router.get(f"{ONE}/issues_filters_data", response_model=IssueFiltersData)
@router.get(f"{ONE}/issue_filters_data", response_model=IssueFiltersData)
def issue_filters_data(project_id: int, ctx: Ctx) -> Response:
    return render(IssueFiltersData, stats.issue_filters_data(ctx, project_id))


@router.get(f"{ONE}/tags_colors", response_model=TagsColors)
def tags_colors(project_id: int, ctx: Ctx) -> Response:
    return render(TagsColors, tags.tags_colors(ctx, project_id))


@router.post(f"{ONE}/create_tag")
def create_tag(project_id: int, body: TagCreate, ctx: Ctx) -> Response:
    tags.create_tag(ctx, project_id, body.tag, body.color)
    return empty()


@router.post(f"{ONE}/edit_tag")
def edit_tag(project_id: int, body: TagEdit, ctx: Ctx) -> Response:
    tags.edit_tag(ctx, project_id, body.from_tag, body.to_tag, body.color)
    return empty()


@router.post(f"{ONE}/delete_tag")
def delete_tag(project_id: int, body: TagDelete, ctx: Ctx) -> Response:
    tags.delete_tag(ctx, project_id, body.tag)
    return empty()


@router.post(f"{ONE}/mix_tags")
def mix_tags(project_id: int, body: TagsMix, ctx: Ctx) -> Response:
    tags.mix_tags(ctx, project_id, body.from_tags, body.to_tag)
    return empty()


@router.post(f"{ONE}/like")
def like(project_id: int, ctx: Ctx) -> Response:
    social.like(ctx, project_id)
    return empty()


@router.post(f"{ONE}/unlike")
def unlike(project_id: int, ctx: Ctx) -> Response:
    social.unlike(ctx, project_id)
    return empty()


@router.get(f"{ONE}/fans", response_model=list[ProjectUserEntry])
def fans(project_id: int, request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = social.list_fans(ctx, project_id, query)
    headers = queries.page_headers(request, wanted, page)
    return render(ProjectUserEntry, [project_user_entry(u) for u in page.items], headers=headers)


@router.post(f"{ONE}/watch")
def watch(project_id: int, ctx: Ctx, body: WatchBody | None = None) -> Response:
    social.watch(ctx, project_id, body.notify_level if body else None)
    return empty()


@router.post(f"{ONE}/unwatch")
def unwatch(project_id: int, ctx: Ctx) -> Response:
    social.unwatch(ctx, project_id)
    return empty()


@router.get(f"{ONE}/watchers", response_model=list[ProjectUserEntry])
def watchers(project_id: int, request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = social.list_watchers(ctx, project_id, query)
    headers = queries.page_headers(request, wanted, page)
    return render(ProjectUserEntry, [project_user_entry(u) for u in page.items], headers=headers)


@router.post(f"{ONE}/create_template", status_code=201, response_model=ProjectTemplateDetail)
def create_template(project_id: int, ctx: Ctx, body: TemplateCreate = TemplateCreate()) -> Response:
    name, description = body.template_name or body.name, body.template_description or body.description
    template = actions.create_template(ctx, project_id, name, description)
    return render(ProjectTemplateDetail, template_detail(template), status=201)


@router.post(f"{ONE}/leave")
def leave(project_id: int, ctx: Ctx) -> Response:
    actions.leave(ctx, project_id)
    return empty()


@router.post(f"{ONE}/change_logo", response_model=ProjectDetail)
def change_logo(project_id: int, ctx: Ctx, logo: UploadFile = File(...)) -> Response:
    actions.change_logo(ctx, project_id, logo.filename or "logo", logo.file.read())
    return detail_response(ctx, project_id)


@router.post(f"{ONE}/remove_logo", response_model=ProjectDetail)
def remove_logo(project_id: int, ctx: Ctx) -> Response:
    actions.remove_logo(ctx, project_id)
    return detail_response(ctx, project_id)


@router.post(f"{ONE}/transfer_validate_token")
def transfer_validate_token(project_id: int, ctx: Ctx, body: TransferToken = TransferToken()) -> Response:
    transfer.validate_token(ctx, project_id, body.token)
    return empty()


@router.post(f"{ONE}/transfer_request")
def transfer_request(project_id: int, ctx: Ctx) -> Response:
    transfer.request_transfer(ctx, project_id)
    return empty()


@router.post(f"{ONE}/transfer_start")
def transfer_start(project_id: int, ctx: Ctx, body: TransferStart = TransferStart()) -> Response:
    transfer.start_transfer(ctx, project_id, body.user, body.reason)
    return empty()


@router.post(f"{ONE}/transfer_accept")
def transfer_accept(project_id: int, ctx: Ctx, body: TransferAnswer = TransferAnswer()) -> Response:
    transfer.accept_transfer(ctx, project_id, body.token, body.reason)
    return empty()


@router.post(f"{ONE}/transfer_reject")
def transfer_reject(project_id: int, ctx: Ctx, body: TransferAnswer = TransferAnswer()) -> Response:
    transfer.reject_transfer(ctx, project_id, body.token, body.reason)
    return empty()


@router.post(f"{ONE}/duplicate", status_code=201, response_model=ProjectDetail)
def duplicate(project_id: int, body: ProjectDuplicate, ctx: Ctx) -> Response:
    users = [member.id for member in body.users]
    project = actions.duplicate(ctx, project_id, body.name, body.description, body.is_private, users)
    return detail_response(ctx, project.id, status=201)
