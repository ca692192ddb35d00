"""planyard serve | worker | migrate | createuser | token create | application create | seed | export | import."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from sqlalchemy import func, make_url, or_, select
from uvicorn.supervisors import Multiprocess

from planyard.config import Settings
from planyard.core import demo
from planyard.core.auth import create_api_token
from planyard.core.change_mails.sender import ChangeMailSender
from planyard.core.context import Context
from planyard.core.dumps import loader as dump_loader
from planyard.core.dumps import service as dump_service
from planyard.core.dumps import writer as dump_writer
from planyard.core.dumps.header import BadDump, read_header
from planyard.core.external_apps import register_application
from planyard.core.users import create_user, validate_new_user
from planyard.core.webhooks.engine import DeliveryEngine
from planyard.db.engine import make_engine, make_session_factory
from planyard.db.migrate import upgrade
from planyard.kit import security
from planyard.kit.errors import Invalid
from planyard.kit.uow import run_in_unit_of_work
from planyard.main import build_environment, create_app
from planyard.models import Project, User
from planyard.web import plain_words

app = typer.Typer(help="Planyard: a self-hosted project-management server.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens.")
app.add_typer(token_app, name="token")
application_app = typer.Typer(help="External applications users may authorize (Taiga application tokens).")
app.add_typer(application_app, name="application")


def _run(work):  # type: ignore[no-untyped-def]
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    factory = make_session_factory(make_engine(settings.resolved_database_url, settings.write_wait_seconds))
    env = build_environment(settings)
    return run_in_unit_of_work(factory, lambda uow: work(Context(uow=uow, env=env)))


def _migrated() -> None:
    """The data directory exists and its database has every migration (a fresh one gets its schema)."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url)


@app.command()
def migrate() -> None:
    """Apply the database migrations."""
    _migrated()
    typer.echo("migrations applied")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    web_client: Annotated[
        Path | None, typer.Option(help="A prebuilt Taiga web client (taiga-front-dist's dist/) to serve at /")
    ] = None,
    kaiten_port: Annotated[
        int | None, typer.Option(help="A second port where the Kaiten API answers at /api/v1 and /api/latest")
    ] = None,
) -> None:
    """Migrate, bootstrap (demo account on first start) and serve the four APIs."""
    if web_client is not None:
        if not (web_client / "index.html").is_file():
            typer.echo(f"error: {web_client} has no index.html (point --web-client at the client's dist/)", err=True)
            raise typer.Exit(1)
        os.environ["PLANYARD_WEB_CLIENT_DIR"] = str(web_client.resolve())  # the workers read their settings
    if kaiten_port is not None:
        os.environ["PLANYARD_KAITEN_PORT"] = str(kaiten_port)
    base = f"http://{_shown_host(host)}:{port}"
    if "public_url" not in Settings().model_fields_set:  # media links follow the port really served
        os.environ["PLANYARD_PUBLIC_URL"] = base  # the workers read their settings
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url)
    account = _run(demo.bootstrap)
    typer.echo(f"Planyard on {base}  (Taiga API: {base}{settings.taiga_mount})")
    typer.echo(f"database: {make_url(settings.resolved_database_url).render_as_string(hide_password=True)}")
    if web_client is not None:
        typer.echo(f"Taiga web client: {base}/")
    if settings.kaiten_port is not None:
        typer.echo(f"Kaiten API: http://{host}:{settings.kaiten_port}/api/latest")
    if account.created:
        typer.echo(f"demo account created: username={account.username} password={account.password}")
    elif _run(lambda ctx: ctx.session.scalar(select(User.id).where(User.username == account.username))):
        typer.echo(f"demo account: username={account.username} password={account.password} (if unchanged)")
    _limit_malloc_arenas()
    config = uvicorn.Config("planyard.main:create_served_app", factory=True, host=host, port=port, workers=workers,
                            log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS)  # fmt: skip
    sockets = [config.bind_socket()]
    if settings.kaiten_port is not None:  # the app tells the two apart by the port a request came in on
        sockets.append(uvicorn.Config(config.app, host=host, port=settings.kaiten_port).bind_socket())
    if workers > 1:
        Multiprocess(config, sockets=sockets).run()
    else:
        uvicorn.Server(config).run(sockets=sockets)


