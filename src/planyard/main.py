"""create_app(): settings, engine, environment, and the dialect sub-apps at their mounts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from planyard.config import Settings
from planyard.core.context import Environment
from planyard.core.webhooks.engine import DeliveryEngine
from planyard.db.engine import make_engine, make_session_factory, may_write
from planyard.dialects.kaiten.app import create_kaiten_app
from planyard.dialects.placeholder import create_placeholder_app
from planyard.dialects.productive.app import create_productive_app
from planyard.dialects.taiga.app import create_taiga_app
from planyard.dialects.taiga.web_client import create_web_client_app
from planyard.kit.mail import Mailer, MailSettings
from planyard.kit.memory import built_for_good
from planyard.kit.storage import LocalStorage


class ReadOnlySafeMethods:
    """Declares GET/HEAD/OPTIONS requests read-only, so on SQLite only writers take the write lock."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in self.SAFE:
            await self.app(scope, receive, send)
            return
        token = may_write.set(False)
        try:
            await self.app(scope, receive, send)
        finally:
            may_write.reset(token)


def build_environment(settings: Settings) -> Environment:
    mail = MailSettings(
        sender=settings.smtp_from,
        log_path=settings.mail_log,
        host=settings.smtp_host,
        port=settings.smtp_port,
        user=settings.smtp_user,
        password=settings.smtp_password,
    )
    storage = LocalStorage(settings.media_dir, settings.public_url)
    return Environment(settings=settings, mailer=Mailer(mail), storage=storage)


def create_served_app() -> FastAPI:
    """The app `planyard serve` runs (uvicorn's factory, once in each worker), kept out of the cyclic
    collector's reach once built."""
    return built_for_good(_served_app)


def _served_app() -> FastAPI:
    app = create_app()
    if app.state.env.settings.webhooks_in_serve:
        deliver_webhooks_while_serving(app)
    return app


def deliver_webhooks_while_serving(app: FastAPI) -> None:
    """Webhook delivery in background threads of this server process, from startup to shutdown."""
    engine = DeliveryEngine(app.state.session_factory, app.state.env)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        engine.start()
        try:
            yield
        finally:
            engine.stop()

    app.router.lifespan_context = lifespan


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url, settings.write_wait_seconds)
    session_factory = make_session_factory(engine)
    env = build_environment(settings)
    app = FastAPI(title="Planyard", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.engine = engine
    app.state.session_factory = session_factory
    app.state.env = env
    kaiten = create_kaiten_app(env, session_factory)
    for version in ("v1", "latest"):
        app.mount(f"{settings.kaiten_prefix}/{version}", kaiten)
    if settings.kaiten_root_latest:
        app.mount("/api/latest", kaiten)
    app.mount(settings.hacknplan_mount, create_placeholder_app("HacknPlan", {"message": "Not found"}))
    app.mount(settings.productive_mount, create_productive_app(env, session_factory))
    app.mount("/media", StaticFiles(directory=settings.media_dir, check_dir=False), name="media")
    app.mount(settings.taiga_mount, create_taiga_app(env, session_factory))
    if settings.web_client_dir is not None:
        app.mount("/", create_web_client_app(
            settings.web_client_dir, settings.taiga_mount, settings.public_register_enabled,
            settings.max_upload_bytes))  # fmt: skip
    app.add_middleware(ReadOnlySafeMethods)
    return app
