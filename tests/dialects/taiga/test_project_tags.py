"""Taiga §10.13 tags_colors and the 001 tag actions: create_tag, edit_tag, delete_tag, mix_tags."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.tags import store as tag_store
from planyard.models import ChangeEntry, User


def _url(project, action: str) -> str:
    return f"/api/v1/projects/{project.id}/{action}"


@pytest.fixture
def tagged(client, world):
    """A public project whose owner created the tags a (#aaaaaa), b (#bbbbbb), c (no color)."""
    owner = world.user()
    project = world.project(owner)
    headers = world.auth(owner)
    for tag, color in (("a", "#aaaaaa"), ("b", "#bbbbbb"), ("c", None)):
        assert (
            client.post(_url(project, "create_tag"), json={"tag": tag, "color": color}, headers=headers).status_code
            == 200
        )
    return project, headers


def _colors(client, project, headers=None):
    r = client.get(_url(project, "tags_colors"), headers=headers)
    assert r.status_code == 200
    return r.json()


def test_tags_colors_is_a_tag_to_color_map(client, tagged):
    project, _ = tagged
    assert _colors(client, project) == {"a": "#aaaaaa", "b": "#bbbbbb", "c": None}


def test_new_tag_is_lowercased_and_shown_in_project_detail(client, tagged):
    project, headers = tagged
    r = client.post(_url(project, "create_tag"), json={"tag": "Urgent", "color": "#F00"}, headers=headers)
    assert r.status_code == 200 and r.content == b""
    assert _colors(client, project)["urgent"] == "#F00"
    assert client.get(f"/api/v1/projects/{project.id}").json()["tags_colors"]["urgent"] == "#F00"


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"tag": "a"}, {"tag": ["This tag already exists."]}),
        ({"tag": "A"}, {"tag": ["This tag already exists."]}),
        ({"tag": "new", "color": "red"}, {"color": ["The color is not a valid HEX color."]}),
        ({"color": "#123456"}, {"tag": ["This field is required."]}),
    ],
)
def test_create_tag_errors(client, tagged, body, errors):
    project, headers = tagged
    r = client.post(_url(project, "create_tag"), json=body, headers=headers)
    assert r.status_code == 400
    assert r.json() == errors


def test_edit_tag_renames_and_recolors(client, tagged):
    project, headers = tagged
    body = {"from_tag": "a", "to_tag": "Alpha", "color": "#123456"}
    assert client.post(_url(project, "edit_tag"), json=body, headers=headers).status_code == 200
    assert _colors(client, project) == {"b": "#bbbbbb", "c": None, "alpha": "#123456"}
    assert (
        client.post(_url(project, "edit_tag"), json={"from_tag": "b", "color": "#000"}, headers=headers).status_code
        == 200
    )
    assert _colors(client, project)["b"] == "#000"
    assert (
        client.post(_url(project, "edit_tag"), json={"from_tag": "c", "to_tag": "d"}, headers=headers).status_code
        == 200
    )
    assert "d" in _colors(client, project) and _colors(client, project)["d"] is None


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"from_tag": "zzz", "to_tag": "y"}, {"from_tag": ["The tag doesn't exist."]}),
        ({"from_tag": "a", "to_tag": "b"}, {"to_tag": ["This tag already exists."]}),
        ({"from_tag": "a", "color": "#12"}, {"color": ["The color is not a valid HEX color."]}),
        ({"to_tag": "b"}, {"from_tag": ["This field is required."]}),
    ],
)
def test_edit_tag_errors(client, tagged, body, errors):
    project, headers = tagged
    r = client.post(_url(project, "edit_tag"), json=body, headers=headers)
    assert r.status_code == 400
    assert r.json() == errors
    assert _colors(client, project) == {"a": "#aaaaaa", "b": "#bbbbbb", "c": None}


