"""Card files: upload, rename, delete, served back; the same rows are Taiga user story attachments."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def card(client, team, kaiten_auth):
    headers = kaiten_auth(team.owner)
    return make_card(client, headers, make_board(client, headers, team.project.id))


def test_upload_rename_serve_and_detach_a_file(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(owner)
    url = f"{API}/cards/{card['id']}/files"
    uploaded = client.put(url, files={"file": ("notes.txt", b"hello kaiten", "text/plain")}, headers=headers)
    assert uploaded.status_code == 200, uploaded.text
    shown = uploaded.json()
    assert (shown["name"], shown["size"], shown["card_id"], shown["type"]) == ("notes.txt", 12, card["id"], 1)
    served = client.get(urlparse(shown["url"]).path)
    assert served.status_code == 200 and served.content == b"hello kaiten"
    taiga = client.get(f"/api/v1/userstories/attachments?object_id={card['id']}&project={project.id}",
                       headers=world.auth(owner)).json()  # fmt: skip
    assert [a["id"] for a in taiga] == [shown["id"]]
    renamed = client.patch(f"{url}/{shown['id']}", json={"name": "readme.txt"}, headers=headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "readme.txt"
    assert client.delete(f"{url}/{shown['id']}", headers=headers).json() == {"id": shown["id"]}
    assert client.patch(f"{url}/{shown['id']}", json={"name": "x"}, headers=headers).status_code == 404


def test_file_bad_input_and_permissions(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    url = f"{API}/cards/{card['id']}/files"
    assert (
        client.put(url, files={"other": ("a.txt", b"x", "text/plain")}, headers=kaiten_auth(owner)).status_code == 400
    )
    assert client.put(url, files={"file": ("a.txt", b"", "text/plain")}, headers=kaiten_auth(owner)).status_code == 400
    assert client.put(url, json={"file": "x"}, headers=kaiten_auth(owner)).status_code == 400
    hidden = client.put(url, files={"file": ("a.txt", b"x", "text/plain")}, headers=kaiten_auth(outsider))
    assert hidden.status_code == 404
    made = client.put(url, files={"file": ("a.txt", b"x", "text/plain")}, headers=kaiten_auth(owner)).json()
    other = make_card(client, kaiten_auth(owner), make_board(client, kaiten_auth(owner), project.id, "B2"))
    assert client.delete(f"{API}/cards/{other['id']}/files/{made['id']}", headers=kaiten_auth(owner)).status_code == 404
    assert client.patch(f"{url}/{made['id']}", json={"name": ""}, headers=kaiten_auth(owner)).status_code == 400
