"""One data store: a card made through Kaiten is a Taiga user story and the reverse; moves change the
story's status; what one API wrote is not lost by the other's edit."""

from __future__ import annotations

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


def test_a_kaiten_card_is_a_taiga_user_story_and_moves_change_its_status(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, taiga = kaiten_auth(owner), world.auth(owner)
    board = make_board(client, headers, project.id)
    card = make_card(client, headers, board, title="Ship it", description="Soon", asap=True)
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=taiga)
    assert story.status_code == 200, story.text
    assert (story.json()["subject"], story.json()["description"]) == ("Ship it", "Soon")
    assert (story.json()["status"], story.json()["swimlane"]) == (card["column_id"], card["lane_id"])
    done = board["columns"][2]["id"]
    client.patch(f"{API}/cards/{card['id']}", json={"column_id": done}, headers=headers)
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=taiga).json()
    assert (story["status"], story["is_closed"]) == (done, True)
    listed = client.get(f"/api/v1/userstories?project={project.id}", headers=taiga).json()
    assert card["id"] in [s["id"] for s in listed]

    edited = client.patch(f"/api/v1/userstories/{card['id']}", json={"subject": "Shipped", "version": story["version"],
                                                                      "status": board["columns"][1]["id"]},
                          headers=taiga)  # fmt: skip
    assert edited.status_code == 200, edited.text
    back = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    assert (back["title"], back["column_id"], back["state"]) == ("Shipped", board["columns"][1]["id"], 2)
    assert (back["asap"], back["description"]) == (True, "Soon")  # Kaiten's own fields survive Taiga's edit


def test_a_taiga_story_reads_back_as_a_card_on_the_kanban_board(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, taiga = kaiten_auth(owner), world.auth(owner)
    made = client.post("/api/v1/userstories", json={"project": project.id, "subject": "From Taiga"}, headers=taiga)
    assert made.status_code == 201, made.text
    story = made.json()
    card = client.get(f"{API}/cards/{story['id']}", headers=headers)
    assert card.status_code == 200, card.text
    body = card.json()
    assert (body["title"], body["column_id"]) == ("From Taiga", story["status"])
    kanban = client.get(f"{API}/boards/{body['board_id']}", headers=headers).json()
    assert story["status"] in [c["id"] for c in kanban["columns"]]
    assert story["id"] in [c["id"] for c in kanban["cards"]]
    other_status = next(c["id"] for c in kanban["columns"] if c["id"] != story["status"])
    moved = client.patch(f"{API}/cards/{story['id']}", json={"column_id": other_status, "title": "Moved"},
                         headers=headers)  # fmt: skip
    assert moved.status_code == 200, moved.text
    again = client.get(f"/api/v1/userstories/{story['id']}", headers=taiga).json()
    assert (again["status"], again["subject"], again["ref"]) == (other_status, "Moved", story["ref"])


def test_taiga_tags_comments_and_assignees_show_on_the_card_and_kaiten_writes_keep_them(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, taiga = kaiten_auth(owner), world.auth(owner)
    made = client.post("/api/v1/userstories", json={"project": project.id, "subject": "Tagged", "tags": ["ui"],
                                                    "assigned_users": [member.id]}, headers=taiga)  # fmt: skip
    assert made.status_code == 201, made.text
    story = made.json()
    body = {"comment": "From Taiga", "version": story["version"]}
    commented = client.patch(f"/api/v1/userstories/{story['id']}", json=body, headers=taiga)
    assert commented.status_code == 200, commented.text
    card = client.get(f"{API}/cards/{story['id']}", headers=headers).json()
    assert [t["name"] for t in card["tags"]] == ["ui"] and [m["id"] for m in card["members"]] == [member.id]
    assert [c["text"] for c in client.get(f"{API}/cards/{story['id']}/comments", headers=headers).json()] == [
        "From Taiga"]  # fmt: skip
    client.post(f"{API}/cards/{story['id']}/tags", json={"name": "backend"}, headers=headers)
    client.post(f"{API}/cards/{story['id']}/comments", json={"text": "From Kaiten"}, headers=headers)
    client.patch(f"{API}/cards/{story['id']}", json={"asap": True, "sort_order": 4.5}, headers=headers)
    again = client.get(f"/api/v1/userstories/{story['id']}", headers=taiga).json()
    assert [t[0] for t in again["tags"]] == ["ui", "backend"] and again["assigned_users"] == [member.id]
    assert (again["subject"], again["kanban_order"]) == ("Tagged", 4)
    comments = [h["comment"] for h in client.get(f"/api/v1/history/userstory/{story['id']}", headers=taiga).json()]
    assert {"From Taiga", "From Kaiten"} <= set(comments)


def test_an_archived_card_leaves_taiga_lists_and_stays_readable_by_id(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, taiga = kaiten_auth(owner), world.auth(owner)
    board = make_board(client, headers, project.id)
    card = make_card(client, headers, board, title="Old")
    client.patch(f"{API}/cards/{card['id']}", json={"condition": 2}, headers=headers)
    listed = client.get(f"/api/v1/userstories?project={project.id}", headers=taiga).json()
    assert card["id"] not in [s["id"] for s in listed]
    assert client.get(f"/api/v1/userstories/{card['id']}", headers=taiga).status_code == 200
    client.patch(f"{API}/cards/{card['id']}", json={"condition": 1}, headers=headers)
    listed = client.get(f"/api/v1/userstories?project={project.id}", headers=taiga).json()
    assert card["id"] in [s["id"] for s in listed]
