"""Card time logs and the company timesheet: core time entries through Kaiten."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API


@pytest.fixture
def card(client, team, kaiten_auth):
    headers = kaiten_auth(team.owner)
    return make_card(client, headers, make_board(client, headers, team.project.id))


def test_time_logs_crud_and_the_card_sum(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    headers = kaiten_auth(member)
    url = f"{API}/cards/{card['id']}/time-logs"
    made = client.post(url, json={"time_spent": 90, "for_date": "2026-12-01", "comment": "Coding", "role_id": -1},
                       headers=headers)  # fmt: skip
    assert made.status_code == 200, made.text
    log = made.json()
    assert (log["time_spent"], log["for_date"], log["role_id"], log["user_id"], log["author_id"]) == (
        90, "2026-12-01", -1, member.id, member.id)  # fmt: skip
    client.post(url, json={"time_spent": 30, "for_date": "2026-12-02"}, headers=headers)
    assert client.get(f"{API}/cards/{card['id']}", headers=headers).json()["time_spent_sum"] == 120
    patched = client.patch(f"{url}/{log['id']}", json={"time_spent": 60, "comment": None}, headers=headers)
    assert (patched.json()["time_spent"], patched.json()["comment"]) == (60, None)
    assert [t["time_spent"] for t in client.get(url, headers=headers).json()] == [60, 30]
    assert client.delete(f"{url}/{log['id']}", headers=headers).json() == {"id": log["id"]}
    assert client.delete(f"{url}/{log['id']}", headers=headers).status_code == 404


@pytest.mark.parametrize("body", [{}, {"time_spent": 0, "for_date": "2026-12-01"}, {"time_spent": 5},
                                  {"time_spent": "x", "for_date": "2026-12-01"},
                                  {"time_spent": 5, "for_date": "someday"},
                                  {"time_spent": 5, "for_date": "2026-12-01", "role_id": 999999}])  # fmt: skip
def test_bad_time_logs_are_400(client, team, kaiten_auth, card, body):
    response = client.post(f"{API}/cards/{card['id']}/time-logs", json=body, headers=kaiten_auth(team.owner))
    assert response.status_code == 400 and response.json()["message"]
    assert client.get(f"{API}/cards/{card['id']}/time-logs", headers=kaiten_auth(team.owner)).json() == []


def test_the_timesheet_lists_what_the_caller_may_see(client, team, kaiten_auth, card):
    world, project, owner, member, outsider = team
    url = f"{API}/cards/{card['id']}/time-logs"
    for day, who in (("2026-11-30", owner), ("2026-12-01", member), ("2026-12-02", owner)):
        assert client.post(url, json={"time_spent": 10, "for_date": day}, headers=kaiten_auth(who)).status_code == 200
    sheet = client.get(f"{API}/time-logs", headers=kaiten_auth(owner)).json()
    assert [t["for_date"] for t in sheet] == ["2026-11-30", "2026-12-01", "2026-12-02"]
    mine = client.get(f"{API}/time-logs?user_id={member.id}", headers=kaiten_auth(owner)).json()
    assert [t["user"]["id"] for t in mine] == [member.id]
    ranged = client.get(f"{API}/time-logs?from=2026-12-01&to=2026-12-01", headers=kaiten_auth(owner)).json()
    assert [t["for_date"] for t in ranged] == ["2026-12-01"]
    assert len(client.get(f"{API}/time-logs?limit=2&offset=1", headers=kaiten_auth(owner)).json()) == 2
    assert client.get(f"{API}/time-logs", headers=kaiten_auth(outsider)).json() == []
    assert client.get(f"{API}/time-logs?from=never", headers=kaiten_auth(owner)).status_code == 400
    assert client.post(url, json={"time_spent": 1, "for_date": "2026-12-01"},
                       headers=kaiten_auth(outsider)).status_code == 404  # fmt: skip


def test_a_time_log_role_is_a_user_role_of_the_company(client, team, kaiten_auth, card, world):
    world, project, owner, member, outsider = team
    admin = kaiten_auth(world.user(superuser=True))
    role = client.post(f"{API}/user-roles", json={"name": "Designer"}, headers=admin).json()
    url, headers = f"{API}/cards/{card['id']}/time-logs", kaiten_auth(member)
    made = client.post(url, json={"time_spent": 15, "for_date": "2026-12-01", "role_id": role["id"]}, headers=headers)
    assert made.status_code == 200, made.text
    assert (made.json()["role_id"], made.json()["role"]["name"], made.json()["role"]["id"]) == (
        role["id"], "Designer", role["id"])  # fmt: skip
    sheet = client.get(f"{API}/time-logs", headers=headers).json()
    assert [(t["role_id"], t["role"]["name"]) for t in sheet] == [(role["id"], "Designer")]
    back = client.patch(f"{url}/{made.json()['id']}", json={"role_id": -1}, headers=headers).json()
    assert (back["role_id"], back["role"]["name"]) == (-1, "Employee")
    project_roles = world.run(
        lambda ctx: list(
            ctx.session.scalars(text(f"SELECT id FROM roles WHERE project_id = {project.id} AND id != {role['id']}"))
        )
    )
    for unknown in (999999, project_roles[0]):  # a project role is no user role
        bad = client.patch(f"{url}/{made.json()['id']}", json={"role_id": unknown}, headers=headers)
        assert bad.status_code == 400 and bad.json()["message"]
    client.patch(f"{url}/{made.json()['id']}", json={"role_id": role["id"]}, headers=headers)
    assert client.delete(f"{API}/user-roles/{role['id']}", headers=admin).status_code == 200
    assert client.get(url, headers=headers).json()[0]["role_id"] == -1  # a removed role leaves Employee
