"""Serve a prebuilt Taiga web client (taiga-front-dist's `dist/`) at `/`, with a `conf.json` that
points it at this server's Taiga API. The client itself is not part of Planyard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send


def client_conf(
    base_url: str, api_mount: str, events_path: str, public_register: bool, max_upload: int
) -> dict[str, Any]:
    return {
        "api": f"{base_url.rstrip('/')}{api_mount}/", "eventsUrl": events_path, "baseHref": "/", "debug": False,
        "debugInfo": False, "eventsMaxMissedHeartbeats": 5, "eventsHeartbeatIntervalTime": 60000,
        "eventsReconnectTryInterval": 10000, "defaultLoginEnabled": True, "defaultLanguage": "en",
        "themes": ["taiga"], "defaultTheme": "taiga",
        "publicRegisterEnabled": public_register, "feedbackEnabled": False, "supportUrl": None,
        "privacyPolicyUrl": None, "termsOfServiceUrl": None, "maxUploadFileSize": max_upload,
        "contribPlugins": [], "tagManager": {"accountId": None}, "tribeHost": None, "enableAsanaImporter": False,
        "enableGithubImporter": False, "enableJiraImporter": False, "enableTrelloImporter": False,
        "gravatar": False, "rtlLanguages": ["ar", "fa", "he"],
    }  # fmt: skip


class SinglePageFiles(StaticFiles):
    """Static files where an unknown path without a file extension is the app's index (client-side routes)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or "." in Path(path).name:
                raise
            return FileResponse(Path(str(self.directory)) / "index.html")


def create_web_client_app(
    directory: Path, api_mount: str, events_path: str, public_register: bool, max_upload: int
) -> Starlette:
    if not (directory / "index.html").is_file():
        raise ValueError(f"{directory} has no index.html: point --web-client at the client's dist/ folder")

    def conf(request: Request) -> JSONResponse:
        return JSONResponse(client_conf(str(request.base_url), api_mount, events_path, public_register, max_upload))

    files = SinglePageFiles(directory=directory, html=True)

    async def serve_files(scope: Scope, receive: Receive, send: Send) -> None:
        await files(scope, receive, send)

    app = Starlette(routes=[Route("/conf.json", conf)])
    app.mount("/", serve_files)
    return app
