"""Kaiten company custom properties (workspace-wide core custom fields), their select and catalog values,
collective score and vote values on cards, and the values on cards as Taiga sees them."""

from __future__ import annotations

import threading

import pytest

from planyard.core import item_properties
from planyard.dialects.kaiten.mappers.properties import card_properties, properties_to_core
from tests.dialects.kaiten.conftest import API

PROPS = f"{API}/company/custom-properties"


@pytest.fixture
def admin(world, kaiten_auth):
    user = world.user(superuser=True)
    return user, kaiten_auth(user)


def make(client, headers, name, type_, **more):
    response = client.post(PROPS, json={"name": name, "type": type_} | more, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_property_crud(client, world, admin, kaiten_auth):
    user, headers = admin
    made = make(client, headers, "Priority", "select", multi_select=True, colorful=True)
    assert (made["name"], made["type"], made["multi_select"], made["colorful"], made["author_id"]) == (
        "Priority", "select", True, True, user.id)  # fmt: skip
    assert made["condition"] == "active" and made["created"].endswith("Z")
    plain = kaiten_auth(world.user())
    assert client.get(f"{PROPS}/{made['id']}", headers=plain).json() == made
    assert [p["id"] for p in client.get(PROPS, headers=plain).json()] == [made["id"]]
    patched = client.patch(f"{PROPS}/{made['id']}", json={"name": "Urgency", "show_on_facade": True}, headers=headers)
    assert (patched.status_code, patched.json()["name"], patched.json()["show_on_facade"]) == (200, "Urgency", True)
    assert patched.json()["multi_select"] is True  # settings not sent are kept
    removed = client.delete(f"{PROPS}/{made['id']}", headers=headers)
    assert (removed.status_code, removed.json()["id"]) == (200, made["id"])
    assert client.get(f"{PROPS}/{made['id']}", headers=headers).status_code == 404


def test_properties_page_when_limit_and_offset_are_given(client, admin):
    _, headers = admin
    ids = [make(client, headers, f"P{n}", "string")["id"] for n in range(3)]
    assert [p["id"] for p in client.get(PROPS, headers=headers).json()] == ids
    assert [p["id"] for p in client.get(f"{PROPS}?limit=1&offset=1", headers=headers).json()] == ids[1:2]


def test_property_errors(client, world, admin, kaiten_auth):
    _, headers = admin
    make(client, headers, "Size", "number")
    assert client.post(PROPS, json={"name": "size", "type": "number"}, headers=headers).status_code == 409
    bad = ({}, {"name": "X"}, {"name": "X", "type": "hologram"}, {"name": "", "type": "string"},
           {"name": "X", "type": "string", "multi_select": "yes"}, {"name": "x" * 65, "type": "string"})  # fmt: skip
    for body in bad:
        response = client.post(PROPS, json=body, headers=headers)
        assert response.status_code == 400 and set(response.json()) == {"message"}, body
    plain = kaiten_auth(world.user())
    assert client.post(PROPS, json={"name": "Mine", "type": "string"}, headers=plain).status_code == 403
    assert client.patch(f"{PROPS}/999999", json={"name": "X"}, headers=headers).status_code == 404
    assert client.get(PROPS).status_code == 401


def test_select_values(client, world, admin, kaiten_auth):
    _, headers = admin
    prop = make(client, headers, "Color", "select")
    url = f"{PROPS}/{prop['id']}/select-values"
    red = client.post(url, json={"value": "Red", "color": 3}, headers=headers)
    assert red.status_code == 200, red.text
    assert (red.json()["value"], red.json()["color"], red.json()["custom_property_id"]) == ("Red", 3, prop["id"])
    blue = client.post(url, json={"value": "Blue"}, headers=headers).json()
    assert [v["value"] for v in client.get(url, headers=headers).json()] == ["Red", "Blue"]
    assert [v["value"] for v in client.get(f"{url}?query=blu", headers=headers).json()] == ["Blue"]
    paged = client.get(f"{url}?v2_select_search=true&limit=1&offset=1", headers=headers).json()
    assert [v["id"] for v in paged] == [blue["id"]]
    changed = client.patch(f"{url}/{blue['id']}", json={"value": "Navy", "sort_order": 0.5}, headers=headers).json()
    assert (changed["value"], changed["sort_order"]) == ("Navy", 0.5)
    assert [v["value"] for v in client.get(url, headers=headers).json()] == ["Navy", "Red"]
    assert client.get(f"{url}/{red.json()['id']}", headers=headers).json()["value"] == "Red"
    assert client.delete(f"{url}/{red.json()['id']}", headers=headers).json()["id"] == red.json()["id"]
    assert client.get(f"{url}/{red.json()['id']}", headers=headers).status_code == 404
    assert client.post(url, json={"value": ""}, headers=headers).status_code == 400
    assert client.post(url, json={"value": "Pink"}, headers=kaiten_auth(world.user())).status_code == 403
    text = make(client, headers, "Note", "string")
    assert client.get(f"{PROPS}/{text['id']}/select-values", headers=headers).status_code == 404


def test_users_may_add_select_values_when_the_property_allows(client, world, admin, kaiten_auth):
    _, headers = admin
    prop = make(client, headers, "Topic", "select", values_creatable_by_users=True)
    added = client.post(
        f"{PROPS}/{prop['id']}/select-values", json={"value": "Infra"}, headers=kaiten_auth(world.user())
    )
    assert added.status_code == 200


def test_catalog_values(client, admin):
    _, headers = admin
    prop = make(client, headers, "Clients", "catalog")
    url = f"{PROPS}/{prop['id']}/catalog-values"
    made = client.post(url, json={"name": "ACME", "value": {"f1": "1"}}, headers=headers)
    assert made.status_code == 200, made.text
    assert (made.json()["name"], made.json()["value"]) == ("ACME", {"f1": "1"})
    one = made.json()["id"]
    assert [v["name"] for v in client.get(url, headers=headers).json()] == ["ACME"]
    assert client.get(f"{url}?limit=0", headers=headers).status_code == 400
    patched = client.patch(f"{url}/{one}", json={"name": "ACME Inc", "value": {"f1": "2"}}, headers=headers).json()
    assert (patched["name"], patched["value"]) == ("ACME Inc", {"f1": "2"})
    assert client.get(f"{url}/{one}", headers=headers).json()["name"] == "ACME Inc"
    assert client.delete(f"{url}/{one}", headers=headers).json()["id"] == one
    assert client.get(f"{url}/{one}", headers=headers).status_code == 404
    assert client.post(url, json={"value": {}}, headers=headers).status_code == 400


def test_card_values_are_taiga_custom_attribute_values_both_ways(client, world, admin):
    user, headers = admin
    project = world.project(user)
    story = world.item(user, "story", project, subject="Card")
    prop = make(client, headers, "Color", "select")
    red = client.post(f"{PROPS}/{prop['id']}/select-values", json={"value": "Red"}, headers=headers).json()
    size = make(client, headers, "Size", "number")
    owner = make(client, headers, "Owner", "user")
    sent = properties_to_core({f"id_{prop['id']}": [red["id"]], f"id_{size['id']}": 5,
                               f"id_{owner['id']}": f"{2:08x}-0000-4000-8000-{user.id:012x}"})  # fmt: skip
    world.run(lambda ctx: item_properties.set_values(ctx, story.id, sent), actor=user)
    taiga = client.get(f"/api/v1/userstories/custom-attributes-values/{story.id}", headers=world.auth(user)).json()
    # a select shows its option text in Taiga (issue 18: was the option ids)
    assert taiga["attributes_values"] == {str(prop["id"]): "Red", str(size["id"]): 5, str(owner["id"]): user.id}
    # Taiga writes the number and a project attribute: the Kaiten values stay
    attr = client.post("/api/v1/userstory-custom-attributes", json={"project": project.id, "name": "Taiga field"},
                       headers=world.auth(user)).json()  # fmt: skip
    body = {"attributes_values": {str(size["id"]): 8, str(attr["id"]): "x"}, "version": taiga["version"]}
    patched = client.patch(
        f"/api/v1/userstories/custom-attributes-values/{story.id}", json=body, headers=world.auth(user)
    )
    assert patched.status_code == 200, patched.text
    values = world.run(lambda ctx: item_properties.values_of(ctx, [story.id]), actor=user)[story.id]
    types = {prop["id"]: "dropdown", size["id"]: "number", owner["id"]: "user"}
    assert card_properties(values, types, user_ids_as_uids=False) == {
        f"id_{prop['id']}": [red["id"]], f"id_{size['id']}": 8, f"id_{owner['id']}": user.id}  # fmt: skip
    assert card_properties(values, types, user_ids_as_uids=True)[f"id_{owner['id']}"] == owner_uid(user.id)
    assert values[str(attr["id"])] == "x"


def owner_uid(user_id: int) -> str:
    return f"{2:08x}-0000-4000-8000-{user_id:012x}"


@pytest.mark.parametrize("kind,value", [("number", "five"), ("checkbox", 1), ("email", "nope"), ("date", "soon"),
                                        ("user", 999999), ("select", [424242])])  # fmt: skip
def test_card_values_are_checked_by_type(client, world, admin, kind, value):
    user, headers = admin
    story = world.item(user, "story", world.project(user))
    prop = make(client, headers, f"A {kind}", kind)
    from planyard.kit.errors import Invalid

    with pytest.raises(Invalid):
        world.run(lambda ctx: item_properties.set_values(ctx, story.id, {prop["id"]: value}), actor=user)


def test_collective_scores(client, team, admin, kaiten_auth):
    world, project, owner, member, outsider = team
    _, headers = admin
    story = world.item(owner, "story", project)
    prop = make(client, headers, "Effort", "collective_score")
    url = f"{API}/cards/{story.id}/custom-properties/{prop['id']}/collective-score-values"
    mine = client.post(url, json={"value": 5}, headers=kaiten_auth(member))
    assert mine.status_code == 200, mine.text
    assert (mine.json()["value"], mine.json()["card_id"], mine.json()["author_id"]) == ("5", story.id, member.id)
    client.post(url, json={"value": 3}, headers=kaiten_auth(owner))
    listed = client.get(url, headers=kaiten_auth(owner)).json()
    assert [(s["author"]["username"], s["value"]) for s in listed] == [(member.username, "5"), (owner.username, "3")]
    changed = client.patch(f"{url}/{mine.json()['id']}", json={"value": 8}, headers=kaiten_auth(member))
    assert (changed.status_code, changed.json()["value"]) == (200, "8")
    assert client.patch(f"{url}/{mine.json()['id']}", json={"value": 1}, headers=kaiten_auth(owner)).status_code == 403
    assert client.post(url, json={"value": "lots"}, headers=kaiten_auth(member)).status_code == 400
    assert client.get(url, headers=kaiten_auth(outsider)).status_code == 404
    assert client.get(f"{API}/cards/999999/custom-properties/{prop['id']}/collective-score-values",
                      headers=kaiten_auth(owner)).status_code == 404  # fmt: skip
    text = make(client, headers, "Plain", "string")
    assert client.get(f"{API}/cards/{story.id}/custom-properties/{text['id']}/collective-score-values",
                      headers=kaiten_auth(owner)).status_code == 404  # fmt: skip


def test_collective_votes(client, team, admin, kaiten_auth):
    world, project, owner, member, outsider = team
    _, headers = admin
    story = world.item(owner, "story", project)
    prop = make(client, headers, "Like it?", "collective_vote", vote_variant="emoji_set")
    url = f"{API}/cards/{story.id}/custom-properties/{prop['id']}/collective-vote-values"
    vote = client.post(url, json={"emoji_vote": "👍"}, headers=kaiten_auth(member))
    assert vote.status_code == 200, vote.text
    assert (vote.json()["emoji_vote"], vote.json()["number_vote"]) == ("👍", None)
    assert [v["author_id"] for v in client.get(url, headers=kaiten_auth(owner)).json()] == [member.id]
    changed = client.patch(f"{url}/{vote.json()['id']}", json={"number_vote": 4}, headers=kaiten_auth(member)).json()
    assert changed["number_vote"] == 4
    assert client.post(url, json={}, headers=kaiten_auth(member)).status_code == 400
    assert client.delete(f"{url}/{vote.json()['id']}", headers=kaiten_auth(owner)).status_code == 403
    removed = client.delete(f"{url}/{vote.json()['id']}", headers=kaiten_auth(member))
    assert (removed.status_code, removed.json()["id"]) == (200, vote.json()["id"])
    assert client.get(url, headers=kaiten_auth(owner)).json() == []
    assert client.delete(f"{url}/{vote.json()['id']}", headers=kaiten_auth(member)).status_code == 404


@pytest.mark.real_db
def test_parallel_votes_of_many_users_are_all_kept(client, world, admin, kaiten_auth):
    user, headers = admin
    project = world.project(user)
    story = world.item(user, "story", project)
    voters = [world.user() for _ in range(6)]
    for voter in voters:
        world.member(project, voter)
    prop = make(client, headers, "Score", "collective_score")
    url = f"{API}/cards/{story.id}/custom-properties/{prop['id']}/collective-score-values"
    tokens = [kaiten_auth(v) for v in voters]
    barrier, codes = threading.Barrier(len(voters)), []

    def vote(n: int) -> None:
        barrier.wait()
        codes.append(client.post(url, json={"value": n}, headers=tokens[n]).status_code)

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(len(voters))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * len(voters)
    assert sorted(int(s["value"]) for s in client.get(url, headers=headers).json()) == list(range(len(voters)))


@pytest.mark.real_db
def test_parallel_select_values_are_all_kept(client, admin):
    _, headers = admin
    prop = make(client, headers, "Tags", "select")
    url = f"{PROPS}/{prop['id']}/select-values"
    barrier, codes = threading.Barrier(8), []

    def add(n: int) -> None:
        barrier.wait()
        codes.append(client.post(url, json={"value": f"v{n}"}, headers=headers).status_code)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 8
    assert {v["value"] for v in client.get(url, headers=headers).json()} == {f"v{n}" for n in range(8)}
