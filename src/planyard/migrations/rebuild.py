"""How a migration alters a table on both databases without giving out an id twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op
from alembic.operations import BatchOperations


@contextmanager
def altered_table(table: str) -> Iterator[BatchOperations]:
    """`op.batch_alter_table`: PostgreSQL alters in place; SQLite rebuilds the table with AUTOINCREMENT and
    keeps its counter (a plain rebuild would restart it at the highest id left, reusing deleted ids)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        with op.batch_alter_table(table) as batch:
            yield batch
        return
    counted = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).scalar()
    with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
        yield batch
    highest = bind.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
    bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                         (table, max(int(counted or 0), int(highest or 0))))  # fmt: skip
