from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Team(Base):
    """A named set of a workspace's users (Kaiten group, HacknPlan team)."""

    __tablename__ = "teams"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    permissions: Mapped[int] = mapped_column(default=0)
    add_to_cards_and_spaces_enabled: Mapped[bool] = mapped_column(default=False)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TeamMember(Base):
    """A user in a team (`is_admin`: a Kaiten group admin)."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_admin: Mapped[bool] = mapped_column(default=False)


class TeamGrant(Base):
    """A team's access to a tree entity (a project's or a folder's): the access level (1 reader, 2 writer,
    3 admin; core.access) it gives the team's users there, none when null."""

    __tablename__ = "team_grants"
    __table_args__ = (UniqueConstraint("team_id", "tree_entity_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    tree_entity_id: Mapped[int] = mapped_column(ForeignKey("tree_entities.id", ondelete="CASCADE"), index=True)
    level: Mapped[int | None] = mapped_column(default=None)
    access_mod: Mapped[str] = mapped_column(String(32), default="")
