"""Projects: creation from a template, listing what the actor may see, edits under OCC, deletion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, false, or_, select

from planyard.core import history, workflows, workspaces
from planyard.core.access import ProjectAccess, default_visibility_permissions, load_project, standing_project_ids
from planyard.core.context import Context
from planyard.core.projects import places, templates
from planyard.core.projects.social import DEFAULT_NOTIFY_LEVEL
from planyard.core.slugs import unique_slug
from planyard.core.tags import store as tag_store
from planyard.core.wiki.pages import TARGET as WIKI_TARGET
from planyard.core.work_items.kinds import KINDS
from planyard.core.workflows import statuses_of
from planyard.kit.concurrency import check_version
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.validation import reject_nulls
from planyard.models import (
    ItemOption,
    Membership,
    PointValue,
    Project,
    ProjectTemplate,
    Role,
    Status,
    Vote,
    Watch,
    WikiPage,
    Workspace,
)  # fmt: skip

TARGET = "project"
EDITABLE = (
    "name", "description", "is_private", "is_featured", "is_looking_for_people", "looking_for_people_note",
    "is_epics_activated", "is_backlog_activated", "is_kanban_activated", "is_wiki_activated", "is_issues_activated",
    "videoconferences", "videoconferences_extra_data", "total_milestones", "total_story_points",
    "anon_permissions", "public_permissions", "tags", "default_epic_status_id", "default_us_status_id",
    "default_points_id", "default_task_status_id", "default_issue_status_id", "default_issue_type_id",
    "default_priority_id", "default_severity_id", "company_id", "manager_id", "extra", "is_archived",
)  # fmt: skip


def default_workspace(ctx: Context) -> Workspace:
    workspace = ctx.session.scalar(select(Workspace).order_by(Workspace.id).limit(1))
    if workspace is None:
        workspace = workspaces.new_workspace(ctx.session, "Default", "default")
    return workspace


def visible_projects(ctx: Context) -> Select[Project]:
    stmt = select(Project)
    if ctx.actor is not None and ctx.actor.is_superuser:
        return stmt
    standing = standing_project_ids(ctx.actor.id) if ctx.actor else false()
    visible = or_(Project.is_private.is_(False), standing)
    return stmt.where(visible)


def slug_taken(ctx: Context, slug: str, exclude_id: int | None = None) -> bool:
    stmt = select(Project.id).where(Project.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(Project.id != exclude_id)
    return ctx.session.scalar(stmt) is not None


def create_project(
    ctx: Context,
    fields: dict[str, Any],
    template_id: int | None = None,
    *,
    workspace_id: int | None = None,
    extra: dict[str, Any] | None = None,
    blueprint: ProjectTemplate | None = None,
) -> Project:
    """A project made from a template (the default one unless named, or `blueprint`, an unsaved one: a
    dump's lists), in the given workspace (default: the first); `extra` holds the columns only one API has
    (its dialect's key)."""
    user = ctx.require_user()
    template = blueprint or (
        ctx.session.get(ProjectTemplate, template_id) if template_id is not None
        else templates.default_template(ctx.session)
    )  # fmt: skip
    if template_id is not None and template is None:
        raise Invalid(code="does_not_exist", field="creation_template", params={"pk": template_id})
    base: dict[str, Any] = {}
    if template is not None:
        base = {name: getattr(template, name) for name in (
            "is_epics_activated", "is_backlog_activated", "is_kanban_activated", "is_wiki_activated",
            "is_issues_activated", "videoconferences", "videoconferences_extra_data")}  # fmt: skip
    values = base | {k: v for k, v in fields.items() if k in EDITABLE}
    reject_nulls(Project, values, also=("tags",))
    own_tags = values.pop("tags", [])
    is_private = values.get("is_private", True)
    anon, public = default_visibility_permissions(is_private)
    values.setdefault("anon_permissions", anon)
    values.setdefault("public_permissions", public)
    project = Project(
        workspace_id=workspace_id if workspace_id is not None else default_workspace(ctx).id,
        owner_id=user.id,
        slug=unique_slug(f"{user.username}-{values['name']}", lambda s: slug_taken(ctx, s)),
        creation_template_id=template.id if template else None,
        extra=dict(extra or {}),
        **values,
    )
    ctx.session.add(project)
    ctx.session.flush()
    places.place_project(ctx.session, project)
    tag_store.set_project_tags(ctx.session, project, own_tags)
    workflow_ids = workflows.set_up_project(ctx.session, project)
    roles = templates.apply_template(ctx.session, template, project, workflow_ids) if template else {}
    owner_role = roles.get(template.default_owner_role) if template else None
    if owner_role is None:
        owner_role = next(iter(roles.values()), None) or _add_role(ctx, project, "Owner")
    ctx.session.add(
        Membership(
            project_id=project.id,
            user_id=user.id,
            role_id=owner_role.id,
            email=user.email,
            is_admin=True,
        )
    )
    # Taiga's rule: a member gets the "involved" notify level, so the creator watches the project
    ctx.session.add(Watch(target_type=TARGET, target_id=project.id, user_id=user.id, notify_level=DEFAULT_NOTIFY_LEVEL))
    history.record(
        ctx,
        target_type=TARGET,
        target_id=project.id,
        project_id=project.id,
        action="create",
        version=project.version,
        snapshot={"name": project.name},
    )
    return project


def _add_role(ctx: Context, project: Project, name: str) -> Role:
    from planyard.core.access import MEMBER_PERMISSIONS

    role = Role(
        project_id=project.id,
        name=name,
        slug=name.lower(),
        order=10,
        computable=False,
        permissions=list(MEMBER_PERMISSIONS),
    )
    ctx.session.add(role)
    ctx.session.flush()
    return role


def get_project(ctx: Context, project_id: int, permission: str = "view_project") -> tuple[Project, ProjectAccess]:
    return load_project(ctx, project_id, permission)


def project_id_by_slug(ctx: Context, slug: str) -> int:
    """The id of the project with this slug (whether the actor may see it is checked when it is loaded)."""
    project_id = ctx.session.scalar(select(Project.id).where(Project.slug == slug))
    if project_id is None:
        raise NotFound(entity="project")
    return project_id


def update_project(ctx: Context, project_id: int, changes: dict[str, Any], version: Any = None) -> Project:
    project, _ = load_project(ctx, project_id, "modify_project")
    check_version(project.version, version, changes, lambda v: history.changed_fields_since(ctx, TARGET, project.id, v))
    reject_nulls(Project, changes, also=("tags",))
    _validate_defaults(ctx, project, changes)
    if "is_private" in changes and changes["is_private"] != project.is_private:
        anon, public = default_visibility_permissions(changes["is_private"])
        changes.setdefault("anon_permissions", anon)
        changes.setdefault("public_permissions", public)
    if "name" in changes and not (changes["name"] or "").strip():
        raise Invalid(code="blank", field="name")
    before = {k: getattr(project, k) for k in changes if k != "tags"}
    if "tags" in changes:
        before["tags"] = tag_store.project_tags(ctx.session, [project.id])[project.id]
        tag_store.set_project_tags(ctx.session, project, changes["tags"])
    for name, value in changes.items():
        if name != "tags":
            setattr(project, name, value)
    diff = history.diff_of(before, changes)
    project.version += 1
    history.record(
        ctx,
        target_type=TARGET,
        target_id=project.id,
        project_id=project.id,
        action="change",
        diff=diff,
        version=project.version,
    )
    ctx.session.flush()
    return project


def _validate_defaults(ctx: Context, project: Project, changes: dict[str, Any]) -> None:
    tables: dict[str, tuple[Any, str | None]] = {p.default_status_column: (Status, p.name) for p in KINDS.values()}
    tables |= {
        "default_issue_type_id": (ItemOption, "issue_type"), "default_priority_id": (ItemOption, "priority"),
        "default_severity_id": (ItemOption, "severity"), "default_points_id": (PointValue, None),
    }  # fmt: skip
    for column, (model, kind) in tables.items():
        value = changes.get(column)
        if value is None:
            continue
        stmt = select(model.id).where(model.id == value)
        if model is Status:
            stmt = stmt.where(statuses_of(project.id, str(kind)))
        else:
            stmt = stmt.where(model.project_id == project.id, *([model.kind == kind] if kind else []))
        if ctx.session.scalar(stmt) is None:
            raise Invalid(code="does_not_exist", field=column.removesuffix("_id"), params={"pk": value})


def delete_project(ctx: Context, project_id: int) -> None:
    project, _ = load_project(ctx, project_id, "delete_project")
    history.record(
        ctx,
        target_type=TARGET,
        target_id=project.id,
        project_id=project.id,
        action="delete",
        snapshot={"name": project.name, "slug": project.slug},
    )
    for model in (Vote, Watch):
        ctx.session.execute(delete(model).where(model.target_type == TARGET, model.target_id == project.id))
    pages = select(WikiPage.id).where(WikiPage.project_id == project.id)
    ctx.session.execute(delete(Watch).where(Watch.target_type == WIKI_TARGET, Watch.target_id.in_(pages)))
    ctx.session.execute(delete(Membership).where(Membership.project_id == project.id))
    shown = workflows.workflows_of(ctx.session, project.id)
    ctx.session.delete(project)
    ctx.session.flush()
    workflows.drop_unused(ctx.session, shown)
