"""External applications acting for users (Taiga's application tokens): a user authorizes an
application (a one-time code, with the application's `state`), the application trades the code for an
API token, sent ciphered with the application's secret key. The token is a personal API token of the
user; deleting the grant revokes it."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from planyard.core import history
from planyard.core.auth import create_api_token
from planyard.core.context import Context
from planyard.db.locks import lock_for_write
from planyard.kit import jwe, security
from planyard.kit.errors import NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import ApiToken, Application, ApplicationToken, User

TARGET = "application_token"


@dataclass(frozen=True)
class Grant:
    """A user's grant to an application as the API shows it; `token` is None before any authorization."""

    application: Application
    user_id: int
    token: ApplicationToken | None

    @property
    def next_url(self) -> str:
        code = self.token.auth_code if self.token else None
        return f"{self.application.next_url}?auth_code={code}"


def register_application(
    session: Session, name: str, next_url: str, key: str, *, web: str | None = None,
    description: str | None = None, icon_url: str | None = None,
) -> Application:  # fmt: skip
    """A new application (by the operator), known by a new UUID; `key` is the secret its tokens are
    ciphered with."""
    app = Application(uid=str(uuid.uuid4()), name=name, next_url=next_url, key=key, web=web,
                      description=description, icon_url=icon_url)  # fmt: skip
    session.add(app)
    session.flush()
    return app


def get_application(ctx: Context, application_uid: str | None) -> Application:
    ctx.require_user()
    app = ctx.session.scalar(select(Application).where(Application.uid == application_uid)) if application_uid else None
    if app is None:
        raise NotFound(entity="application")
    return app


def grant_for(ctx: Context, application_uid: str, state: str | None) -> Grant:
    """The actor's grant to the application, its code renewed (with `state`) when there is one."""
    app = get_application(ctx, application_uid)
    user = ctx.require_user()
    token = _token_of(ctx, app.id, user.id)
    if token is not None:
        lock_for_write(ctx.session, token)
        _renew_code(ctx, token, state)
    return Grant(app, user.id, token)


def authorize(ctx: Context, application_uid: Any, state: str | None) -> Grant:
    app = get_application(ctx, application_uid if isinstance(application_uid, str) else None)
    user = ctx.require_user()
    token = _token_of(ctx, app.id, user.id)
    if token is None:
        token = ApplicationToken(application_id=app.id, user_id=user.id)
        ctx.session.add(token)
        ctx.session.flush()
        history.record(ctx, target_type=TARGET, target_id=token.id, action="create", snapshot={"application": app.uid})
    else:
        lock_for_write(ctx.session, token)
    _renew_code(ctx, token, state)
    return Grant(app, user.id, token)


def validate(ctx: Context, application_uid: Any, auth_code: Any, state: Any) -> str:
    """Trade an authorization code (once) for a new API token of its user, ciphered for the application;
    an earlier token of the grant stops working."""
    if not all(isinstance(v, str) for v in (application_uid, auth_code)) or not isinstance(state, str | None):
        raise NotFound(entity="application_token")
    token = ctx.session.scalar(select(ApplicationToken).join(Application).where(
        Application.uid == application_uid, ApplicationToken.auth_code == auth_code,
        ApplicationToken.state.is_(None) if state is None else ApplicationToken.state == state))  # fmt: skip
    if token is not None:
        lock_for_write(ctx.session, token)  # a racing trade of the same code waits, then finds it used
    if token is None or token.auth_code != auth_code:
        raise NotFound(entity="application_token")
    app, owner = ctx.session.get(Application, token.application_id), ctx.session.get(User, token.user_id)
    assert app is not None and owner is not None
    if token.api_token_id is not None:
        ctx.session.execute(delete(ApiToken).where(ApiToken.id == token.api_token_id))
    secret = create_api_token(ctx.session, owner, name=f"application {app.name}")
    ctx.session.flush()
    token.api_token_id = ctx.session.scalar(select(ApiToken.id).where(ApiToken.token_hash == security.digest(secret)))
    token.auth_code = None
    history.record(ctx, target_type=TARGET, target_id=token.id, action="change", diff={"validated": [False, True]})
    return jwe.encrypt(json.dumps({"token": secret}), app.key)


def list_query(ctx: Context, application_uid: str | None) -> Select[Any]:
    user = ctx.require_user()
    stmt = select(ApplicationToken).where(ApplicationToken.user_id == user.id)
    if application_uid:
        stmt = stmt.join(Application).where(Application.uid == application_uid)
    return stmt.order_by(ApplicationToken.application_id, ApplicationToken.id)


def list_grants(ctx: Context, application_uid: str | None, query: ListQuery) -> Page[Grant]:
    page = fetch_page(ctx.session, list_query(ctx, application_uid), query.window)
    apps = _applications(ctx, {t.application_id for t in page.items})
    return Page([Grant(apps[t.application_id], t.user_id, t) for t in page.items], page.total)


def get_grant(ctx: Context, token_id: int) -> Grant:
    user = ctx.require_user()
    token = ctx.session.get(ApplicationToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(entity="application_token")
    return Grant(_applications(ctx, {token.application_id})[token.application_id], user.id, token)


def delete_grant(ctx: Context, token_id: int) -> None:
    """The grant goes, and the API token it gave the application stops working."""
    grant = get_grant(ctx, token_id)
    token = grant.token
    assert token is not None
    if token.api_token_id is not None:
        ctx.session.execute(delete(ApiToken).where(ApiToken.id == token.api_token_id))
    history.record(ctx, target_type=TARGET, target_id=token.id, action="delete",
                   snapshot={"application": grant.application.uid})  # fmt: skip
    ctx.session.delete(token)
    ctx.session.flush()


def _token_of(ctx: Context, application_id: int, user_id: int) -> ApplicationToken | None:
    return ctx.session.scalar(select(ApplicationToken).where(
        ApplicationToken.application_id == application_id, ApplicationToken.user_id == user_id))  # fmt: skip


def _renew_code(ctx: Context, token: ApplicationToken, state: str | None) -> None:
    token.auth_code = str(uuid.uuid4())
    token.state = state
    history.record(ctx, target_type=TARGET, target_id=token.id, action="change", diff={"auth_code": [None, "new"]})
    ctx.session.flush()


def _applications(ctx: Context, ids: set[int]) -> dict[int, Application]:
    return {a.id: a for a in ctx.session.scalars(select(Application).where(Application.id.in_(ids)))} if ids else {}
