"""Attachments (§13.17-13.21 and their task/issue/epic twins), votes and watchers on every kind of item."""

from __future__ import annotations

import pytest

from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK

KINDS = [("userstories", STORY), ("tasks", TASK), ("issues", ISSUE), ("epics", EPIC)]
ATTACHMENT_FIELDS = {"id", "project", "owner", "name", "attached_file", "size", "url", "description", "is_deprecated",
                     "from_comment", "created_date", "modified_date", "object_id", "order", "sha1", "preview_url",
                     "thumbnail_card_url"}  # fmt: skip


@pytest.mark.parametrize("path, kind", KINDS)
def test_attachment_round_trip(client, team, path, kind, settings):
    world, project, owner, member, outsider = team
    item = world.item(owner, kind, project)
    h = world.auth(member)
    form = {"project": str(project.id), "object_id": str(item.id), "description": "logs"}
    r = client.post(f"/api/v1/{path}/attachments", data=form, files={"attached_file": ("log.txt", b"hello")},
                    headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == ATTACHMENT_FIELDS
    assert (body["name"], body["size"], body["object_id"], body["description"]) == ("log.txt", 5, item.id, "logs")
    assert body["sha1"] == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
    media = body["url"].split("/media/", 1)[1]
    assert (settings.media_dir / media).read_bytes() == b"hello"
    listed = client.get(f"/api/v1/{path}/attachments", params={"object_id": item.id}, headers=h).json()
    assert [a["id"] for a in listed] == [body["id"]]
    url = f"/api/v1/{path}/attachments/{body['id']}"
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    patched = client.patch(url, json={"description": "new", "is_deprecated": True}, headers=h)
    assert patched.status_code == 200 and patched.json()["is_deprecated"] is True
    assert client.delete(url, headers=h).status_code == 204
    assert client.get(url, headers=h).status_code == 404
    assert not (settings.media_dir / media).exists()


@pytest.mark.parametrize("path, kind", KINDS)
def test_attachment_bad_input(client, team, path, kind):
    world, project, owner, *_ = team
    item = world.item(owner, kind, project)
    h = world.auth(owner)
    form = {"project": str(project.id), "object_id": str(item.id)}
    missing = client.post(f"/api/v1/{path}/attachments", data=form, headers=h)
    assert missing.status_code == 400 and "attached_file" in missing.json()
    big = client.post(f"/api/v1/{path}/attachments", data=form, files={"attached_file": ("b", b"x" * 300_000)},
                      headers=h)  # fmt: skip
    assert big.status_code in (400, 413)
    wrong = client.post(f"/api/v1/{path}/attachments", data={**form, "object_id": "999999"},
                        files={"attached_file": ("a", b"a")}, headers=h)  # fmt: skip
    assert wrong.status_code == 400 and "object_id" in wrong.json()
    assert client.get(f"/api/v1/{path}/attachments", headers=h).json() == []


@pytest.mark.parametrize("path, kind", KINDS)
def test_votes_and_watchers(client, team, path, kind):
    world, project, owner, member, outsider = team
    item = world.item(owner, kind, project)
    h = world.auth(member)
    for _ in range(2):
        assert client.post(f"/api/v1/{path}/{item.id}/upvote", headers=h).status_code == 200
        assert client.post(f"/api/v1/{path}/{item.id}/watch", headers=h).status_code == 200
    voters = client.get(f"/api/v1/{path}/{item.id}/voters", headers=h).json()
    watchers = client.get(f"/api/v1/{path}/{item.id}/watchers", headers=h).json()
    assert [v["id"] for v in voters] == [member.id] and set(voters[0]) == {"id", "username", "full_name"}
    assert [w["id"] for w in watchers] == [member.id]
    assert client.post(f"/api/v1/{path}/{item.id}/downvote", headers=h).status_code == 200
    assert client.post(f"/api/v1/{path}/{item.id}/unwatch", headers=h).status_code == 200
    assert client.get(f"/api/v1/{path}/{item.id}/voters", headers=h).json() == []
    assert client.post(f"/api/v1/{path}/{item.id}/upvote").status_code in (401, 404)
    assert client.post(f"/api/v1/{path}/{item.id}/upvote", headers=world.auth(outsider)).status_code == 404
    assert client.post(f"/api/v1/{path}/999999/watch", headers=h).status_code == 404


@pytest.mark.parametrize("path, kind", KINDS)
def test_deleting_an_item_removes_its_files(client, team, path, kind, settings):
    world, project, owner, *_ = team
    item = world.item(owner, kind, project)
    h = world.auth(owner)
    form = {"project": str(project.id), "object_id": str(item.id)}
    body = client.post(f"/api/v1/{path}/attachments", data=form, files={"attached_file": ("a.txt", b"abc")},
                       headers=h).json()  # fmt: skip
    stored = settings.media_dir / body["url"].split("/media/", 1)[1]
    assert stored.exists()
    assert client.delete(f"/api/v1/{path}/{item.id}", headers=h).status_code == 204
    assert not stored.exists()
    assert client.get(f"/api/v1/{path}/attachments/{body['id']}", headers=h).status_code == 404


def test_due_date_status_badge():
    from datetime import date

    from planyard.dialects.taiga.mappers.work_items import due_date_status

    today = date(2026, 6, 1)
    assert due_date_status(None, False, today) == "not_set"
    assert due_date_status(date(2026, 5, 1), True, today) == "no_longer_applicable"
    assert due_date_status(date(2026, 5, 31), False, today) == "past_due"
    assert due_date_status(date(2026, 6, 10), False, today) == "due_soon"
    assert due_date_status(date(2026, 9, 1), False, today) == "set"
