from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class WikiPage(Base):
    """A project's wiki page, addressed by its slug; `version` guards concurrent edits."""

    __tablename__ = "wiki_pages"
    __table_args__ = (UniqueConstraint("project_id", "slug"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(500))
    content: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    last_modifier_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow)


class WikiLink(Base):
    """A link of a project's wiki menu to one of its pages (`href` = the page slug)."""

    __tablename__ = "wiki_links"
    __table_args__ = (UniqueConstraint("project_id", "href"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    href: Mapped[str] = mapped_column(String(500))
    order: Mapped[int] = mapped_column(BigInteger, default=0)
