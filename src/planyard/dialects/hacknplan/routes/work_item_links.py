"""HacknPlan work item tags (list, add: 201, 409 when there already; remove), users (assign: 409 for an
inactive user; unassign) and dependencies (list, add: 201, get, remove: 201 as the seed says; a
dependency never closes a cycle, and its `isResolved` follows the item it waits for)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.tags import service as tags
from planyard.core.work_items import item_people, relations
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.items import item_in, rendered_with_resolution
from planyard.dialects.hacknplan.mappers.work_items import own
from planyard.dialects.hacknplan.messages import INVALID_DEPENDENCY, INVALID_VALUES
from planyard.dialects.hacknplan.primitives import Raw, identifier
from planyard.dialects.hacknplan.schemas.work_items import Dependency, ItemTag
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Project, WorkItem, WorkItemLink
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["work item tags, users and dependencies"])

ITEM = "/projects/{projectId}/workitems/{workItemId}"


@router.get(ITEM + "/tags", response_model=list[ItemTag])
def list_tags(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    return render(ItemTag, [
        {"projectId": tag.project_id or project.id, "tagId": tag.id, "displayOrder": position, "name": tag.name,
         "groupName": own(tag.extra).get("groupName"), "color": tag.color, "icon": own(tag.extra).get("icon"),
         "displayIconOnly": bool(own(tag.extra).get("displayIconOnly", False)), "creationDate": None}
        for tag, position in item_people.item_tags(ctx, item.id)
    ])  # fmt: skip


@router.post(ITEM + "/tags", status_code=201)
def add_tag(projectId: int, workItemId: int, ctx: Ctx, body: Raw = None) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    item_people.add_tag(ctx, item.id, identifier(body, "tagId", INVALID_VALUES))
    return empty(201)


@router.delete(ITEM + "/tags/{tagId}")
def remove_tag(projectId: int, workItemId: int, tagId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    tags.remove_item_tag(ctx, item.id, tagId)
    return empty()


@router.post(ITEM + "/users")
def assign_user(projectId: int, workItemId: int, ctx: Ctx, body: Raw = None) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    item_people.add_assignee(ctx, item.id, identifier(body, "userId", INVALID_VALUES))
    return empty()


@router.delete(ITEM + "/users/{userId}")
def unassign_user(projectId: int, workItemId: int, userId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    item_people.remove_assignee(ctx, item.id, userId)
    return empty()


def _dependencies(ctx: Context, item: WorkItem) -> list[WorkItemLink]:
    return [link for link in relations.list_relations(ctx, item.id, relations.DEPENDS_ON) if link.from_id == item.id]


def _render(ctx: Context, project: Project, targets: list[WorkItem]) -> list[dict[str, object]]:
    return [{"workItem": body, "isResolved": done} for body, done in rendered_with_resolution(ctx, project, targets)]


@router.get(ITEM + "/dependencies", response_model=list[Dependency])
def list_dependencies(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    targets = [item_in(ctx, projectId, link.to_id)[1] for link in _dependencies(ctx, item)]
    return render(Dependency, _render(ctx, project, targets))


@router.post(ITEM + "/dependencies", status_code=201)
def add_dependency(projectId: int, workItemId: int, ctx: Ctx, body: Raw = None) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    try:
        relations.relate(ctx, item.id, identifier(body, "dependencyId", INVALID_DEPENDENCY), relations.DEPENDS_ON)
    except (Invalid, NotFound):
        raise Invalid(INVALID_DEPENDENCY) from None
    return empty(201)


@router.get(ITEM + "/dependencies/{dependencyId}", response_model=Dependency)
def get_dependency(projectId: int, workItemId: int, dependencyId: int, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    link = _link(ctx, item, dependencyId)
    return render(Dependency, _render(ctx, project, [item_in(ctx, projectId, link.to_id)[1]])[0])


@router.delete(ITEM + "/dependencies/{dependencyId}", status_code=201)
def remove_dependency(projectId: int, workItemId: int, dependencyId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    relations.unrelate(ctx, _link(ctx, item, dependencyId).id)
    return empty(201)


def _link(ctx: Context, item: WorkItem, target_id: int) -> WorkItemLink:
    found = next((link for link in _dependencies(ctx, item) if link.to_id == target_id), None)
    if found is None:
        raise NotFound(entity="dependency")
    return found