def test_delete_tag(client, tagged):
    project, headers = tagged
    assert client.post(_url(project, "delete_tag"), json={"tag": "b"}, headers=headers).status_code == 200
    assert _colors(client, project) == {"a": "#aaaaaa", "c": None}
    r = client.post(_url(project, "delete_tag"), json={"tag": "b"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"tag": ["The tag doesn't exist."]}


def test_mix_tags_keeps_the_target_color(client, tagged):
    project, headers = tagged
    r = client.post(_url(project, "mix_tags"), json={"from_tags": ["a", "c"], "to_tag": "b"}, headers=headers)
    assert r.status_code == 200
    assert _colors(client, project) == {"b": "#bbbbbb"}


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"from_tags": ["a", "nope"], "to_tag": "b"}, {"from_tags": ["The tag doesn't exist."]}),
        ({"from_tags": ["a"], "to_tag": "nope"}, {"to_tag": ["The tag doesn't exist."]}),
        ({"to_tag": "b"}, {"from_tags": ["This field is required."]}),
    ],
)
def test_mix_tags_errors_write_nothing(client, tagged, body, errors):
    project, headers = tagged
    r = client.post(_url(project, "mix_tags"), json=body, headers=headers)
    assert r.status_code == 400 and r.json() == errors
    assert _colors(client, project) == {"a": "#aaaaaa", "b": "#bbbbbb", "c": None}


@pytest.mark.parametrize(
    "action, body",
    [("create_tag", {"tag": "x"}), ("edit_tag", {"from_tag": "a", "to_tag": "x"}), ("delete_tag", {"tag": "a"}),
     ("mix_tags", {"from_tags": ["a"], "to_tag": "b"})],
)  # fmt: skip
def test_tag_actions_need_admin(client, world, tagged, action, body):
    project, _ = tagged
    member = world.user()
    world.member(project, member)
    assert client.post(_url(project, action), json=body).status_code == 401
    assert client.post(_url(project, action), json=body, headers=world.auth(world.user())).status_code == 403
    assert client.post(_url(project, action), json=body, headers=world.auth(member)).status_code == 403
    admin = world.user()
    world.member(project, admin, admin=True)
    assert client.post(_url(project, action), json=body, headers=world.auth(admin)).status_code == 200


def test_tags_colors_of_private_project(client, world):
    owner = world.user()
    project = world.project(owner, private=True)
    assert client.get(_url(project, "tags_colors")).status_code == 404
    assert client.get(_url(project, "tags_colors"), headers=world.auth(world.user())).status_code == 404
    assert _colors(client, project, world.auth(owner)) == {}
    assert client.get("/api/v1/projects/999999/tags_colors").status_code == 404


def _tagged_items(world, project, tag_lists):
    """One work item of each kind in turn, carrying the given tags (through the core, like a request)."""
    from planyard.core.work_items import service
    from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK

    kinds = [EPIC, STORY, TASK, ISSUE]
    owner = world.run(lambda ctx: ctx.session.get(User, project.owner_id))
    return [
        world.run(lambda ctx, i=i, tags=tags: service.create_item(
            ctx, kinds[i % 4], project.id, service.ItemChanges({"subject": f"S{i}", "tags": tags})).id, actor=owner)
        for i, tags in enumerate(tag_lists)
    ]  # fmt: skip


def _item_tags(world, ids):
    lists = world.run(lambda ctx: tag_store.item_tags(ctx.session, ids))
    return {item_id: [name for name, _ in lists[item_id]] for item_id in ids}


def test_edit_tag_renames_it_in_every_kind_of_item(client, world, tagged):
    project, headers = tagged
    ids = _tagged_items(world, project, [["a", "b"], ["a"], ["c", "a"], ["b"], ["a", "d"]])
    other_project = world.project(world.run(lambda ctx: ctx.session.get(User, project.owner_id)))
    [untouched] = _tagged_items(world, other_project, [["a"]])
    body = {"from_tag": "a", "to_tag": "Alpha"}
    assert client.post(_url(project, "edit_tag"), json=body, headers=headers).status_code == 200
    assert _item_tags(world, ids) == dict(zip(ids, [["alpha", "b"], ["alpha"], ["c", "alpha"], ["b"], ["alpha", "d"]],
                                              strict=True))  # fmt: skip
    assert _item_tags(world, [untouched]) == {untouched: ["a"]}
    recolor = client.post(_url(project, "edit_tag"), json={"from_tag": "b", "color": "#000"}, headers=headers)
    assert recolor.status_code == 200 and _item_tags(world, [ids[0]])[ids[0]] == ["alpha", "b"]


