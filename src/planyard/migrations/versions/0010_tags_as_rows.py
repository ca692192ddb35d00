"""tags as rows with ids and colors

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 12:00:00

A project's palette (`projects.tags_colors`, [name, color] pairs) becomes `tags` rows in the same order
with the same colors; a tag an item carries that the palette lacks joins its end with no color. Each
item's list (`work_items.tags`) becomes `item_tags` rows at the same positions, and the tags a project
itself carries (`projects.tags`) become `project_tags` rows naming workspace tags (no project). The JSON
columns go; on SQLite the two tables are rebuilt keeping AUTOINCREMENT and the highest id given out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from planyard.migrations.rebuild import altered_table
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WORKSPACE_WIDE = sa.text("project_id IS NULL")
BATCH = 1000
PROJECTS = sa.table("projects", sa.column("id", sa.Integer), sa.column("workspace_id", sa.Integer),
                    sa.column("tags", sa.JSON), sa.column("tags_colors", sa.JSON))  # fmt: skip
ITEMS = sa.table("work_items", sa.column("id", sa.Integer), sa.column("project_id", sa.Integer),
                 sa.column("tags", sa.JSON))  # fmt: skip
TAGS = sa.table("tags", sa.column("id", sa.Integer), sa.column("workspace_id", sa.Integer),
                sa.column("project_id", sa.Integer), sa.column("name", sa.String), sa.column("color", sa.String),
                sa.column("order", sa.Integer))  # fmt: skip
ITEM_TAGS = sa.table("item_tags", sa.column("work_item_id", sa.Integer), sa.column("tag_id", sa.Integer),
                     sa.column("position", sa.Integer))  # fmt: skip
PROJECT_TAGS = sa.table("project_tags", sa.column("project_id", sa.Integer), sa.column("position", sa.Integer),
                        sa.column("tag_id", sa.Integer))  # fmt: skip


def upgrade() -> None:
    _create_tables()
    bind = op.get_bind()
    projects = bind.execute(sa.select(PROJECTS).order_by(PROJECTS.c.id)).all()
    palettes = {p.id: _names_and_colors(p.tags_colors) for p in projects}
    for project_id, tags in _item_lists(bind):  # what items carry and the palette lacks joins its end
        palettes[project_id] |= {name: None for name in tags if name not in palettes[project_id]}
    workspace_of = {p.id: p.workspace_id for p in projects}
    _insert(bind, TAGS, [{"workspace_id": workspace_of[project_id], "project_id": project_id, "name": name,
                          "color": color, "order": n}
                         for project_id, palette in palettes.items() for n, (name, color) in enumerate(palette.items(), 1)])  # fmt: skip
    ids = {(row.project_id, row.name): row.id for row in bind.execute(sa.select(TAGS.c.id, TAGS.c.project_id, TAGS.c.name))}
    _insert(bind, ITEM_TAGS, ({"work_item_id": item_id, "tag_id": ids[project_id, name], "position": n}
                              for item_id, project_id, tags in _items(bind) for n, name in enumerate(tags)))  # fmt: skip
    _move_project_tags(bind, projects)
    _drop_json_columns()


def downgrade() -> None:
    """The JSON columns again, filled from the rows (the palette, each item's and each project's list)."""
    bind = op.get_bind()
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    for table, column in (("work_items", "tags"), ("projects", "tags"), ("projects", "tags_colors")):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, json_type, nullable=False, server_default=sa.text("'[]'")))
    lists: dict[tuple[str, int], list[Any]] = defaultdict(list)
    palettes = sa.select(TAGS.c.project_id, TAGS.c.name, TAGS.c.color).where(TAGS.c.project_id.is_not(None))
    for project_id, name, color in bind.execute(palettes.order_by(TAGS.c.order, TAGS.c.id)):
        lists["tags_colors", project_id].append([name, color])
    carried = sa.select(ITEM_TAGS.c.work_item_id, TAGS.c.name).join(TAGS, TAGS.c.id == ITEM_TAGS.c.tag_id)
    for item_id, name in bind.execute(carried.order_by(ITEM_TAGS.c.work_item_id, ITEM_TAGS.c.position)):
        lists["items", item_id].append(name)
    own = sa.select(PROJECT_TAGS.c.project_id, TAGS.c.name).join(TAGS, TAGS.c.id == PROJECT_TAGS.c.tag_id)
    for project_id, name in bind.execute(own.order_by(PROJECT_TAGS.c.project_id, PROJECT_TAGS.c.position)):
        lists["tags", project_id].append(name)
    for (column, row_id), values in lists.items():
        target = ITEMS if column == "items" else PROJECTS
        bind.execute(sa.update(target).where(target.c.id == row_id).values({"tags" if column == "items" else column: values}))
    op.drop_table("project_tags")
    op.drop_table("item_tags")
    op.drop_table("tags")


def _create_tables() -> None:
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=500), nullable=True),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_tags_project_id_projects"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name=op.f("fk_tags_workspace_id_workspaces"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_tags_project_id_name")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_tags_workspace_name", "tags", ["workspace_id", "name"], unique=True,
                    sqlite_where=WORKSPACE_WIDE, postgresql_where=WORKSPACE_WIDE)  # fmt: skip
    op.create_table(
        "item_tags",
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_item_tags_tag_id_tags"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["work_item_id"], ["work_items.id"], name=op.f("fk_item_tags_work_item_id_work_items"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.PrimaryKeyConstraint("work_item_id", "tag_id", name=op.f("pk_item_tags")),
    )
    op.create_index("ix_item_tags_tag", "item_tags", ["tag_id", "work_item_id"])
    op.create_table(
        "project_tags",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_project_tags_project_id_projects"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_project_tags_tag_id_tags"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "position", name=op.f("pk_project_tags")),
    )
    op.create_index(op.f("ix_project_tags_tag_id"), "project_tags", ["tag_id"])


def _names_and_colors(pairs: Any) -> dict[str, str | None]:
    """A palette as stored ([name, color] pairs), first color of a name kept."""
    palette: dict[str, str | None] = {}
    for pair in pairs or []:
        name, color = (pair[0], pair[1] if len(pair) > 1 else None) if isinstance(pair, list) else (pair, None)
        palette.setdefault(str(name), None if color is None else str(color))
    return palette


def _items(bind: sa.Connection) -> Iterator[tuple[int, int, list[str]]]:
    """Each tagged item's id, project and names in order (a name once)."""
    rows = bind.execute(sa.select(ITEMS).order_by(ITEMS.c.id).execution_options(yield_per=BATCH))
    for item_id, project_id, tags in rows:
        if tags:
            yield item_id, project_id, list(dict.fromkeys(str(name) for name in tags))


