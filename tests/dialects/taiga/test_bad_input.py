"""Bad input is the client's error, never a 500: text no database can hold (a lone surrogate, a NUL),
unsafe upload names, decompression bombs, undecodable headers, oversized chunked bodies, LIKE wildcards."""

from __future__ import annotations

import asyncio
import struct
import zlib

import httpx
import pytest

JSON = {"Content-Type": "application/json"}
SURROGATE, NUL = "\\ud800", "\\u0000"  # JSON escapes, sent as they are


def raw(template: str, bad: str) -> bytes:
    return template.replace("BAD", bad).encode()


@pytest.fixture
def owner_setup(client, world):
    owner = world.user("owner")
    project = world.project(owner)
    headers = world.auth(owner)
    story = client.post("/api/v1/userstories", json={"project": project.id, "subject": "S"}, headers=headers).json()
    return owner, project, headers, story


@pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
@pytest.mark.parametrize(
    ("path", "template", "field"),
    [
        ("/api/v1/auth", '{"type": "normal", "username": "BAD", "password": "x"}', "username"),
        ("/api/v1/auth", '{"type": "normal", "username": "a", "password": "BAD"}', "password"),
        ("/api/v1/auth/refresh", '{"refresh": "BAD"}', "refresh"),
        ("/api/v1/users/password_recovery", '{"username": "BAD"}', "username"),
        ("/api/v1/auth/register", '{"type": "public", "BAD": 1}', "non_field_errors"),
    ],
)
def test_unstorable_text_before_login_is_a_400_naming_the_field(client, world, path, template, field, bad):
    world.user("a")
    r = client.post(path, content=raw(template, bad), headers=JSON)
    assert r.status_code == 400, r.text
    assert r.json() == {field: [_message(bad)]}


@pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
def test_unstorable_text_in_fields_of_a_logged_in_user_is_a_400(client, owner_setup, bad):
    owner, project, headers, story = owner_setup
    one = f"/api/v1/userstories/{story['id']}"
    cases = [
        ("POST", "/api/v1/userstories", f'{{"project": {project.id}, "subject": "a BAD"}}', "subject"),
        ("PATCH", one, '{"version": 1, "description": "BAD"}', "description"),
        ("PATCH", one, '{"version": 1, "comment": "x BAD y"}', "comment"),
        ("PATCH", one, '{"version": 1, "tags": [["BAD", null]]}', "tags"),
        ("PATCH", f"/api/v1/users/{owner.id}", '{"bio": "BAD"}', "bio"),
        ("POST", "/api/v1/user-storage", '{"key": "BAD", "value": 1}', "key"),
        ("POST", "/api/v1/user-storage", '{"key": "k", "value": {"BAD": 1}}', "value"),
    ]
    for method, path, template, field in cases:
        r = client.request(method, path, content=raw(template, bad), headers=JSON | headers)
        assert r.status_code == 400 and r.json() == {field: [_message(bad)]}, (path, r.text)
    r = client.get(f"/api/v1/userstories/{story['id']}", headers=headers)
    assert r.json()["description"] == "" and r.json()["version"] == 1


def test_paired_surrogates_are_ordinary_text(client, owner_setup):
    _, project, headers, _ = owner_setup
    body = f'{{"project": {project.id}, "subject": "smile \\ud83d\\ude00"}}'.encode()
    r = client.post("/api/v1/userstories", content=body, headers=JSON | headers)
    assert r.status_code == 201 and r.json()["subject"] == "smile \U0001f600"


def test_unstorable_text_in_query_and_path_is_a_400(client, owner_setup):
    _, project, headers, _ = owner_setup
    r = client.get(f"/api/v1/userstories?project={project.id}&q=%00", headers=headers)
    assert r.status_code == 400 and r.json() == {"q": [_message(NUL)]}
    r = client.get("/api/v1/user-storage/a%00b", headers=headers)
    assert r.status_code == 400 and r.json() == {"key": [_message(NUL)]}
    # Bytes that are not UTF-8 (here a surrogate in CESU-8) are read as U+FFFD, which matches nothing.
    r = client.get(f"/api/v1/userstories?project={project.id}&q=%ED%A0%80", headers=headers)
    assert r.status_code == 200 and r.json() == []


def test_unstorable_text_in_a_form_field_is_a_400(client, owner_setup):
    _, project, headers, story = owner_setup
    form = {"project": str(project.id), "object_id": str(story["id"]), "description": "a\x00b"}
    r = client.post("/api/v1/userstories/attachments", data=form, files={"attached_file": ("a.txt", b"1")},
                    headers=headers)  # fmt: skip
    assert r.status_code == 400 and r.json() == {"description": [_message(NUL)]}


def _message(bad: str) -> str:
    return "Null characters are not allowed." if bad == NUL else "Surrogate characters are not allowed: U+D800."


# --- uploads ---------------------------------------------------------------------------------


