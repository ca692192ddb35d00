"""Taiga §10.20-10.23 and 001 duplicate: create_template, leave, change_logo / remove_logo, duplicate."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from planyard.models import ProjectTemplate


def _url(project, action: str) -> str:
    return f"/api/v1/projects/{project.id}/{action}"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


# --- create_template -------------------------------------------------------------------------


def test_superuser_creates_a_template_from_a_project(client, world):
    owner, root = world.user(), world.user(superuser=True)
    project = world.project(owner, is_kanban_activated=True)
    body = {"template_name": "Beta template", "template_description": "Beta template description"}
    r = client.post(_url(project, "create_template"), json=body, headers=world.auth(root))
    assert r.status_code == 201
    template = r.json()
    assert template["name"] == "Beta template" and template["slug"] == "beta-template"
    assert template["description"] == "Beta template description" and isinstance(template["id"], int)
    assert template["default_owner_role"] == "product-owner" and template["is_kanban_activated"] is True
    assert set(template["default_options"]) >= {"us_status", "points", "task_status", "issue_status", "priority"}
    assert [s["name"] for s in template["us_statuses"]][0] == "New"
    assert {r["slug"] for r in template["roles"]} >= {"ux", "back", "product-owner"}
    for field in ("created_date", "modified_date"):
        assert isinstance(template[field], str)
    again = client.post(_url(project, "create_template"), json={"name": "Beta template", "description": "d"},
                        headers=world.auth(root))  # fmt: skip
    assert again.status_code == 201 and again.json()["slug"] == "beta-template-2"
    assert world.run(lambda ctx: ctx.session.query(ProjectTemplate).count()) == 4


@pytest.mark.parametrize(
    "body, message",
    [
        ({"template_description": "d"}, "Invalid template name"),
        ({"template_name": "n"}, "Invalid template description"),
    ],
)
def test_create_template_needs_name_and_description(client, world, body, message):
    root = world.user(superuser=True)
    project = world.project(root)
    r = client.post(_url(project, "create_template"), json=body, headers=world.auth(root))
    assert r.status_code == 400 and r.json()["_error_message"] == message


def test_only_superusers_create_templates(client, world):
    owner = world.user()
    project = world.project(owner)
    body = {"template_name": "T", "template_description": "d"}
    assert client.post(_url(project, "create_template"), json=body).status_code == 401
    assert client.post(_url(project, "create_template"), json=body, headers=world.auth(owner)).status_code == 403
    root = world.user(superuser=True)
    assert (
        client.post("/api/v1/projects/999999/create_template", json=body, headers=world.auth(root)).status_code == 404
    )


# --- leave -----------------------------------------------------------------------------------


def test_member_leaves(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    r = client.post(_url(project, "leave"), headers=world.auth(member))
    assert r.status_code == 200 and r.content == b""
    assert member.id not in [m["id"] for m in client.get(f"/api/v1/projects/{project.id}",
                                                          headers=world.auth(owner)).json()["members"]]  # fmt: skip
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(member)).status_code == 404


def test_owner_and_last_admin_cannot_leave(client, world):
    owner, admin = world.user(), world.user()
    project = world.project(owner)
    r = client.post(_url(project, "leave"), headers=world.auth(owner))
    assert r.status_code == 403
    assert r.json()["_error_message"] == "You can't leave the project if you are the owner or there are no more admins"
    world.member(project, admin, admin=True)
    assert client.post(_url(project, "leave"), headers=world.auth(admin)).status_code == 200


def test_admin_leaves_only_while_another_admin_stays(client, world):
    owner, admin = world.user(), world.user()
    project = world.project(owner)
    world.member(project, admin, admin=True)

    def demote_owner(ctx):
        from sqlalchemy import update

        from planyard.models import Membership, Project

        ctx.session.execute(update(Membership).where(Membership.user_id == owner.id).values(is_admin=False))
        ctx.session.get(Project, project.id).owner_id = None

    world.run(demote_owner)
    assert client.post(_url(project, "leave"), headers=world.auth(admin)).status_code == 403


def test_leave_errors(client, world):
    project = world.project(world.user())
    private = world.project(world.user(), private=True)
    assert client.post(_url(project, "leave")).status_code == 401
    assert client.post(_url(project, "leave"), headers=world.auth(world.user())).status_code == 403
    assert client.post(_url(private, "leave"), headers=world.auth(world.user())).status_code == 404


# --- logo ------------------------------------------------------------------------------------


def test_change_and_remove_logo(client, world, settings):
    owner = world.user()
    project = world.project(owner)
    headers = world.auth(owner)
    r = client.post(_url(project, "change_logo"), files={"logo": ("logo.png", _png(), "image/png")}, headers=headers)
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == project.id and body["logo_small_url"].endswith("/logo.png")
    assert body["logo_big_url"] == body["logo_small_url"]
    stored = settings.media_dir / body["logo_small_url"].split("/media/", 1)[1]
    assert stored.read_bytes() == _png()
    r = client.post(_url(project, "remove_logo"), headers=headers)
    assert r.status_code == 200 and r.json()["logo_small_url"] is None
    assert not stored.exists()


@pytest.mark.parametrize(
    "files, message",
    [
        ({"logo": ("logo.png", b"not an image", "image/png")}, "Upload a valid image."),
        ({"other": ("x.png", b"x", "image/png")}, "This field is required."),
    ],
)
def test_change_logo_rejects_bad_uploads(client, world, files, message):
    owner = world.user()
    project = world.project(owner)
    r = client.post(_url(project, "change_logo"), files=files, headers=world.auth(owner))
    assert r.status_code == 400
    assert r.json()["logo"][0].startswith(message)


@pytest.mark.parametrize("action", ["change_logo", "remove_logo"])
def test_logo_needs_admin(client, world, action):
    owner, member = world.user(), world.user()
    project = world.project(owner)
    world.member(project, member)
    files = {"logo": ("logo.png", _png(), "image/png")}
    assert client.post(_url(project, action), files=files).status_code == 401
    assert client.post(_url(project, action), files=files, headers=world.auth(member)).status_code == 403
    assert client.post(f"/api/v1/projects/999999/{action}", files=files, headers=world.auth(owner)).status_code == 404


# --- duplicate -------------------------------------------------------------------------------


def test_duplicate_copies_configuration_and_listed_members(client, world):
    owner, dev, admin, other = world.user(), world.user(), world.user(), world.user()
    source = world.project(owner, private=True, is_kanban_activated=True)
    world.member(source, dev, role_slug="front")
    world.member(source, admin, role_slug="ux", admin=True)
    world.member(source, other)
    headers = world.auth(dev)
    client.post(_url(source, "create_tag"), json={"tag": "ui", "color": "#abc"}, headers=world.auth(owner))
    body = {"name": "Copy", "description": "Twin", "is_private": False, "users": [{"id": admin.id}, {"id": dev.id}]}
    r = client.post(_url(source, "duplicate"), json=body, headers=headers)
    assert r.status_code == 201
    copy = r.json()
    original = client.get(f"/api/v1/projects/{source.id}", headers=headers).json()
    assert copy["id"] != source.id and copy["name"] == "Copy" and copy["description"] == "Twin"
    assert copy["owner"]["id"] == dev.id and copy["i_am_owner"] and copy["is_private"] is False
    assert copy["is_kanban_activated"] is True and copy["tags_colors"] == {"ui": "#abc"}
    for attribute in ("us_statuses", "task_statuses", "issue_statuses", "points", "priorities", "severities"):
        assert [a["name"] for a in copy[attribute]] == [a["name"] for a in original[attribute]], attribute
    assert {r["slug"] for r in copy["roles"]} == {r["slug"] for r in original["roles"]}
    members = {m["id"]: m["role_name"] for m in copy["members"]}
    assert members == {dev.id: "Product Owner", admin.id: "UX"}
    admin_view = client.get(f"/api/v1/projects/{copy['id']}", headers=world.auth(admin)).json()
    assert admin_view["i_am_admin"] is True
    assert client.get(f"/api/v1/projects/{copy['id']}", headers=world.auth(other)).json()["i_am_member"] is False


@pytest.mark.parametrize(
    "body, field",
    [({"description": "d"}, "name"), ({"name": "n"}, "description"), ({"name": " ", "description": "d"}, "name"),
     ({"name": "n", "description": "d", "users": [{"id": 999999}]}, "users")],
)  # fmt: skip
def test_duplicate_validates(client, world, body, field):
    owner = world.user()
    project = world.project(owner)
    r = client.post(_url(project, "duplicate"), json=body, headers=world.auth(owner))
    assert r.status_code == 400 and field in r.json()


def test_duplicate_needs_login_and_view(client, world):
    body = {"name": "n", "description": "d"}
    public, private = world.project(world.user()), world.project(world.user(), private=True)
    assert client.post(_url(public, "duplicate"), json=body).status_code == 401
    assert client.post(_url(private, "duplicate"), json=body, headers=world.auth(world.user())).status_code == 404
    outsider = world.user()
    r = client.post(_url(public, "duplicate"), json=body, headers=world.auth(outsider))
    assert r.status_code == 201 and r.json()["owner"]["id"] == outsider.id
