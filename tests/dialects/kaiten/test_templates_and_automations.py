"""Kaiten space template checklists with their items, and space automations."""

from __future__ import annotations

import threading

import pytest

from tests.dialects.kaiten.conftest import API


def space_uid(space_id: int) -> str:
    return f"{1:08x}-0000-4000-8000-{space_id:012x}"


def test_template_checklists_and_items(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, url = kaiten_auth(owner), f"{API}/spaces/{space_uid(project.id)}/template-checklists"
    made = client.post(url, json={"name": "Definition of done"}, headers=headers)
    assert made.status_code == 200, made.text
    template = made.json()
    assert (template["name"], template["space_uid"]) == ("Definition of done", space_uid(project.id))
    assert template["uid"] == f"{24:08x}-0000-4000-8000-{int(template['uid'][-12:], 16):012x}"
    items_url = f"{url}/{template['uid']}/items"
    first = client.post(items_url, json={"text": "Tests pass", "user_id": member.id}, headers=headers)
    assert (first.status_code, first.json()["text"], first.json()["user_id"]) == (200, "Tests pass", member.id)
    second = client.post(items_url, json={"text": "Docs", "sort_order": 0.5}, headers=headers).json()
    listed = client.get(url, headers=kaiten_auth(member)).json()
    assert [(t["name"], [i["text"] for i in t["items"]]) for t in listed] == [
        ("Definition of done", ["Docs", "Tests pass"])
    ]
    renamed = client.patch(f"{url}/{template['uid']}", json={"name": "DoD", "sort_order": 3}, headers=headers).json()
    assert (renamed["name"], renamed["sort_order"]) == ("DoD", 3)
    changed = client.patch(f"{items_url}/{second['uid']}", json={"text": "Docs written", "user_id": None},
                           headers=headers).json()  # fmt: skip
    assert (changed["text"], changed["user_id"]) == ("Docs written", None)
    assert client.delete(f"{items_url}/{second['uid']}", headers=headers).json() == {"uid": second["uid"]}
    assert [i["text"] for i in client.get(url, headers=headers).json()[0]["items"]] == ["Tests pass"]
    assert client.delete(f"{url}/{template['uid']}", headers=headers).json() == {"uid": template["uid"]}
    assert client.get(url, headers=headers).json() == []


def test_template_checklist_errors(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, url = kaiten_auth(owner), f"{API}/spaces/{space_uid(project.id)}/template-checklists"
    template = client.post(url, json={"name": "T"}, headers=headers).json()
    for body in ({}, {"name": ""}, {"name": 3}):
        assert client.post(url, json=body, headers=headers).status_code == 400
    items_url = f"{url}/{template['uid']}/items"
    for body in ({}, {"text": ""}, {"text": "x", "user_id": 999999}, {"text": "x", "sort_order": "first"}):
        assert client.post(items_url, json=body, headers=headers).status_code == 400
    assert client.post(url, json={"name": "Mine"}, headers=kaiten_auth(member)).status_code == 403
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{API}/spaces/not-a-uid/template-checklists", headers=headers).status_code == 404
    other = f"{24:08x}-0000-4000-8000-{999999:012x}"
    assert client.patch(f"{url}/{other}", json={"name": "X"}, headers=headers).status_code == 404
    assert client.get(url).status_code == 401


def test_a_template_is_no_cards_checklist(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    from planyard.core.work_items import checklists
    from planyard.kit.errors import NotFound

    url = f"{API}/spaces/{space_uid(project.id)}/template-checklists"
    template = client.post(url, json={"name": "T"}, headers=kaiten_auth(owner)).json()
    template_id = int(template["uid"][-12:], 16)
    with pytest.raises(NotFound):
        world.run(lambda ctx: checklists.update_checklist(ctx, template_id, {"name": "X"}), actor=owner)


def test_automations(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, url = kaiten_auth(owner), f"{API}/spaces/{project.id}/automations"
    conditions = {"clause": "and", "conditions": []}
    body = {"name": "Close done cards", "trigger": {"type": "card_moved", "data": {"column_id": 1}},
            "actions": [{"type": "archive", "data": {}}], "conditions": conditions}  # fmt: skip
    made = client.post(url, json=body, headers=headers)
    assert made.status_code == 200, made.text
    rule = made.json()
    assert (rule["name"], rule["status"], rule["trigger"]["type"], rule["space_uid"]) == (
        "Close done cards", "active", "card_moved", space_uid(project.id))  # fmt: skip
    assert rule["conditions"] == {"clause": "and", "conditions": []} and rule["updater_id"] == owner.id
    assert [a["id"] for a in client.get(url, headers=kaiten_auth(member)).json()] == [rule["id"]]
    patched = client.patch(f"{url}/{rule['id']}", json={"status": "disabled", "name": "Archive done"}, headers=headers)
    assert (patched.status_code, patched.json()["status"], patched.json()["name"]) == (200, "disabled", "Archive done")
    assert patched.json()["actions"] == body["actions"]
    assert client.delete(f"{url}/{rule['id']}", headers=headers).json() == {"id": rule["id"]}
    assert client.get(url, headers=headers).json() == []


def test_automation_errors(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    headers, url = kaiten_auth(owner), f"{API}/spaces/{project.id}/automations"
    for body in ({}, {"name": ""}, {"name": "X", "status": "sleeping"}, {"name": "X", "actions": "all"}):
        assert client.post(url, json=body, headers=headers).status_code == 400
    assert client.post(url, json={"name": "Mine"}, headers=kaiten_auth(member)).status_code == 403
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.patch(f"{url}/nonsense", json={"name": "X"}, headers=headers).status_code == 404
    assert client.get(f"{API}/spaces/999999/automations", headers=headers).status_code == 404


@pytest.mark.real_db
def test_parallel_template_items_are_all_kept(client, world, kaiten_auth):
    owner = world.user()
    project = world.project(owner)
    headers, url = kaiten_auth(owner), f"{API}/spaces/{space_uid(project.id)}/template-checklists"
    template = client.post(url, json={"name": "T"}, headers=headers).json()
    barrier, codes = threading.Barrier(8), []

    def add(n: int) -> None:
        barrier.wait()
        response = client.post(f"{url}/{template['uid']}/items", json={"text": f"step {n}"}, headers=headers)
        codes.append(response.status_code)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 8
    texts = {i["text"] for i in client.get(url, headers=headers).json()[0]["items"]}
    assert texts == {f"step {n}" for n in range(8)}


@pytest.mark.real_db
def test_parallel_automation_edits_all_answer(client, world, kaiten_auth):
    owner = world.user()
    project = world.project(owner)
    headers, url = kaiten_auth(owner), f"{API}/spaces/{project.id}/automations"
    rule = client.post(url, json={"name": "R"}, headers=headers).json()
    barrier, codes = threading.Barrier(8), []

    def rename(n: int) -> None:
        barrier.wait()
        codes.append(client.patch(f"{url}/{rule['id']}", json={"name": f"R{n}"}, headers=headers).status_code)

    threads = [threading.Thread(target=rename, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 8
    assert client.get(url, headers=headers).json()[0]["name"] in {f"R{n}" for n in range(8)}
