"""ORM roles -> Taiga role detail."""

from __future__ import annotations

from typing import Any

from planyard.models import Role


def role_detail(role: Role, members_count: int) -> dict[str, Any]:
    return {
        "id": role.id, "name": role.name, "slug": role.slug, "order": role.order, "computable": role.computable,
        "permissions": list(role.permissions or []), "project": role.project_id, "members_count": members_count,
    }  # fmt: skip
