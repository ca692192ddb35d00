"""The spaces tree: a space's place (`parent_entity_uid`, `sort_order`, `path`), archiving and access
through `PATCH /spaces`, `GET /tree-entities` page by page, and the tree entity roles."""

from __future__ import annotations

import threading

import pytest

from tests.dialects.kaiten.conftest import API


def space_uid(space_id: int) -> str:
    return f"{1:08x}-0000-4000-8000-{space_id:012x}"


@pytest.fixture
def two_spaces(client, world, kaiten_auth):
    owner = world.user()
    headers = kaiten_auth(owner)
    made = [client.post(f"{API}/spaces", json={"title": t}, headers=headers).json() for t in ("Outer", "Inner")]
    return owner, headers, made[0], made[1]


def test_a_new_space_sits_at_the_root(client, two_spaces):
    _, headers, outer, _ = two_spaces
    assert (outer["parent_entity_uid"], outer["path"]) == (None, outer["uid"])
    assert outer["sort_order"] == outer["id"]


def test_a_space_moves_under_another_and_back(client, two_spaces):
    _, headers, outer, inner = two_spaces
    moved = client.patch(f"{API}/spaces/{inner['id']}", json={"parent_entity_uid": outer["uid"], "sort_order": 2.5},
                         headers=headers)  # fmt: skip
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["parent_entity_uid"], body["path"], body["sort_order"]) == (
        outer["uid"], f"{outer['uid']}.{inner['uid']}", 2.5)  # fmt: skip
    assert body["title"] == "Inner"
    assert client.get(f"{API}/spaces/{inner['id']}", headers=headers).json()["parent_entity_uid"] == outer["uid"]
    tree = {e["uid"]: e for e in client.get(f"{API}/tree-entities", headers=headers).json()}
    assert tree[inner["uid"]]["parent_entity_uid"] == outer["uid"]
    assert tree[inner["uid"]]["entity_type"] == "space" and tree[outer["uid"]]["parent_entity_uid"] is None
    back = client.patch(f"{API}/spaces/{inner['id']}", json={"parent_entity_uid": None}, headers=headers).json()
    assert (back["parent_entity_uid"], back["sort_order"]) == (None, 2.5)


@pytest.mark.parametrize("uid", ["nonsense", f"{2:08x}-0000-4000-8000-{1:012x}", space_uid(999_999)])
def test_an_unknown_parent_is_400_and_moves_nothing(client, two_spaces, uid):
    _, headers, _, inner = two_spaces
    response = client.patch(f"{API}/spaces/{inner['id']}", json={"parent_entity_uid": uid}, headers=headers)
    assert response.status_code == 400 and response.json()["message"].startswith("parent_entity_uid")
    assert client.get(f"{API}/spaces/{inner['id']}", headers=headers).json()["parent_entity_uid"] is None


def test_a_space_cannot_go_under_itself_or_its_child(client, two_spaces):
    _, headers, outer, inner = two_spaces
    client.patch(f"{API}/spaces/{inner['id']}", json={"parent_entity_uid": outer["uid"]}, headers=headers)
    for body in ({"parent_entity_uid": outer["uid"]}, {"parent_entity_uid": inner["uid"]}):
        assert client.patch(f"{API}/spaces/{outer['id']}", json=body, headers=headers).status_code == 400
    assert client.get(f"{API}/spaces/{outer['id']}", headers=headers).json()["parent_entity_uid"] is None


@pytest.mark.parametrize("body", [{"sort_order": "high"}, {"archived": "maybe"}, {"access": "sometimes"}])
def test_bad_values_are_400(client, two_spaces, body):
    _, headers, outer, _ = two_spaces
    response = client.patch(f"{API}/spaces/{outer['id']}", json=body, headers=headers)
    assert response.status_code == 400 and set(response.json()) == {"message"}


def test_archive_and_access_are_the_projects_in_taiga_too(client, world, two_spaces):
    owner, headers, outer, _ = two_spaces
    patched = client.patch(f"{API}/spaces/{outer['id']}", json={"archived": True, "access": "for_everyone"},
                           headers=headers).json()  # fmt: skip
    assert (patched["archived"], patched["access"]) == (True, "for_everyone")
    taiga = client.get(f"/api/v1/projects/{outer['id']}", headers=world.auth(owner)).json()
    assert taiga["is_private"] is False and taiga["name"] == "Outer"
    client.patch(f"/api/v1/projects/{outer['id']}", json={"name": "Renamed in Taiga"}, headers=world.auth(owner))
    again = client.get(f"{API}/spaces/{outer['id']}", headers=headers).json()
    assert (again["title"], again["archived"], again["access"]) == ("Renamed in Taiga", True, "for_everyone")


def test_only_those_who_may_modify_the_space_move_it(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    other = client.post(f"{API}/spaces", json={"title": "Elsewhere"}, headers=kaiten_auth(member)).json()
    body = {"parent_entity_uid": other["uid"]}
    assert client.patch(f"{API}/spaces/{project.id}", json=body, headers=kaiten_auth(member)).status_code == 403
    assert client.patch(f"{API}/spaces/{project.id}", json=body, headers=kaiten_auth(outsider)).status_code == 404


def test_tree_entities_page_and_hide_what_the_caller_cannot_see(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/tree-entities"
    mine = {e["uid"] for e in client.get(url, headers=kaiten_auth(member)).json()}
    assert space_uid(project.id) in mine
    assert space_uid(project.id) not in {e["uid"] for e in client.get(url, headers=kaiten_auth(outsider)).json()}
    everything = client.get(url, headers=kaiten_auth(member)).json()
    page = client.get(f"{url}?limit=1&offset=1", headers=kaiten_auth(member)).json()
    assert page == everything[1:2]
    for bad in ("limit=0", "limit=101", "offset=-1", "limit=many"):
        response = client.get(f"{url}?{bad}", headers=kaiten_auth(member))
        assert response.status_code == 400 and set(response.json()) == {"message"}
    assert client.get(url).status_code == 401


def test_tree_entity_roles_are_the_space_roles(client, world, kaiten_auth):
    roles = client.get(f"{API}/tree-entity-roles", headers=kaiten_auth(world.user())).json()
    assert [r["name"] for r in roles] == ["Reader", "Writer", "Admin"]
    assert [r["id"] for r in roles] == [f"{21:08x}-0000-4000-8000-{n:012x}" for n in (1, 2, 3)]
    assert set(roles[0]["role_permissions"]) == {"root", "space", "document", "document_group", "story_map"}


@pytest.mark.real_db
def test_parallel_moves_all_answer_and_one_stands(client, world, kaiten_auth):
    owner = world.user()
    headers = kaiten_auth(owner)
    space = client.post(f"{API}/spaces", json={"title": "Busy"}, headers=headers).json()
    barrier, codes = threading.Barrier(8), []

    def move(order: float) -> None:
        barrier.wait()
        codes.append(
            client.patch(f"{API}/spaces/{space['id']}", json={"sort_order": order}, headers=headers).status_code
        )

    threads = [threading.Thread(target=move, args=(n + 0.5,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 8
    assert client.get(f"{API}/spaces/{space['id']}", headers=headers).json()["sort_order"] in {
        n + 0.5 for n in range(8)
    }
