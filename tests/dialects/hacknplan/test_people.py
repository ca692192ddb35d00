"""HacknPlan workspaces (users, teams), project users (add by id, email or team; PUT/PATCH; remove with
[ADMIN/SELF]) and project roles, with their markers and the same rows through Taiga."""

from __future__ import annotations

from planyard.core import company
from planyard.core.auth import create_api_token
from planyard.models import Team, TeamMember, User, Workspace, WorkspaceMember
from tests.dialects.hacknplan.conftest import API
from tests.dialects.kaiten.conftest import API as KAITEN


def _workspace_of(world, project):
    return world.run(lambda ctx: ctx.session.get(Workspace, project.workspace_id))


def test_the_workspace_lists_its_projects_and_people(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    workspace = _workspace_of(world, project)
    listed = client.get(f"{API}/workspaces?includeProjects=true", headers=hnp_auth(member))
    assert listed.status_code == 200
    [mine] = [w for w in listed.json() if w["id"] == workspace.id]
    assert project.id in [p["id"] for p in mine["projects"]] and mine["usedSeats"] >= 2
    got = client.get(f"{API}/workspaces/{workspace.id}", headers=hnp_auth(member)).json()
    assert got["projects"] is None and got["name"] == workspace.name
    people = client.get(f"{API}/workspaces/{workspace.id}/users", headers=hnp_auth(member)).json()
    assert {owner.id, member.id} <= {p["user"]["id"] for p in people}
    one = client.get(f"{API}/workspaces/{workspace.id}/users/{member.id}", headers=hnp_auth(member)).json()
    assert (one["workspaceId"], one["teamId"], one["isActive"]) == (workspace.id, 0, True)
    assert (
        client.get(f"{API}/workspaces/{workspace.id}/users/{outsider.id}", headers=hnp_auth(member)).status_code == 404
    )


def test_a_workspace_the_user_does_not_belong_to(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    workspace = _workspace_of(world, project)
    assert client.get(f"{API}/workspaces", headers=hnp_auth(outsider)).json() == []
    assert client.get(f"{API}/workspaces/{workspace.id}", headers=hnp_auth(outsider)).status_code == 403
    assert client.get(f"{API}/workspaces/999999", headers=hnp_auth(outsider)).json() == {
        "message": "Workspace not found."
    }


def _team(world, project, *users):
    def work(ctx):
        row = Team(workspace_id=project.workspace_id, name="Artists")
        ctx.session.add(row)
        ctx.session.flush()
        ctx.session.add_all(TeamMember(team_id=row.id, user_id=u.id) for u in users)
        return row.id

    return world.run(work)


def test_teams_are_listed_and_a_team_joins_a_project(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    painter = world.user("painter")
    team_id = _team(world, project, member, painter)
    workspace_id = project.workspace_id
    teams = client.get(f"{API}/workspaces/{workspace_id}/teams", headers=hnp_auth(member)).json()
    assert [(t["teamId"], t["name"]) for t in teams] == [(team_id, "Artists")]
    one = client.get(f"{API}/workspaces/{workspace_id}/teams/{team_id}", headers=hnp_auth(member)).json()
    assert {u["id"] for u in one["users"]} == {member.id, painter.id}
    assert client.post(f"{API}/projects/{project.id}/teams", json=team_id, headers=hnp_auth(member)).status_code == 403
    added = client.post(f"{API}/projects/{project.id}/teams", json=team_id, headers=hnp_auth(owner))
    assert added.status_code == 201
    assert {u["user"]["id"] for u in added.json()} == {member.id, painter.id}
    assert client.post(f"{API}/projects/{project.id}/teams", json=12345, headers=hnp_auth(owner)).status_code == 404
    assert client.get(f"{API}/projects/{project.id}", headers=hnp_auth(painter)).status_code == 200


def test_add_update_and_remove_a_project_user(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/users", hnp_auth(owner)
    added = client.post(url, json={"userId": outsider.id}, headers=headers)
    assert added.status_code == 201
    body = added.json()
    assert (body["user"]["id"], body["isAdmin"], body["projectId"]) == (outsider.id, False, project.id)
    again = client.post(url, json={"userId": outsider.id}, headers=headers)
    assert (again.status_code, again.json()) == (409, {"message": "The user is a member of the project already."})
    invited = client.post(url, json={"email": "newcomer@example.com"}, headers=headers)
    assert (invited.status_code, invited.content) == (200, b"")
    assert client.post(url, json={}, headers=headers).status_code == 400
    listed = client.get(url, headers=hnp_auth(member)).json()
    assert {u["user"]["id"] for u in listed} == {owner.id, member.id, outsider.id}

    user_url = f"{url}/{outsider.id}"
    assert client.patch(user_url, json={"isAdmin": True}, headers=headers).status_code == 200
    assert client.get(user_url, headers=headers).json()["isAdmin"] is True
    role_id = client.get(user_url, headers=headers).json()["role"]["roleId"]
    assert client.put(user_url, json={"roleId": role_id}, headers=headers).status_code == 200
    assert client.get(user_url, headers=headers).json()["isAdmin"] is False
    assert client.put(user_url, json={}, headers=headers).status_code == 400

    assert client.delete(f"{url}/{member.id}", headers=hnp_auth(outsider)).status_code == 403
    assert client.delete(user_url, headers=hnp_auth(outsider)).status_code == 200  # [ADMIN/SELF]: self
    assert client.get(user_url, headers=headers).status_code == 404
    assert client.delete(f"{url}/{member.id}", headers=headers).status_code == 200  # admin
    taiga = client.get(f"/api/v1/memberships?project={project.id}", headers=world.auth(owner)).json()
    assert member.id not in {m["user"] for m in taiga}


def test_markers_on_project_users(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/projects/{project.id}/users"
    assert client.get(url, headers=hnp_auth(outsider)).status_code == 404
    assert client.post(url, json={"userId": outsider.id}, headers=hnp_auth(member)).status_code == 403
    assert client.patch(f"{url}/{member.id}", json={"isAdmin": True}, headers=hnp_auth(member)).status_code == 403
    assert client.post(url, json={"userId": outsider.id}, headers=hnp_auth(team.admin)).status_code == 201


def test_roles_crud_with_put_and_patch(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/roles", hnp_auth(owner)
    created = client.post(url, json={"name": "Artist", "designAccess": {"canRead": True, "canWrite": False}},
                          headers=headers)  # fmt: skip
    assert created.status_code == 201
    role = created.json()
    assert (role["name"], role["isAdmin"]) == ("Artist", False)
    assert role["permissions"]["gameDesignModelPermissions"] == {"canRead": True, "canWrite": False}
    role_url = f"{url}/{role['roleId']}"
    assert client.get(role_url, headers=hnp_auth(member)).json() == role
    assert role["roleId"] in [r["roleId"] for r in client.get(url, headers=hnp_auth(member)).json()]

    patched = client.patch(role_url, json={"isAdmin": True}, headers=headers)
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["isAdmin"]) == ("Artist", True)
    assert patched.json()["designAccess"]["canWrite"] is False
    replaced = client.put(role_url, json={"name": "Painter"}, headers=headers).json()
    assert (replaced["name"], replaced["isAdmin"], replaced["categoryAccess"]) == ("Painter", False, [])
    assert replaced["designAccess"]["canWrite"] is True  # PUT: left out = the default
    taiga = client.get(f"/api/v1/roles/{role['roleId']}", headers=world.auth(owner)).json()
    assert taiga["name"] == "Painter" and "admin_roles" not in taiga["permissions"]

    assert client.post(url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.delete(role_url, headers=hnp_auth(member)).status_code == 403
    assert client.post(url, json={"name": ""}, headers=headers).status_code == 400
    assert client.delete(role_url, headers=headers).status_code == 200
    assert client.get(role_url, headers=headers).json() == {"message": "Role not found."}


def test_workspace_filters_and_inactive_users(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    workspace = _workspace_of(world, project)
    world.run(lambda ctx: setattr(ctx.session.get(Workspace, workspace.id), "owner_id", owner.id))
    assert [w["id"] for w in client.get(f"{API}/workspaces?onlyOwner=true", headers=hnp_auth(owner)).json()] == [
        workspace.id]  # fmt: skip
    assert client.get(f"{API}/workspaces?onlyAdmin=true", headers=hnp_auth(member)).json() == []
    got = client.get(f"{API}/workspaces/{workspace.id}", headers=hnp_auth(member)).json()
    assert got["owner"]["id"] == owner.id
    people = client.get(f"{API}/workspaces/{workspace.id}/users", headers=hnp_auth(member)).json()
    assert [p["isAdmin"] for p in people if p["user"]["id"] == owner.id] == [True]
    world.run(lambda ctx: setattr(ctx.session.get(User, member.id), "is_active", False))
    active = client.get(f"{API}/workspaces/{workspace.id}/users", headers=hnp_auth(owner)).json()
    everyone = client.get(f"{API}/workspaces/{workspace.id}/users?includeInactive=true", headers=hnp_auth(owner)).json()
    assert member.id not in {p["user"]["id"] for p in active}
    assert [p["isActive"] for p in everyone if p["user"]["id"] == member.id] == [False]


def test_kaiten_company_users_and_hacknplan_workspace_users_are_one_table(client, team, hnp_auth):
    """A person Kaiten's SCIM adds to the company is a HacknPlan workspace user; Kaiten's company role
    (admin, deactivated) is the workspace user's `isAdmin`/`isActive`; a user HacknPlan adds to a project
    gets a standing in the workspace (`workspace_members`), which Kaiten edits."""
    world, project, owner, member, outsider = team
    workspace = _workspace_of(world, project)
    company_admin = world.user(superuser=True)
    kaiten = {"Authorization": f"Bearer {world.run(lambda ctx: create_api_token(ctx.session, company_admin, 'k'))}"}
    assert world.run(lambda ctx: company.workspace(ctx).id) == workspace.id  # Kaiten's company is this workspace
    scim = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada",
            "name": {"givenName": "Ada"}, "emails": [{"value": "ada@example.com"}]}  # fmt: skip
    made = client.post(f"{KAITEN}/Users", json=scim, headers=kaiten | {"Content-Type": "application/scim+json"})
    assert made.status_code == 201, made.text
    ada = int(made.json()["id"])
    users_url, headers = f"{API}/workspaces/{workspace.id}/users", hnp_auth(owner)
    shown = client.get(f"{users_url}/{ada}", headers=headers)
    assert shown.status_code == 200, shown.text
    assert (shown.json()["user"]["username"], shown.json()["isAdmin"], shown.json()["isActive"]) == ("ada", False, True)
    assert ada in [p["user"]["id"] for p in client.get(users_url, headers=headers).json()]

    assert client.patch(f"{KAITEN}/company/users/{ada}", json={"role": 1}, headers=kaiten).status_code == 200
    assert client.get(f"{users_url}/{ada}", headers=headers).json()["isAdmin"] is True
    assert client.patch(f"{KAITEN}/company/users/{ada}", json={"role": 3}, headers=kaiten).status_code == 200
    assert ada not in [p["user"]["id"] for p in client.get(users_url, headers=headers).json()]
    inactive = client.get(f"{users_url}?includeInactive=true", headers=headers).json()
    assert [p["isActive"] for p in inactive if p["user"]["id"] == ada] == [False]

    added = client.post(f"{API}/projects/{project.id}/users", json={"userId": outsider.id}, headers=headers)
    assert added.status_code == 201
    standing = world.run(lambda ctx: ctx.session.get(WorkspaceMember, (workspace.id, outsider.id)))
    assert standing is not None and standing.is_active
    assert client.patch(f"{KAITEN}/company/users/{outsider.id}", json={"role": 1}, headers=kaiten).status_code == 200
    assert client.get(f"{users_url}/{outsider.id}", headers=headers).json()["isAdmin"] is True
    listed = client.get(f"{KAITEN}/company/users", headers=kaiten).json()
    assert [u["role"] for u in listed if u["id"] == outsider.id] == [1]
