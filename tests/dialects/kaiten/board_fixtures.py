"""A board made through Kaiten (three columns, one lane) for the card tests."""

from __future__ import annotations

from typing import Any

from tests.dialects.kaiten.conftest import API


def make_board(client: Any, headers: dict[str, str], space_id: int, title: str = "Flow") -> dict[str, Any]:
    board = client.post(f"{API}/spaces/{space_id}/boards", json={"title": title}, headers=headers).json()
    for name, kind in (("Queue", 1), ("Doing", 2), ("Done", 3)):
        made = client.post(f"{API}/boards/{board['id']}/columns", json={"title": name, "type": kind}, headers=headers)
        assert made.status_code == 200, made.text
    return client.get(f"{API}/spaces/{space_id}/boards/{board['id']}", headers=headers).json()


def make_card(client: Any, headers: dict[str, str], board: dict[str, Any], **fields: Any) -> dict[str, Any]:
    made = client.post(f"{API}/cards", json={"title": "Card", "board_id": board["id"]} | fields, headers=headers)
    assert made.status_code == 200, made.text
    return made.json()
