"""What the web client's team page and profile pages call: `/projects/{id}/member_stats` and
`/users/by_username` (not swallowed by `/users/{id}`)."""

from __future__ import annotations

from planyard.core.work_items import service
from planyard.core.work_items.kinds import ISSUE, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import Status


def test_by_username_answers_the_user_not_a_400(client, team):
    world, project, owner, member, outsider = team
    res = client.get("/api/v1/users/by_username", params={"username": "member"}, headers=world.auth(outsider))
    assert res.status_code == 200, res.text
    assert res.json()["id"] == member.id and res.json()["username"] == "member" and "email" not in res.json()
    mine = client.get("/api/v1/users/by_username", params={"username": "owner"}, headers=world.auth(owner)).json()
    assert mine["id"] == owner.id and mine["email"] == owner.email
    assert client.get("/api/v1/users/by_username", params={"username": "nobody"}).status_code == 404
    assert client.get("/api/v1/users/by_username").status_code == 404
    assert client.get(f"/api/v1/users/{member.id}").json()["username"] == "member"


def _item(world, user, project, kind, **fields):
    changes = ItemChanges(fields={"subject": "x", **fields})
    return world.run(lambda ctx: service.create_item(ctx, kind, project.id, changes), actor=user)


def test_member_stats_count_per_member(client, team):
    world, project, owner, member, outsider = team
    closed_issue = world.run(lambda ctx: ctx.session.query(Status.id).filter(
        Status.project_id == project.id, Status.kind == "issue", Status.is_closed.is_(True)).first()[0])  # fmt: skip
    closed_task = world.run(lambda ctx: ctx.session.query(Status.id).filter(
        Status.project_id == project.id, Status.kind == "task", Status.is_closed.is_(True)).first()[0])  # fmt: skip
    _item(world, member, project, ISSUE, assigned_to_id=owner.id, status_id=closed_issue)
    _item(world, member, project, ISSUE)
    _item(world, owner, project, TASK, assigned_to_id=member.id, is_iocaine=True, status_id=closed_task)
    page = client.post("/api/v1/wiki", json={"project": project.id, "slug": "home"}, headers=world.auth(owner))
    client.patch(f"/api/v1/wiki/{page.json()['id']}", json={"content": "x"}, headers=world.auth(member))
    res = client.get(f"/api/v1/projects/{project.id}/member_stats", headers=world.auth(member))
    assert res.status_code == 200, res.text
    o, m = str(owner.id), str(member.id)
    assert res.json() == {
        "closed_bugs": {o: 1, m: 0}, "iocaine_tasks": {o: 0, m: 1}, "wiki_changes": {o: 1, m: 1},
        "created_bugs": {o: 0, m: 2}, "closed_tasks": {o: 0, m: 1},
    }  # fmt: skip
    assert client.get(f"/api/v1/projects/{project.id}/member_stats", headers=world.auth(outsider)).status_code == 404
    assert client.get("/api/v1/projects/999999/member_stats", headers=world.auth(owner)).status_code == 404
