"""What every core call receives: the unit of work, the acting user and the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from planyard.config import Settings
from planyard.db.locks import lock_for_write
from planyard.kit.errors import NotAuthenticated
from planyard.kit.live_bus import InProcessBus
from planyard.kit.mail import Mailer
from planyard.kit.storage import Storage
from planyard.kit.uow import UnitOfWork
from planyard.models import User


@dataclass(frozen=True)
class Environment:
    settings: Settings
    mailer: Mailer
    storage: Storage
    live: InProcessBus = field(default_factory=InProcessBus)  # live events (kit/live_bus.py)


@dataclass
class Context:
    uow: UnitOfWork
    env: Environment
    actor: User | None = None
    held: list[Any] = field(default_factory=list)

    def hold(self, row: Any) -> None:
        """Keep a row for the rest of the request. The session's identity map refers to rows weakly: a
        row nothing references is dropped, and the next look-up by id (a project for its items' facts)
        queries it again."""
        self.held.append(row)

    @property
    def session(self) -> Session:
        return self.uow.session

    @property
    def actor_id(self) -> int | None:
        return self.actor.id if self.actor else None

    def require_user(self) -> User:
        if self.actor is None:
            raise NotAuthenticated()
        return self.actor

    def require_user_to_write(self) -> User:
        """The actor, its row locked for this write: per-user JSON values (storage, project settings) are
        read and written whole, so their writers take turns."""
        user = self.require_user()
        lock_for_write(self.session, user)
        return user
