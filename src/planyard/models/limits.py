from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base


class RateCounter(Base):
    """How many times something keyed (a client address, an account) happened in one fixed window of
    time; the window is named by its end (epoch seconds), after which the row can be purged."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    window_end: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)
