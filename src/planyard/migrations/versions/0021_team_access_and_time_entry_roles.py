"""team grants give access levels; a time entry's role is a workspace role

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-06 17:00:00

- `team_grants.role_uids` (Kaiten tree entity role uids, JSON) becomes `level` (integer, null): the best of
  the access levels granted (1 reader, 2 writer, 3 admin; the levels nest, so the best one is the grant);
  null when none is granted. Downgrade writes the level back as a one-uid list.
- `time_entries.role_id` references `workspace_roles` instead of project `roles`. A project role is a set
  of permissions, not a job title, and maps to no workspace role: existing values become null (Kaiten's
  "Employee"). Downgrade keeps nothing either (a workspace role id is no project role).
SQLite rebuilds the altered tables, keeping AUTOINCREMENT and the highest id given out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from planyard.migrations.rebuild import altered_table

revision = "0021"
down_revision = "0018"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
ROLE_TAG = 0x15  # the Kaiten uid tag of an access role: "{tag:08x}-0000-4000-8000-{level:012x}"
GRANTS = sa.table("team_grants", sa.column("id", sa.Integer), sa.column("role_uids", JSON),
                  sa.column("level", sa.Integer))  # fmt: skip


def _level(uid: object) -> int | None:
    if not isinstance(uid, str) or not uid.startswith(f"{ROLE_TAG:08x}-"):
        return None
    try:
        level = int(uid.rsplit("-", 1)[-1], 16)
    except ValueError:
        return None
    return level if level in (1, 2, 3) else None


def upgrade() -> None:
    bind = op.get_bind()
    with altered_table("team_grants") as batch:
        batch.add_column(sa.Column("level", sa.Integer(), nullable=True))
    for grant_id, uids in bind.execute(sa.select(GRANTS.c.id, GRANTS.c.role_uids)).all():
        levels = [level for level in map(_level, uids or []) if level is not None]
        if levels:
            bind.execute(GRANTS.update().where(GRANTS.c.id == grant_id).values(level=max(levels)))
    with altered_table("team_grants") as batch:
        batch.drop_column("role_uids")
    op.execute(sa.text("UPDATE time_entries SET role_id = NULL"))
    with altered_table("time_entries") as batch:
        batch.drop_constraint("fk_time_entries_role_id_roles", type_="foreignkey")
        batch.create_foreign_key(op.f("fk_time_entries_role_id_workspace_roles"), "workspace_roles", ["role_id"],
                                 ["id"], ondelete="SET NULL")  # fmt: skip


def downgrade() -> None:
    bind = op.get_bind()
    op.execute(sa.text("UPDATE time_entries SET role_id = NULL"))
    with altered_table("time_entries") as batch:
        batch.drop_constraint("fk_time_entries_role_id_workspace_roles", type_="foreignkey")
        batch.create_foreign_key(op.f("fk_time_entries_role_id_roles"), "roles", ["role_id"], ["id"],
                                 ondelete="SET NULL")  # fmt: skip
    with altered_table("team_grants") as batch:
        batch.add_column(sa.Column("role_uids", JSON, nullable=False, server_default="[]"))
    for grant_id, level in bind.execute(sa.select(GRANTS.c.id, GRANTS.c.level)).all():
        uids = [f"{ROLE_TAG:08x}-0000-4000-8000-{level:012x}"] if level else []
        bind.execute(GRANTS.update().where(GRANTS.c.id == grant_id).values(role_uids=uids))
    with altered_table("team_grants") as batch:
        batch.alter_column("role_uids", existing_type=JSON, server_default=None)
        batch.drop_column("level")