def test_delete_tag_removes_it_from_items(client, world, tagged):
    project, headers = tagged
    ids = _tagged_items(world, project, [["a", "b"], ["b"], ["c"]])
    assert client.post(_url(project, "delete_tag"), json={"tag": "b"}, headers=headers).status_code == 200
    assert _item_tags(world, ids) == dict(zip(ids, [["a"], [], ["c"]], strict=True))


def test_mix_tags_merges_them_in_items(client, world, tagged):
    project, headers = tagged
    ids = _tagged_items(world, project, [["a", "b", "c"], ["c"], ["b"], ["a"]])
    body = {"from_tags": ["a", "c"], "to_tag": "b"}
    assert client.post(_url(project, "mix_tags"), json=body, headers=headers).status_code == 200
    assert _item_tags(world, ids) == dict(zip(ids, [["b"], ["b"], ["b"], ["b"]], strict=True))
    epic = client.get(f"/api/v1/epics/{ids[0]}", headers=headers).json()
    assert epic["tags"] == [["b", "#bbbbbb"]]


def test_failed_tag_action_rewrites_no_item(client, world, tagged):
    project, headers = tagged
    ids = _tagged_items(world, project, [["a"], ["b"]])
    r = client.post(_url(project, "edit_tag"), json={"from_tag": "a", "to_tag": "b"}, headers=headers)
    assert r.status_code == 400
    assert _item_tags(world, ids) == dict(zip(ids, [["a"], ["b"]], strict=True))


def test_tag_rewrite_runs_a_bounded_number_of_queries(client, world, tagged, query_counter):
    project, headers = tagged

    def rename(from_tag, to_tag, n):
        _tagged_items(world, project, [[from_tag]] * n)
        query_counter.clear()
        body = {"from_tag": from_tag, "to_tag": to_tag}
        assert client.post(_url(project, "edit_tag"), json=body, headers=headers).status_code == 200
        return len(query_counter)

    assert rename("a", "x", 2) == rename("b", "y", 10)


def test_a_projects_own_tags_keep_the_order_case_and_repeats_sent(client, world):
    """Taiga's project `tags` (workspace tags through project_tags), through the wire: created, patched,
    in the history diff, and copied with the palette by duplicate."""
    owner = world.user()
    h = world.auth(owner)
    project = world.project(owner, tags=["Beta", "alpha", "Beta"])
    url = f"/api/v1/projects/{project.id}"
    assert client.get(url, headers=h).json()["tags"] == ["Beta", "alpha", "Beta"]
    client.post(f"{url}/create_tag", json={"tag": "ui", "color": "#abc"}, headers=h)
    patched = client.patch(url, json={"tags": ["alpha", "gamma"]}, headers=h)
    assert patched.status_code == 200 and patched.json()["tags"] == ["alpha", "gamma"]
    other = world.project(owner, tags=["gamma"])
    assert client.get(f"/api/v1/projects/{other.id}", headers=h).json()["tags"] == ["gamma"]
    history = world.run(lambda ctx: ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_id == project.id, ChangeEntry.target_type == "project",
        ChangeEntry.action == "change").order_by(ChangeEntry.id.desc())).first())  # fmt: skip
    assert history == {"tags": [["Beta", "alpha", "Beta"], ["alpha", "gamma"]]}
    body = {"name": "Copy", "description": "d", "is_private": False, "users": []}
    copy = client.post(f"{url}/duplicate", json=body, headers=h).json()
    assert (copy["tags"], copy["tags_colors"]) == (["alpha", "gamma"], {"ui": "#abc"})
    assert client.patch(url, json={"tags": None}, headers=h).json() == {"tags": ["This field may not be null."]}