def _shown_host(host: str) -> str:
    """The host to put in links: a wildcard address is reached on this machine as its loopback."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"[{host}]" if ":" in host else host


SHUTDOWN_GRACE_SECONDS = 5  # on SIGTERM, requests still running after this are cancelled
M_ARENA_MAX = -8  # glibc mallopt parameter


def _limit_malloc_arenas() -> None:
    """glibc gives each request thread its own malloc arena, each keeping freed memory; two arenas
    serve a worker as fast with ~6 MB less resident memory. MALLOC_ARENA_MAX overrides the 2."""
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # read by worker processes at their start
    with contextlib.suppress(OSError, AttributeError, ValueError):  # not glibc: nothing to tune
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, int(os.environ["MALLOC_ARENA_MAX"]))


@app.command()
def createuser(
    username: Annotated[str, typer.Option()],
    password: Annotated[str, typer.Option()],
    email: Annotated[str, typer.Option()],
    superuser: Annotated[bool, typer.Option("--superuser")] = False,
) -> None:
    """Create a user account."""

    def work(ctx: Context) -> int:
        validate_new_user(ctx, username=username, email=email, password=password)
        return create_user(ctx.session, username=username, email=email, password=password, is_superuser=superuser).id

    _migrated()
    try:
        user_id = _run(work)
    except Invalid as exc:
        typer.echo(f"error: {plain_words.field_errors(exc) or plain_words.text(exc)}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"user {username} created (id {user_id})")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Option(help="Owner of the token")],
    name: Annotated[str, typer.Option(help="A label for the token")] = "cli",
    days: Annotated[int | None, typer.Option(help="Lifetime in days (default: no expiry)")] = None,
) -> None:
    """Create a personal API token (usable as a Bearer token in every API)."""

    def work(ctx: Context) -> str | None:
        user = ctx.session.scalar(select(User).where(User.username == username))
        return create_api_token(ctx.session, user, name, days) if user else None

    _migrated()
    token = _run(work)
    if token is None:
        typer.echo(f"error: no user {username!r}", err=True)
        raise typer.Exit(1)
    typer.echo(token)


@application_app.command("create")
def application_create(
    name: Annotated[str, typer.Option(help="The application's name, shown to users")],
    next_url: Annotated[str, typer.Option(help="Where users go back with their authorization code")],
    key: Annotated[str | None, typer.Option(help="Secret that ciphers its tokens (default: a random one)")] = None,
    web: Annotated[str | None, typer.Option(help="The application's web site")] = None,
    description: Annotated[str | None, typer.Option()] = None,
    icon_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Register an external application; prints its id and secret key."""
    secret = key or security.random_token("")

    def work(ctx: Context) -> str:
        return register_application(ctx.session, name, next_url, secret, web=web, description=description,
                                    icon_url=icon_url).uid  # fmt: skip

    typer.echo(f"application {_run(work)} key {secret}")


@app.command()
def seed(
    users: Annotated[int, typer.Option(help="Team members to create")] = 8,
    projects: Annotated[int, typer.Option(help="Projects to create")] = 5,
) -> None:
    """Load a realistic demo dataset."""
    _migrated()
    with typer.progressbar(length=demo.seed_steps(projects), label="seeding", file=sys.stderr) as bar:
        ids = _run(lambda ctx: demo.seed(ctx, users, projects, progress=bar.update))
    typer.echo(f"seeded {len(ids)} projects (users member1..member{users}, password {demo.DEMO_PASSWORD}; "
               f"the demo account {demo.DEMO_USERNAME} is a member of each)")  # fmt: skip


@app.command()
def worker(
    threads: Annotated[int | None, typer.Option(help="Delivering threads (default: PLANYARD_WEBHOOK_THREADS)")] = None,
) -> None:
    """Deliver webhooks and send change mail until stopped (SIGTERM, Ctrl-C). `serve` does both itself
    unless PLANYARD_WEBHOOKS_IN_SERVE / PLANYARD_CHANGE_MAILS_IN_SERVE are false; any number of workers
    may run at once."""
    _migrated()
    built = create_app(Settings())  # builds every dialect, which registers its webhook payload format
    engine = DeliveryEngine(built.state.session_factory, built.state.env)
    mail_sender = ChangeMailSender(built.state.session_factory, built.state.env)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    engine.start(threads)
    mail_sender.start()
    typer.echo("delivering webhooks, sending change mail")
    stopping.wait()
    mail_sender.stop()
    engine.stop()


@app.command("export")
def export_dump(
    project: Annotated[str, typer.Argument(help="The project's id or slug")],
    out: Annotated[Path, typer.Option("--out", help="The dump file to write")],
) -> None:
    """Write a project's dump (taiga-back's format) to a file."""
    _migrated()

    def work(ctx: Context) -> int:
        found = ctx.session.scalar(
            select(Project.id).where(or_(Project.slug == project, Project.id == _as_id(project)))
        )
        if found is None:
            typer.echo(f"error: no project {project!r}", err=True)
            raise typer.Exit(1)
        with typer.progressbar(length=dump_writer.count_items(ctx, found), label="exporting") as bar:
            dump_service.write_file(out, lambda stream: dump_writer.write_dump(ctx, found, stream, bar.update))
        return found

    project_id = _run(work)
    typer.echo(f"project {project_id} exported to {out}")


@app.command("import")
def import_dump(
    file: Annotated[Path, typer.Argument(help="A dump file (written by Planyard or taiga-back)", exists=True)],
    owner: Annotated[
        str | None, typer.Option(help="Username of the new project's owner (default: the dump's owner)")
    ] = None,
) -> None:
    """Load a dump as a new project."""
    _migrated()

    def work(ctx: Context) -> Project:
        wanted = (
            User.username == owner
            if owner
            else func.lower(User.email) == str(read_header(file).get("owner", "")).lower()
        )
        ctx.actor = ctx.session.scalar(select(User).where(wanted))
        if ctx.actor is None:
            typer.echo("error: no owner: name an existing user with --owner", err=True)
            raise typer.Exit(1)
        with typer.progressbar(length=dump_loader.count_entries(file), label="importing") as bar:
            return dump_loader.load_dump(ctx, file, bar.update)

    try:
        project = _run(work)
    except BadDump as exc:
        typer.echo(f"error: {exc.message} {exc.details or ''}".rstrip(), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"project {project.slug} imported (id {project.id})")


def _as_id(text: str) -> int | None:
    return int(text) if text.isdigit() else None
