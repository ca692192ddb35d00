"""Taiga's wire conventions around a rendered answer: the Taiga-Info-Order-Updated header (paging is in
queries.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def order_updated(orders: Mapping[Any, int]) -> dict[str, str]:
    """Taiga-Info-Order-Updated: the orders a write changed, as JSON {id: order}, ids ascending."""
    return {"Taiga-Info-Order-Updated": json.dumps({str(k): orders[k] for k in sorted(orders, key=int)})}