def _item_lists(bind: sa.Connection) -> Iterator[tuple[int, list[str]]]:
    for _, project_id, tags in _items(bind):
        yield project_id, tags


def _move_project_tags(bind: sa.Connection, projects: Sequence[Any]) -> None:
    """A project's own tags name workspace tags (made once per workspace and name), in the project's order."""
    wanted = {(p.workspace_id, str(name)) for p in projects for name in p.tags or []}
    _insert(bind, TAGS, [{"workspace_id": w, "project_id": None, "name": name, "color": None, "order": 0}
                         for w, name in sorted(wanted)])  # fmt: skip
    ids = {(row.workspace_id, row.name): row.id for row in bind.execute(
        sa.select(TAGS.c.id, TAGS.c.workspace_id, TAGS.c.name).where(TAGS.c.project_id.is_(None)))}  # fmt: skip
    _insert(bind, PROJECT_TAGS, [{"project_id": p.id, "position": n, "tag_id": ids[p.workspace_id, str(name)]}
                                 for p in projects for n, name in enumerate(p.tags or [])])  # fmt: skip


def _insert(bind: sa.Connection, table: Any, rows: Any) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            bind.execute(sa.insert(table), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(table), batch)


def _drop_json_columns() -> None:
    for table, columns in (("work_items", ["tags"]), ("projects", ["tags", "tags_colors"])):
        with altered_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
