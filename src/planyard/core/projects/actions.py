"""Project actions beyond CRUD: the user's project order, modules configuration, leaving, the logo,
turning a project into a template, duplicating it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from planyard.core import history, notify_policies, workflows
from planyard.core.access import default_visibility_permissions, load_project
from planyard.core.context import Context
from planyard.core.projects import places, service, templates
from planyard.core.slugs import unique_slug
from planyard.core.tags import store as tag_store
from planyard.core.work_items.kinds import ISSUE
from planyard.core.workflows import statuses_of
from planyard.kit.errors import Forbidden, Invalid
from planyard.kit.images import validated_image
from planyard.models import Membership, Project, ProjectTemplate, Role, Status, User

HOOK_MODULES = ("github", "gitlab", "bitbucket", "gogs")
KEYED_HOOK_URLS = ("gitlab", "bitbucket")
TEMPLATE_FLAGS = (
    "is_epics_activated", "is_backlog_activated", "is_kanban_activated", "is_wiki_activated", "is_issues_activated",
    "videoconferences", "videoconferences_extra_data",
)  # fmt: skip


def bulk_update_order(ctx: Context, orders: list[tuple[int, int]]) -> None:
    """Set the actor's order of the listed projects; all of them or none."""
    user = ctx.require_user()
    ids = [project_id for project_id, _ in orders]
    mine = {m.project_id: m for m in ctx.session.scalars(
        select(Membership).where(Membership.user_id == user.id, Membership.project_id.in_(ids)))}  # fmt: skip
    for project_id in ids:
        if project_id not in mine:
            exists = ctx.session.get(Project, project_id) is not None
            raise Invalid(code="not_member" if exists else "unknown_project", field="project_id")
    for project_id, order in orders:
        membership = mine[project_id]
        if membership.user_order != order:
            diff = {"user_order": [membership.user_order, order]}
            membership.user_order = order
            history.record(ctx, target_type="membership", target_id=membership.id, project_id=project_id,
                           action="change", diff=diff)  # fmt: skip


def modules_config(ctx: Context, project_id: int) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id, "modify_project")
    return _completed_modules(ctx, project)


def update_modules_config(ctx: Context, project_id: int, changes: dict[str, Any]) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    for name in HOOK_MODULES:
        if name in changes and not isinstance(changes[name], dict):
            raise Invalid(code="not_a_dict", field=name)
    _save_modules(ctx, project, _completed_modules(ctx, project) | changes)


def _completed_modules(ctx: Context, project: Project) -> dict[str, Any]:
    """The stored configuration, each hook module given a secret and its webhook URL (kept once made)."""
    stored = dict(project.modules_config or {})
    settings = ctx.env.settings
    close_status = ctx.session.scalar(
        select(Status.id).where(statuses_of(project.id, ISSUE.name), Status.is_closed.is_(True))
        .order_by(Status.order, Status.id).limit(1)
    )  # fmt: skip
    config = dict(stored)
    for name in HOOK_MODULES:
        module: dict[str, Any] = {"secret": uuid.uuid4().hex}
        if name in KEYED_HOOK_URLS:
            module["valid_origin_ips"] = []
        if name in ("github", "gitlab") and close_status is not None:
            module["close_status"] = close_status
        module |= stored.get(name) or {}
        url = f"{settings.public_url.rstrip('/')}{settings.taiga_mount}/{name}-hook?project={project.id}"
        module["webhooks_url"] = f"{url}&key={module['secret']}" if name in KEYED_HOOK_URLS else url
        config[name] = module
    if config != stored:
        _save_modules(ctx, project, config)
    return config


def _save_modules(ctx: Context, project: Project, config: dict[str, Any]) -> None:
    before = project.modules_config or {}
    changed = sorted(k for k in config.keys() | before.keys() if config.get(k) != before.get(k))
    if not changed:
        return
    project.modules_config = config
    # Module names only: the values hold webhook secrets, which must not reach the change log.
    history.record(ctx, target_type="project", target_id=project.id, project_id=project.id, action="change",
                   diff={"modules_config": [None, changed]}, version=project.version)  # fmt: skip


def leave(ctx: Context, project_id: int) -> None:
    project, access = load_project(ctx, project_id)
    user = ctx.require_user()
    membership = access.membership
    if membership is None:
        raise Forbidden()
    if project.owner_id == user.id or (membership.is_admin and not _other_admins(ctx, project, user)):
        raise Forbidden(code="owner_cannot_leave")
    history.record(ctx, target_type="membership", target_id=membership.id, project_id=project.id,
                   action="delete", snapshot={"user": user.id, "role": membership.role_id})  # fmt: skip
    ctx.session.delete(membership)
    ctx.session.flush()


def _other_admins(ctx: Context, project: Project, user: User) -> bool:
    return ctx.session.scalar(
        select(Membership.id).join(User, User.id == Membership.user_id)
        .where(Membership.project_id == project.id, Membership.is_admin.is_(True), User.is_active.is_(True),
               Membership.user_id != user.id).limit(1)
    ) is not None  # fmt: skip


