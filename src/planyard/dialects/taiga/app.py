"""The Taiga v1 sub-app: its routers, error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from planyard.core.context import Environment
from planyard.core.webhooks import formats
from planyard.dialects.taiga import errors
from planyard.dialects.taiga.routes import ROUTERS
from planyard.dialects.taiga.webhook_payloads import TAIGA_PAYLOADS
from planyard.web.app import dialect_app, guard_bodies

CORS_ALLOW_HEADERS = [
    "content-type", "x-requested-with", "authorization", "accept-encoding", "x-disable-pagination",
    "x-lazy-pagination", "x-host", "x-session-id", "set-orders",
]  # fmt: skip
CORS_EXPOSE_HEADERS = [
    "x-pagination-count", "x-paginated", "x-paginated-by", "x-pagination-current", "x-pagination-next",
    "x-pagination-prev", "x-site-host", "x-site-register", "taiga-info-total-opened-milestones",
    "taiga-info-total-closed-milestones", "taiga-info-backlog-total-userstories",
    "taiga-info-userstories-without-swimlane", "taiga-info-order-updated", "taiga-info-project-is-private",
    "taiga-info-project-memberships",
]  # fmt: skip


def create_taiga_app(env: Environment, session_factory: object) -> FastAPI:
    formats.register(TAIGA_PAYLOADS)  # webhooks in the "taiga" format get Taiga's payloads
    app = dialect_app(env, session_factory, ROUTERS, errors.install, title="Planyard — Taiga API v1", version="1")
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=CORS_ALLOW_HEADERS,
        expose_headers=CORS_EXPOSE_HEADERS,
    )
    guard_bodies(app, accepted=("application/json", "multipart/form-data", "application/x-www-form-urlencoded"),
                 render=errors.render_plain, max_multipart_bytes=env.settings.max_upload_bytes + 64 * 1024)  # fmt: skip
    return app
