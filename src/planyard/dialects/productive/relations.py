"""Relationships of a project document: checking the ids a write names (company, project manager,
workflow) and loading what `include=` asks for, one query per kind for a whole page."""

from __future__ import annotations

from typing import Any

from planyard.core import companies, users, workflow_changes, workflow_directory
from planyard.dialects.productive.mappers.directory import (
    company_resource,
    organization_resource,
    person_resource,
    workflow_resource,
)
from planyard.dialects.productive.mappers.projects import project_resource
from planyard.dialects.productive.schemas.projects import Relationship
from planyard.kit.errors import Problem
from planyard.models import Project
from planyard.web.routes import Ctx

INCLUDABLE = frozenset({"company", "project_manager", "workflow", "organization"})
KINDS = {"company": "companies", "project_manager": "people", "workflow": "workflows"}


def related_id(relationships: dict[str, Relationship], name: str, problems: dict[str, list[Problem]]) -> int | None:
    """The id a relationship names (of the right type), None when absent; a wrong type is a problem."""
    relation = relationships.get(name)
    if relation is None or relation.data is None:
        return None
    if relation.data.type != KINDS[name]:
        problems[name] = [Problem("invalid")]
        return None
    return int(relation.data.id)


def check_company(
    ctx: Ctx, organization: int, company_id: int | None, problems: dict[str, list[Problem]], name: str = "company"
) -> None:
    if company_id is None:
        return
    company = companies.by_ids(ctx, {company_id}).get(company_id)
    if company is None or company.workspace_id != organization:
        problems[name] = [Problem("invalid")]


def check_person(ctx: Ctx, person_id: int | None, problems: dict[str, list[Problem]]) -> None:
    person = users.users_by_id(ctx, [person_id]).get(person_id) if person_id is not None else None
    if person_id is not None and (person is None or not person.is_active):
        problems["project_manager"] = [Problem("invalid")]


def check_workflow(ctx: Ctx, organization: int, workflow_id: int | None, problems: dict[str, list[Problem]]) -> None:
    workflow = workflow_changes.usable_workflow(ctx, organization, workflow_id)
    if workflow is None:
        problems["workflow"] = [Problem("invalid")]
    elif workflow_changes.valid_statuses(ctx, workflow.id) is None:
        problems["workflow"] = [Problem("too_few_statuses")]


def documents(
    ctx: Ctx, projects: list[Project], include: frozenset[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The projects' resources and the `included` resources (each once)."""
    flows = workflow_directory.story_workflows(ctx, {p.id for p in projects})
    data = [project_resource(p, flows.get(p.id), include) for p in projects]
    included: list[dict[str, Any]] = []
    if "company" in include:
        found = companies.by_ids(ctx, {p.company_id for p in projects if p.company_id is not None})
        included += [company_resource(c) for c in found.values()]
    if "project_manager" in include:
        people = users.users_by_id(ctx, [p.manager_id for p in projects])
        included += [person_resource(u) for u in people.values()]
    if "workflow" in include:
        included += [workflow_resource(w) for w in workflow_directory.workflows_by_ids(ctx, set(flows.values()))]
    if "organization" in include and projects:
        included += [
            organization_resource(w)
            for w in workflow_directory.workspaces_by_ids(ctx, {p.workspace_id for p in projects})
        ]
    return data, included
