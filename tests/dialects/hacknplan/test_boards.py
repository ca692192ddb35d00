"""HacknPlan boards (Taiga milestones) and milestones (releases grouping boards): CRUD with PUT/PATCH, the
default board, closure with 409s, metrics, the markers, and the same sprints through Taiga both ways."""

from __future__ import annotations

from tests.dialects.hacknplan.conftest import API


def test_board_crud_put_and_patch(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/boards", hnp_auth(owner)
    created = client.post(url, json={"name": "Sprint 1", "description": "First", "generalInfo": "Goals",
                                     "startDate": "2026-01-05T00:00:00Z", "dueDate": "2026-01-19T00:00:00Z"},
                          headers=headers)  # fmt: skip
    assert created.status_code == 201
    board = created.json()
    assert (board["name"], board["description"], board["generalInfo"]) == ("Sprint 1", "First", "Goals")
    assert (board["startDate"], board["dueDate"]) == ("2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z")
    assert (board["closingDate"], board["isDefault"], board["creator"]["id"]) == (None, False, owner.id)
    board_url = f"{url}/{board['boardId']}"
    assert client.get(board_url, headers=hnp_auth(member)).json() == board
    assert [b["boardId"] for b in client.get(url, headers=hnp_auth(member)).json()] == [board["boardId"]]

    patched = client.patch(board_url, json={"name": "Sprint one"}, headers=headers).json()
    assert (patched["name"], patched["generalInfo"], patched["startDate"]) == ("Sprint one", "Goals",
                                                                               "2026-01-05T00:00:00Z")  # fmt: skip
    replaced = client.put(board_url, json={"name": "Sprint A"}, headers=headers).json()
    assert (replaced["name"], replaced["description"], replaced["generalInfo"]) == ("Sprint A", "", None)
    assert (replaced["startDate"], replaced["dueDate"]) == (None, None)

    taiga = client.get(f"/api/v1/milestones/{board['boardId']}", headers=world.auth(owner)).json()
    assert taiga["name"] == "Sprint A"
    client.patch(f"/api/v1/milestones/{board['boardId']}", json={"name": "From Taiga"}, headers=world.auth(owner))
    assert client.get(board_url, headers=headers).json()["name"] == "From Taiga"

    assert client.post(url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.patch(board_url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.get(board_url, headers=hnp_auth(outsider)).status_code == 404
    assert client.post(url, json={"name": ""}, headers=headers).status_code == 400
    assert client.post(url, json={"name": "Y", "startDate": "not a date"}, headers=headers).status_code == 400
    assert client.delete(board_url, headers=hnp_auth(member)).status_code == 403
    assert client.delete(board_url, headers=headers).status_code == 200
    assert client.get(board_url, headers=headers).json() == {"message": "Board not found."}


def test_a_taiga_sprint_is_a_board(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    made = client.post("/api/v1/milestones", json={"project": project.id, "name": "Taiga sprint",
                                                   "estimated_start": "2026-02-01", "estimated_finish": "2026-02-14"},
                       headers=world.auth(owner)).json()  # fmt: skip
    got = client.get(f"{API}/projects/{project.id}/boards/{made['id']}", headers=hnp_auth(member)).json()
    assert (got["name"], got["startDate"], got["dueDate"]) == ("Taiga sprint", "2026-02-01T00:00:00Z",
                                                               "2026-02-14T00:00:00Z")  # fmt: skip


def test_closure_default_board_and_delete_with_items(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/boards", hnp_auth(owner)
    first = client.post(url, json={"name": "One"}, headers=headers).json()
    second = client.post(url, json={"name": "Two"}, headers=headers).json()
    open_item = world.item(owner, "story", project, sprint_id=first["boardId"])
    done_item = world.item(owner, "story", project, sprint_id=first["boardId"])

    assert client.post(f"{url}/default", json=first["boardId"], headers=hnp_auth(member)).status_code == 403
    assert client.post(f"{url}/default", json=first["boardId"], headers=headers).status_code == 200
    assert client.get(f"{url}/{first['boardId']}", headers=headers).json()["isDefault"] is True
    assert client.get(f"{API}/projects/{project.id}", headers=headers).json()["defaultBoardId"] == first["boardId"]

    closure = f"{url}/{first['boardId']}/closure"
    assert client.delete(closure, headers=headers).json() == {"message": "The board is already open."}
    closed = client.post(closure, json={"moveUnfinishedWorkItemsToBoardId": second["boardId"]}, headers=headers)
    assert closed.status_code == 200
    again = client.post(closure, json={}, headers=headers)
    assert (again.status_code, again.json()) == (409, {"message": "The board is already closed."})
    board = client.get(f"{url}/{first['boardId']}", headers=headers).json()
    assert board["closingDate"].endswith("Z") and board["isDefault"] is False
    assert [b["boardId"] for b in client.get(url, headers=headers).json()] == [second["boardId"]]
    assert len(client.get(f"{url}?includeClosed=true", headers=headers).json()) == 2
    refused = client.post(f"{url}/default", json=first["boardId"], headers=headers)
    assert (refused.status_code, refused.json()) == (409, {"message": "The board is closed."})
    story = client.get(f"/api/v1/userstories/{open_item.id}", headers=world.auth(owner)).json()
    assert story["milestone"] == second["boardId"]
    assert client.get(f"/api/v1/milestones/{first['boardId']}", headers=world.auth(owner)).json()["closed"] is True
    assert client.delete(closure, headers=headers).status_code == 200
    assert client.delete(f"{url}/default", headers=headers).status_code == 200

    metrics = client.get(f"{url}/{second['boardId']}/metrics", headers=hnp_auth(member)).json()
    assert metrics["totalWorkItems"] == 2
    assert client.get(f"{url}/{second['boardId']}/metrics?userId={member.id}", headers=headers).json()[
        "totalWorkItems"] == 0  # fmt: skip
    assert client.delete(f"{url}/{second['boardId']}?removeWorkItems=true", headers=headers).status_code == 200
    assert client.get(f"/api/v1/userstories/{done_item.id}", headers=world.auth(owner)).status_code == 404


def test_milestones_group_boards(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/milestones", hnp_auth(owner)
    created = client.post(url, json={"name": "Alpha", "generalInfo": "First playable",
                                     "dueDate": "2026-03-01T00:00:00Z"}, headers=headers)  # fmt: skip
    assert created.status_code == 201
    milestone = created.json()
    assert (milestone["name"], milestone["generalInfo"], milestone["dueDate"]) == ("Alpha", "First playable",
                                                                                   "2026-03-01T00:00:00Z")  # fmt: skip
    assert milestone["boards"] is None and milestone["creator"]["id"] == owner.id
    boards = f"{API}/projects/{project.id}/boards"
    board = client.post(boards, json={"name": "B", "milestoneId": milestone["milestoneId"]}, headers=headers).json()
    assert board["milestoneId"] == milestone["milestoneId"]
    m_url = f"{url}/{milestone['milestoneId']}"
    got = client.get(f"{m_url}?includeBoards=true", headers=hnp_auth(member)).json()
    assert [b["boardId"] for b in got["boards"]] == [board["boardId"]]
    patched = client.patch(m_url, json={"name": "Alpha 1"}, headers=headers)
    assert patched.status_code == 200 and patched.json()[0]["generalInfo"] == "First playable"
    replaced = client.put(m_url, json={"name": "Alpha 2"}, headers=headers).json()[0]
    assert (replaced["name"], replaced["generalInfo"], replaced["dueDate"]) == ("Alpha 2", "", None)
    assert client.post(f"{m_url}/closure", json={}, headers=headers).status_code == 200
    assert client.post(f"{m_url}/closure", json={}, headers=headers).status_code == 409
    assert client.get(m_url, headers=headers).json()["closingDate"].endswith("Z")
    assert client.delete(f"{m_url}/closure", headers=headers).status_code == 200
    assert client.delete(f"{m_url}/closure", headers=headers).status_code == 409
    metrics = client.get(f"{m_url}/metrics", headers=hnp_auth(member))
    assert metrics.status_code == 200 and metrics.json()["totalWorkItems"] == 0
    assert client.post(url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.delete(m_url, headers=hnp_auth(member)).status_code == 403
    assert client.delete(m_url, headers=headers).status_code == 200
    assert client.get(f"{API}/projects/{project.id}/boards/{board['boardId']}", headers=headers).json()[
        "milestoneId"] is None  # fmt: skip
    assert client.get(m_url, headers=headers).json() == {"message": "Milestone not found."}
    gone = client.post(url, json={"name": "G"}, headers=headers).json()
    client.post(f"{API}/projects/{project.id}/boards", json={"name": "C", "milestoneId": gone["milestoneId"]},
                headers=headers)  # fmt: skip
    assert client.delete(f"{url}/{gone['milestoneId']}?deleteBoards=true", headers=headers).status_code == 200
    assert [b["name"] for b in client.get(f"{API}/projects/{project.id}/boards", headers=headers).json()] == ["B"]


def test_a_board_of_an_unknown_milestone_is_404(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    response = client.post(f"{API}/projects/{project.id}/boards", json={"name": "B", "milestoneId": 999999},
                           headers=hnp_auth(owner))  # fmt: skip
    assert response.status_code == 404
