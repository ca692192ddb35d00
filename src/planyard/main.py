"""create_app(): settings, engine, environment, and the dialect sub-apps at their mounts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from planyard.config import Settings
from planyard.core.background import PollingWorker
from planyard.core.change_mails.sender import ChangeMailSender
from planyard.core.context import Environment
from planyard.core.dumps import service as dumps
from planyard.core.webhooks.engine import DeliveryEngine
from planyard.db.engine import make_engine, make_session_factory, may_write
from planyard.dialects.hacknplan.app import create_hacknplan_app
from planyard.dialects.kaiten.app import create_kaiten_app, kaiten_at_root
from planyard.dialects.productive.app import create_productive_app
from planyard.dialects.taiga.app import create_taiga_app
from planyard.dialects.taiga.live_events import EventsSocket
from planyard.dialects.taiga.web_client import create_web_client_app
from planyard.kit.live_bus import bus_for
from planyard.kit.mail import Mailer, MailSettings
from planyard.kit.memory import built_for_good
from planyard.kit.storage import LocalStorage
from planyard.web.front_page import front_page


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


class OwnPort:
    """Sends the requests that arrive on `port` (a second listening socket) to `app`, the rest on."""

    def __init__(self, main: ASGIApp, port: int, app: ASGIApp) -> None:
        self.main, self.port, self.app = main, port, app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = scope.get("server") if scope["type"] in ("http", "websocket") else None
        target = self.app if server and server[1] == self.port else self.main
        await target(scope, receive, send)


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
    live = bus_for(settings.resolved_database_url)
    return Environment(settings=settings, mailer=Mailer(mail), storage=storage, live=live)


def create_served_app() -> FastAPI:
    """The app `planyard serve` runs (uvicorn's factory, once in each worker), kept out of the cyclic
    collector's reach once built."""
    return built_for_good(_served_app)


def _served_app() -> FastAPI:
    app = create_app()
    settings = app.state.env.settings
    dumps.resume_jobs(app.state.session_factory, app.state.env)  # the background dumps a restart cut off
    workers: list[PollingWorker] = []
    if settings.webhooks_in_serve:
        workers.append(DeliveryEngine(app.state.session_factory, app.state.env))
    if settings.change_mails_in_serve:
        workers.append(ChangeMailSender(app.state.session_factory, app.state.env))
    work_while_serving(app, workers)
    return app


def work_while_serving(app: FastAPI, workers: list[PollingWorker]) -> None:
    """Background work (webhook delivery, change mail) in threads of this server process, from startup
    to shutdown."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        for worker in workers:
            worker.start()
        try:
            yield
        finally:
            for worker in workers:
                worker.stop()

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
    if settings.kaiten_port is not None:  # Kaiten's own port: its API at the root, as Kaiten serves it
        app.add_middleware(OwnPort, port=settings.kaiten_port, app=kaiten_at_root(kaiten))
    hacknplan = create_hacknplan_app(env, session_factory)
    app.mount(settings.hacknplan_mount, hacknplan)
    productive = create_productive_app(env, session_factory)
    app.mount(settings.productive_mount, productive)
    app.mount("/media", StaticFiles(directory=settings.media_dir, check_dir=False), name="media")
    taiga = create_taiga_app(env, session_factory)
    app.mount(settings.taiga_mount, taiga)
    app.add_api_websocket_route(settings.live_events_path, EventsSocket(env, session_factory).serve)
    if settings.web_client_dir is not None:
        app.mount("/", create_web_client_app(
            settings.web_client_dir, settings.taiga_mount, settings.live_events_path,
            settings.public_register_enabled, settings.max_upload_bytes))  # fmt: skip
    else:  # a page that says what is served here
        apis = [("Taiga v1", settings.taiga_mount, taiga), ("Kaiten v1", f"{settings.kaiten_prefix}/v1", kaiten),
                ("HacknPlan v0", settings.hacknplan_mount, hacknplan),
                ("Productive v2", settings.productive_mount, productive)]  # fmt: skip
        app.add_api_route("/", lambda: front_page(apis), methods=["GET"], include_in_schema=False)
    app.add_middleware(ReadOnlySafeMethods)
    return app