def change_logo(ctx: Context, project_id: int, filename: str, data: bytes) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    validated_image(data, "logo", ctx.env.settings.max_upload_bytes)
    _set_logo(ctx, project, ctx.env.storage.save(f"project/{project.id}/logo", filename or "logo", data))


def remove_logo(ctx: Context, project_id: int) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    _set_logo(ctx, project, None)


def _set_logo(ctx: Context, project: Project, key: str | None) -> None:
    old, project.logo = project.logo, key
    if old == key:
        return
    history.record(ctx, target_type="project", target_id=project.id, project_id=project.id, action="change",
                   diff={"logo": [old, key]}, version=project.version)  # fmt: skip
    if old:
        storage = ctx.env.storage
        ctx.uow.after_commit(lambda: storage.delete(old))


def create_template(ctx: Context, project_id: int, name: str | None, description: str | None) -> ProjectTemplate:
    """A new template reproducing the project's configuration (superusers only, as in Taiga)."""
    if not name:
        raise Invalid(code="template_name_missing")
    if not description:
        raise Invalid(code="template_description_missing")
    project, _ = load_project(ctx, project_id)
    if not ctx.require_user().is_superuser:
        raise Forbidden()
    taken = set(ctx.session.scalars(select(ProjectTemplate.slug)))
    template = ProjectTemplate(
        slug=unique_slug(name, taken.__contains__), **_blueprint(ctx, project, name, description)
    )
    ctx.session.add(template)
    ctx.session.flush()
    history.record(ctx, target_type="project_template", target_id=template.id, action="create",
                   snapshot={"name": template.name, "from_project": project.id})  # fmt: skip
    return template


def duplicate(
    ctx: Context, project_id: int, name: str, description: str, is_private: bool, user_ids: list[int]
) -> Project:
    """A new project owned by the actor, with the source's configuration and the listed source members."""
    source, _ = load_project(ctx, project_id)
    owner = ctx.require_user()
    if not name.strip():
        raise Invalid(code="blank", field="name")
    members = {m.user_id: (m, r) for m, r in ctx.session.execute(
        select(Membership, Role).join(Role, Role.id == Membership.role_id)
        .where(Membership.project_id == source.id, Membership.user_id.is_not(None)))}  # fmt: skip
    wanted = [uid for uid in dict.fromkeys(user_ids) if uid != owner.id]
    if any(uid not in members for uid in wanted):
        raise Invalid(code="foreign_users", field="users")
    blueprint = ProjectTemplate(**_blueprint(ctx, source, name, description))
    anon, public = default_visibility_permissions(is_private)
    project = Project(
        workspace_id=source.workspace_id, name=name, description=description, owner_id=owner.id, is_private=is_private,
        slug=unique_slug(f"{owner.username}-{name}", lambda s: service.slug_taken(ctx, s)),
        anon_permissions=anon, public_permissions=public, creation_template_id=source.creation_template_id,
        is_looking_for_people=source.is_looking_for_people, looking_for_people_note=source.looking_for_people_note,
        **{flag: getattr(blueprint, flag) for flag in TEMPLATE_FLAGS},
    )  # fmt: skip
    ctx.session.add(project)
    ctx.session.flush()
    places.place_project(ctx.session, project)
    tag_store.copy_tags(ctx.session, source, project)
    roles = templates.apply_template(ctx.session, blueprint, project, workflows.set_up_project(ctx.session, project))
    owner_role = roles.get(blueprint.default_owner_role) or next(iter(roles.values()), None)
    if owner_role is None:
        raise Invalid(code="no_roles")
    next_order = (ctx.session.scalar(select(func.max(Membership.user_order)).where(Membership.user_id == owner.id))
                  or 0) + 1  # fmt: skip
    ctx.session.add(Membership(project_id=project.id, user_id=owner.id, role_id=owner_role.id, email=owner.email,
                               is_admin=True, user_order=next_order))  # fmt: skip
    for uid in wanted:
        membership, role = members[uid]
        ctx.session.add(Membership(project_id=project.id, user_id=uid, role_id=roles[role.slug].id,
                                   email=membership.email, is_admin=membership.is_admin))  # fmt: skip
    for uid in (owner.id, *wanted):
        notify_policies.give_member_policy(ctx, project.id, uid)
    history.record(ctx, target_type="project", target_id=project.id, project_id=project.id, action="create",
                   version=project.version, snapshot={"name": project.name, "duplicated_from": source.id})  # fmt: skip
    return project


def _blueprint(ctx: Context, project: Project, name: str, description: str) -> dict[str, Any]:
    """Template fields from the project; the owner's role is the one new owners get, as in Taiga."""
    fields = templates.template_from_project(ctx.session, project, name, description)
    owner_role = ctx.session.scalar(
        select(Role.slug).join(Membership, Membership.role_id == Role.id)
        .where(Membership.project_id == project.id, Membership.user_id == project.owner_id)
    )  # fmt: skip
    if owner_role:
        fields["default_owner_role"] = owner_role
    return fields
