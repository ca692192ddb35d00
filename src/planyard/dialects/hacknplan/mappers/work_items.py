"""Core items as HacknPlan work items (R23) and their nested objects (category, stage, board,
importance level, tag, design element, picture), from a page's PlanFacts; a work item body as core
changes (docs/mapping.md, Work items)."""

from __future__ import annotations

from typing import Any

from planyard.core.work_items.plan_facts import PlanFacts
from planyard.core.work_items.project_items import StatusBridge
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.dialects.hacknplan.mappers.work_item_parts import Url, attachment
from planyard.models import (
    DesignElement,
    DesignElementType,
    ItemOption,
    ItemType,
    Project,
    Sprint,
    Status,
    Tag,
    WorkItem,
)  # fmt: skip

OWN = "hacknplan"
STAGE_STATUS = {"todo": "Created", "doing": "Started", "done": "Completed"}
UNBLOCKER = "isUnblocker"


def own(extra: dict[str, Any]) -> dict[str, Any]:
    return dict(extra.get(OWN) or {})


def hours(minutes: float | None) -> float:
    return round((minutes or 0) / 60, 2)


def category(row: ItemType, project_id: int) -> dict[str, Any]:
    return {"projectId": row.project_id or project_id, "categoryId": row.id, "name": row.name,
            "icon": own(row.extra).get("icon"), "color": row.color, "creationDate": None}  # fmt: skip


def stage(row: Status, project_id: int) -> dict[str, Any]:
    mine = own(row.extra)
    return {"projectId": project_id, "stageId": row.id, "name": row.name, "icon": mine.get("icon"),
            "color": row.color, "status": STAGE_STATUS.get(row.category, "Started"),
            "isUnblocker": bool(mine.get(UNBLOCKER, False)), "creationDate": None}  # fmt: skip


def board(row: Sprint, project: Project) -> dict[str, Any]:
    mine = own(row.extra)
    return {"projectId": row.project_id, "boardId": row.id, "milestoneId": row.release_id, "name": row.name,
            "description": row.description, "generalInfo": mine.get("generalInfo"),
            "startDate": time(row.estimated_start), "dueDate": time(row.estimated_finish),
            "closingDate": time(row.closed_at) if row.closed else None, "creationDate": time(row.created_date),
            "creator": None, "isDefault": project.extra.get("default_sprint_id") == row.id}  # fmt: skip


def importance_level(row: ItemOption, project: Project) -> dict[str, Any]:
    return {"projectId": row.project_id, "importanceLevelId": row.id, "name": row.name,
            "icon": own(row.extra).get("icon"), "color": row.color,
            "isDefault": project.default_priority_id == row.id, "creationDate": None}  # fmt: skip


def tag(row: Tag, project_id: int) -> dict[str, Any]:
    mine = own(row.extra)
    return {"projectId": row.project_id or project_id, "tagId": row.id, "name": row.name,
            "icon": mine.get("icon"), "color": row.color, "displayIconOnly": bool(mine.get("displayIconOnly", False)),
            "creationDate": None}  # fmt: skip


def design_element(row: DesignElement, kind: DesignElementType | None) -> dict[str, Any]:
    return {
        "projectId": row.project_id, "designElementId": row.id, "name": row.name, "description": row.description,
        "prefix": own(row.extra).get("prefix"), "parentId": row.parent_id,
        "type": {"projectId": kind.project_id, "designElementTypeId": kind.id, "name": kind.name,
                 "creationDate": time(kind.created_at)} if kind else None,
        "startDate": time(row.start_date), "dueDate": time(row.due_date), "creationDate": time(row.created_at),
        "updateDate": time(row.modified_at),
    }  # fmt: skip


def work_item(item: WorkItem, project: Project, bridge: StatusBridge, facts: PlanFacts, url: Url) -> dict[str, Any]:
    mine = own(item.extra)
    stage_id = bridge.shown(item.status_id)
    stage_row = next((s for s in bridge.stages if s.id == stage_id), None)
    item_type = facts.item_types.get(item.item_type_id)
    sprint = facts.sprints.get(item.sprint_id) if item.sprint_id else None
    option = facts.options.get(item.priority_id) if item.priority_id else None
    element = facts.design_elements.get(item.design_element_id) if item.design_element_id else None
    owner = facts.users.get(item.owner_id) if item.owner_id else None
    cover = facts.covers.get(item.id)
    dependencies = facts.dependencies.get(item.id, [])
    blocked = item.is_blocked or not all(resolved(d, facts, bridge) for d in dependencies)
    subitems = facts.subitems.get(item.id, [])
    return {
        "projectId": item.project_id, "workItemId": item.id, "parentStoryId": item.parent_id,
        "isStory": bool(subitems) or bool(mine.get("is_story")), "title": item.subject,
        "description": item.description,
        "category": category(item_type, project.id) if item_type else None,
        "stage": stage(stage_row, project.id) if stage_row else None,
        "estimatedCost": item.estimate, "loggedCost": hours(facts.logged_minutes.get(item.id)),
        "storyTasksEstimatedCost": facts.subitem_estimates.get(item.id, 0.0),
        "storyTasksLoggedCost": hours(facts.subitem_minutes.get(item.id)),
        "boardIndex": facts.sprint_rank.get(item.id), "designElementIndex": facts.design_element_rank.get(item.id),
        "designElement": design_element(element, facts.design_element_types.get(element.type_id)) if element else None,
        "startDate": time(item.start_date), "dueDate": time(item.due_date), "updateDate": time(item.modified_date),
        "closingDate": time(item.finish_date), "creationDate": time(item.created_date),
        "user": user(owner) if owner else None, "board": board(sprint, project) if sprint else None,
        "assignedUsers": [
            {"user": user(facts.users[u])} for u in facts.assignees.get(item.id, []) if u in facts.users
        ],
        "tags": [tag(t, project.id) for t in facts.tags.get(item.id, [])],
        "importanceLevel": importance_level(option, project) if option else None,
        "picture": attachment(cover, facts.users.get(cover.owner_id or 0), url) if cover else None,
        "hasDependencies": bool(dependencies), "isBlocked": blocked,
    }  # fmt: skip


def resolved(target: WorkItem, facts: PlanFacts, bridge: StatusBridge) -> bool:
    """A dependency is resolved once its item is done or in an unblocking stage."""
    if target.is_closed:
        return True
    status = facts.statuses.get(target.status_id) if target.status_id else None
    if status is None:
        return False
    shown = next((s for s in bridge.stages if s.id == bridge.shown(status.id)), status)
    return status.category == "done" or bool(own(shown.extra).get(UNBLOCKER))