LONG = "x" * 300 + ".txt"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("..", "file"), (".", "file"), ("a\x00b.txt", "ab.txt"), ("../../etc/passwd", "passwd"),
     ("..\\..\\boot.ini", "boot.ini"), ("/", "file"), ("  ", "file"), ("ok \x07name.txt", "ok name.txt"),
     (LONG, "x" * 196 + ".txt")],
)  # fmt: skip
def test_attachment_names_are_made_safe(client, owner_setup, app, sent, kept):
    _, project, headers, story = owner_setup
    boundary = "b0undary"
    parts = [("project", str(project.id).encode()), ("object_id", str(story["id"]).encode())]
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value + b"\r\n"
                    for name, value in parts)  # fmt: skip
    body += f'--{boundary}\r\nContent-Disposition: form-data; name="attached_file"; filename="{sent}"\r\n'.encode()
    body += f"Content-Type: text/plain\r\n\r\ndata\r\n--{boundary}--\r\n".encode()
    content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    r = client.post("/api/v1/userstories/attachments", content=body, headers=content_type | headers)
    assert r.status_code == 201, r.text
    assert r.json()["name"] == kept and r.json()["attached_file"].endswith(f"/{kept}")
    media = app.state.env.settings.media_dir
    stored = media / r.json()["attached_file"].split("/media/", 1)[1]
    assert stored.read_bytes() == b"data" and media.resolve() in stored.resolve().parents


def bomb_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_avatar_claiming_a_huge_size_is_a_400(client, world):
    headers = world.auth(world.user("alice"))
    for width, height in ((60000, 60000), (9000, 9000)):
        files = {"avatar": ("big.png", bomb_png(width, height), "image/png")}
        r = client.post("/api/v1/users/change_avatar", files=files, headers=headers)
        assert r.status_code == 400 and list(r.json()) == ["avatar"], r.text
        assert "too large" in r.json()["avatar"][0]
    assert client.get("/api/v1/users/me", headers=headers).json()["photo"] is None


# --- headers and bodies ----------------------------------------------------------------------


def raw_header_post(app, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> httpx.Response:
    """A request whose header bytes reach the app as sent (TestClient re-encodes them as UTF-8)."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            sent = [(b"content-type", b"application/json"), *headers]
            return await http.post(path, content=body, headers=sent)

    return asyncio.run(send())


def test_headers_that_are_not_utf8_are_read_as_latin1(app, world):
    world.user("a")
    login = b'{"type": "normal", "username": "a", "password": "wrong"}'
    r = raw_header_post(app, "/api/v1/auth", [(b"x-note", b"caf\xe9")], login)
    assert r.status_code == 400 and r.json()["_error_type"] == "taiga.base.exceptions.WrongArguments"
    story = b'{"project": 1, "subject": "s"}'
    for token in (b"Bearer \xff", b"Bearer \xe9t\xe9", b"\xff"):
        r = raw_header_post(app, "/api/v1/userstories", [(b"authorization", token)], story)
        assert r.status_code == 401 and r.json()["_error_type"] == "taiga.base.exceptions.NotAuthenticated", r.text


def chunks(total: int, size: int = 16 * 1024):
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def test_chunked_body_over_the_limit_is_413(client, world):
    headers = world.auth(world.user("a"))
    r = client.post("/api/v1/auth", content=chunks(200 * 1024), headers=JSON)
    assert r.status_code == 413, r.text
    assert r.json()["_error_type"] == "taiga.base.exceptions.RequestEntityTooLarge"
    boundary = "xyz"
    multipart = {"Content-Type": f"multipart/form-data; boundary={boundary}"} | headers
    r = client.post("/api/v1/userstories/attachments", content=chunks(600 * 1024), headers=multipart)
    assert r.status_code == 413 and r.json()["_error_type"] == "taiga.base.exceptions.RequestEntityTooLarge"


# --- LIKE wildcards --------------------------------------------------------------------------


def test_like_wildcards_in_q_are_plain_characters(client, owner_setup):
    _, project, headers, story = owner_setup
    for subject in ("100% done", "plain", "snake_case"):
        client.post("/api/v1/userstories", json={"project": project.id, "subject": subject}, headers=headers)

    def found(q: str) -> list[str]:
        r = client.get("/api/v1/userstories", params={"project": project.id, "q": q}, headers=headers)
        return sorted(s["subject"] for s in r.json())

    assert found("%") == ["100% done"]
    assert found("_") == ["snake_case"]
    assert found("0%") == ["100% done"]
    assert found("e_c") == ["snake_case"]
    assert found("\\") == []
    assert found("PLAIN") == ["plain"]


# --- database refusals -----------------------------------------------------------------------


def test_a_value_the_database_refuses_is_not_called_a_number():
    from fastapi import FastAPI
    from sqlalchemy.exc import DataError
    from starlette.testclient import TestClient

    from planyard.dialects.taiga import errors

    app = FastAPI()
    errors.install(app)

    @app.get("/refused")
    def refused() -> None:
        raise DataError("INSERT ...", {}, Exception("value too long for type character varying(32)"))

    r = TestClient(app).get("/refused")
    assert r.status_code == 400
    assert r.json()["_error_message"] == "A value in the request cannot be stored in its field."
