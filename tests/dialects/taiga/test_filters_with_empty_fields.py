"""Taiga's filters around empty fields: exclude filters keep the items whose field is empty, `null`
("Unassigned") finds them, a role filter applies only when some member holds the role, `q=#9` is ref 9."""

from __future__ import annotations

import pytest

PATHS = {"story": "userstories", "task": "tasks", "issue": "issues"}


def refs(client, world, user, path, project, **params):
    r = client.get(f"/api/v1/{path}", params={"project": project.id, **params}, headers=world.auth(user))
    assert r.status_code == 200, r.text
    return sorted(item["ref"] for item in r.json())


@pytest.mark.parametrize("kind", list(PATHS))
def test_excluding_an_assignee_or_role_keeps_unassigned_items(client, team, kind):
    world, project, owner, member, _ = team
    path = PATHS[kind]
    mine = world.item(owner, kind, project, assigned_to_id=member.id)
    nobodys = world.item(owner, kind, project)
    owners = world.item(owner, kind, project, assigned_to_id=owner.id)
    back = client.get(f"/api/v1/roles?project={project.id}", headers=world.auth(owner)).json()
    back_id = next(r["id"] for r in back if r["slug"] == "back")
    assert refs(client, world, owner, path, project, exclude_assigned_to=member.id) == [nobodys.ref, owners.ref]
    assert refs(client, world, owner, path, project, assigned_to="null") == [nobodys.ref]
    assert refs(client, world, owner, path, project, exclude_assigned_to="null") == [mine.ref, owners.ref]
    assert refs(client, world, owner, path, project, role=back_id) == [mine.ref]
    assert refs(client, world, owner, path, project, exclude_role=back_id) == [nobodys.ref, owners.ref]
    everything = sorted([mine.ref, nobodys.ref, owners.ref])
    assert refs(client, world, owner, path, project, role="null") == everything  # no member has no role
    assert refs(client, world, owner, path, project, exclude_role="null") == everything
    assert refs(client, world, owner, path, project, q=f"#{nobodys.ref}") == [nobodys.ref]


def test_assigned_users_null_and_exclusion_on_stories(client, team):
    world, project, owner, member, _ = team
    both = world.item(owner, "story", project, assigned_to_id=member.id, assignees=[member.id])
    listed_only = world.item(owner, "story", project, assignees=[member.id])
    nobodys = world.item(owner, "story", project)
    owners = world.item(owner, "story", project, assigned_to_id=owner.id)
    path = "userstories"
    assert refs(client, world, owner, path, project, assigned_users="null") == [nobodys.ref]
    assert refs(client, world, owner, path, project, assigned_users=f"null,{member.id}") == sorted(
        [both.ref, listed_only.ref, nobodys.ref])  # fmt: skip
    assert refs(client, world, owner, path, project, exclude_assigned_users=member.id) == [nobodys.ref, owners.ref]
    data = client.get(f"/api/v1/userstories/filters_data?project={project.id}", headers=world.auth(owner)).json()
    counts = {row["id"]: row["count"] for row in data["assigned_users"]}
    assert counts[None] == 1 and counts[member.id] == 2 and counts[owner.id] == 1
