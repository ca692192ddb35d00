"""Taiga Epics (001 summary; shapes of taiga-back): list, create, get, by_ref, edit (OCC, comment, order
shifting), delete, bulk_create, filters_data; permissions and query counts."""

from __future__ import annotations

import json

from sqlalchemy import select

from planyard.core.work_items.kinds import EPIC
from planyard.models import Role, Status
from tests.dialects.taiga.test_userstories_bulk import statements_of_bulk_creates

LIST_FIELDS = {
    "id", "ref", "project", "project_extra_info", "created_date", "modified_date", "subject", "color", "epics_order",
    "client_requirement", "team_requirement", "version", "watchers", "is_blocked", "blocked_note", "is_closed",
    "user_stories_counts", "is_voter", "total_voters", "is_watcher", "total_watchers", "owner", "owner_extra_info",
    "assigned_to", "assigned_to_extra_info", "status", "status_extra_info", "attachments", "tags",
}  # fmt: skip
READ_FIELDS = LIST_FIELDS | {"comment", "blocked_note_html", "description", "description_html"}
DETAIL_FIELDS = READ_FIELDS | {"neighbors"}


def epic_statuses(world, project):
    def load(ctx):
        rows = ctx.session.scalars(select(Status).where(Status.project_id == project.id, Status.kind == "epic")
                                   .order_by(Status.order))  # fmt: skip
        return [(s.id, s.is_closed) for s in rows]

    return world.run(load)


def set_role_permissions(world, project, slug, permissions):
    def work(ctx):
        role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == slug))
        role.permissions = permissions

    world.run(work)


def test_create_returns_the_epic(client, team):
    world, project, owner, member, _ = team
    body = {"project": project.id, "subject": "Login", "description": "**big**", "color": "#112233",
            "assigned_to": member.id, "tags": [["ux", "#ff0000"], "api"], "watchers": [member.id],
            "client_requirement": True, "is_blocked": True, "blocked_note": "_waiting_",
            "_attrs": {"junk": 1}}  # fmt: skip
    r = client.post("/api/v1/epics", json=body, headers=world.auth(member))
    assert r.status_code == 201, r.text
    epic = r.json()
    assert set(epic) == READ_FIELDS
    assert (epic["subject"], epic["color"], epic["project"], epic["owner"]) == (
        "Login",
        "#112233",
        project.id,
        member.id,
    )
    assert epic["ref"] >= 1 and isinstance(epic["epics_order"], int) and epic["version"] == 1
    assert epic["status"] == epic_statuses(world, project)[0][0]
    assert epic["status_extra_info"] == {"name": "New", "color": epic["status_extra_info"]["color"], "is_closed": False}
    assert epic["assigned_to_extra_info"]["username"] == member.username
    assert epic["tags"] == [["ux", "#ff0000"], ["api", None]]
    assert (epic["watchers"], epic["total_watchers"], epic["is_watcher"]) == ([member.id], 1, True)
    assert epic["user_stories_counts"] == {"total": 0, "progress": None}
    assert epic["description_html"] == "<p><strong>big</strong></p>\n"
    assert epic["blocked_note_html"] == "<p><em>waiting</em></p>\n"
    assert (epic["client_requirement"], epic["team_requirement"], epic["is_blocked"]) == (True, False, True)
    assert epic["comment"] == "" and epic["attachments"] == []


def test_create_picks_a_color_and_the_default_status(client, team):
    world, project, owner, *_ = team
    body = {"project": project.id, "subject": "A", "status": None, "color": ""}
    epic = client.post("/api/v1/epics", json=body, headers=world.auth(owner)).json()
    assert epic["color"].startswith("#") and len(epic["color"]) == 7
    assert epic["status"] == epic_statuses(world, project)[0][0]


def test_create_field_errors(client, team, world):
    _, project, owner, _, outsider = team
    other = world.project(owner)
    other_status = epic_statuses(world, other)[0][0]
    h = world.auth(owner)
    cases = [
        ({"project": project.id}, "subject"),
        ({"subject": "x"}, "project"),
        ({"project": project.id, "subject": ""}, "subject"),
        ({"project": project.id, "subject": "x" * 501}, "subject"),
        ({"project": 999999, "subject": "x"}, "project"),
        ({"project": project.id, "subject": "x", "status": other_status}, "status"),
        ({"project": project.id, "subject": "x", "assigned_to": outsider.id}, "assigned_to"),
        ({"project": project.id, "subject": "x", "watchers": [outsider.id]}, "watchers"),
        ({"project": project.id, "subject": "x", "epics_order": -1}, "epics_order"),
        ({"project": project.id, "subject": "x", "tags": [[""]]}, "tags"),
        ({"project": project.id, "subject": None}, "subject"),
    ]
    for body, field in cases:
        r = client.post("/api/v1/epics", json=body, headers=h)
        assert r.status_code == 400, (body, r.text)
        assert field in r.json(), (body, r.json())
    assert client.get("/api/v1/epics", params={"project": project.id}, headers=h).json() == []


def test_create_permissions(client, team, world):
    _, project, owner, member, outsider = team
    body = {"project": project.id, "subject": "x"}
    assert client.post("/api/v1/epics", json=body).status_code == 400  # a private project is invisible
    assert client.post("/api/v1/epics", json=body, headers=world.auth(outsider)).status_code == 400
    public = world.project(owner)
    assert client.post("/api/v1/epics", json={"project": public.id, "subject": "x"}).status_code == 401
    r = client.post("/api/v1/epics", json={"project": public.id, "subject": "x"}, headers=world.auth(outsider))
    assert r.status_code == 403
    set_role_permissions(world, project, "back", ["view_project", "view_epics"])
    assert client.post("/api/v1/epics", json=body, headers=world.auth(member)).status_code == 403
    admin = world.user()
    world.member(project, admin, role_slug="back", admin=True)
    assert client.post("/api/v1/epics", json=body, headers=world.auth(admin)).status_code == 201


def test_list_order_filters_and_headers(client, team):
    world, project, owner, member, _ = team
    statuses = epic_statuses(world, project)
    closed = next(sid for sid, is_closed in statuses if is_closed)
    a = world.item(owner, EPIC, project, epics_order=30, tags=["red"], assigned_to_id=member.id, subject="Alpha")
    b = world.item(owner, EPIC, project, epics_order=10, status_id=closed, subject="Beta")
    c = world.item(member, EPIC, project, epics_order=20, tags=["red", "blue"], subject="Gamma")
    h = world.auth(owner)

    def ids(**params):
        r = client.get("/api/v1/epics", params={"project": project.id} | params, headers=h)
        assert r.status_code == 200, r.text
        return [e["id"] for e in r.json()]

    assert ids() == [b.id, c.id, a.id]
    assert ids(order_by="-epics_order") == [a.id, c.id, b.id]
    assert ids(status=closed) == [b.id]
    assert ids(status__is_closed="false") == [c.id, a.id]
    assert ids(assigned_to=member.id) == [a.id]
    assert ids(assigned_to="null") == [b.id, c.id]
    assert ids(owner=member.id) == [c.id]
    assert ids(tags="red") == [c.id, a.id]
    assert ids(q="gam") == [c.id]
    assert ids(q=str(a.ref)) == [a.id]
    client.post(f"/api/v1/epics/{a.id}/watch", headers=world.auth(member))
    assert ids(watchers=member.id) == [a.id]
    r = client.get("/api/v1/epics", params={"project": project.id, "page_size": 2}, headers=h)
    assert r.headers["x-pagination-count"] == "3" and r.headers["x-paginated-by"] == "2"
    assert "x-pagination-next" in r.headers and set(r.json()[0]) == LIST_FIELDS
    all_rows = client.get("/api/v1/epics", params={"project": project.id}, headers=h | {"x-disable-pagination": "1"})
    assert "x-paginated" not in all_rows.headers and len(all_rows.json()) == 3
    for bad in ({"status": "abc"}, {"order_by": "nope"}, {"created_date__gte": "yesterday"}):
        r = client.get("/api/v1/epics", params=bad, headers=h)
        assert r.status_code == 400 and set(r.json()) == set(bad)


def test_list_includes_attachments_on_request(client, team):
    world, project, owner, *_ = team
    epic = world.item(owner, EPIC, project)
    h = world.auth(owner)
    form = {"project": str(project.id), "object_id": str(epic.id)}
    att = client.post("/api/v1/epics/attachments", data=form, files={"attached_file": ("a.txt", b"hi")}, headers=h)
    assert att.status_code == 201
    plain = client.get("/api/v1/epics", params={"project": project.id}, headers=h).json()[0]
    assert plain["attachments"] == []
    r = client.get("/api/v1/epics", params={"project": project.id, "include_attachments": "1"}, headers=h)
    [entry] = r.json()[0]["attachments"]
    assert entry == {"id": att.json()["id"], "attached_file": att.json()["url"], "thumbnail_card_url": None}


def test_visibility(client, team, world):
    _, project, owner, member, outsider = team
    epic = world.item(owner, EPIC, project)
    public = world.project(owner)
    shown = world.item(owner, EPIC, public)
    anonymous: dict[str, str] = {}
    for headers in (anonymous, world.auth(outsider)):
        assert [e["id"] for e in client.get("/api/v1/epics", headers=headers).json()] == [shown.id]
        assert client.get(f"/api/v1/epics/{epic.id}", headers=headers).status_code == 404
        assert client.get(f"/api/v1/epics/{shown.id}", headers=headers).status_code == 200
    listed = client.get("/api/v1/epics", headers=world.auth(member)).json()
    assert {e["id"] for e in listed} == {epic.id, shown.id}
    set_role_permissions(world, project, "back", ["view_project"])
    assert client.get(f"/api/v1/epics/{epic.id}", headers=world.auth(member)).status_code == 403
    assert client.get("/api/v1/epics", params={"project": project.id}, headers=world.auth(member)).json() == []


def test_get_with_neighbors_and_by_ref(client, team):
    world, project, owner, *_ = team
    first, second, third = (world.item(owner, EPIC, project, epics_order=i, subject=f"E{i}") for i in (1, 2, 3))
    h = world.auth(owner)
    r = client.get(f"/api/v1/epics/{second.id}", headers=h)
    assert r.status_code == 200 and set(r.json()) == DETAIL_FIELDS
    assert r.json()["neighbors"] == {
        "previous": {"id": first.id, "ref": first.ref, "subject": "E1"},
        "next": {"id": third.id, "ref": third.ref, "subject": "E3"},
    }
    by_ref = client.get("/api/v1/epics/by_ref", params={"ref": third.ref, "project": project.id}, headers=h)
    assert by_ref.status_code == 200 and by_ref.json()["id"] == third.id
    assert by_ref.json()["neighbors"] == {"previous": {"id": second.id, "ref": second.ref, "subject": "E2"},
                                          "next": None}  # fmt: skip
    assert client.get("/api/v1/epics/999999", headers=h).status_code == 404
    assert client.get("/api/v1/epics/by_ref", params={"ref": 999, "project": project.id}, headers=h).status_code == 404
    r = client.get("/api/v1/epics/by_ref", params={"ref": first.ref}, headers=h)
    assert r.status_code == 400 and "project" in r.json()


def test_edit_and_comment_permissions(client, team, world):
    _, project, owner, member, outsider = team
    epic = world.item(owner, EPIC, project)
    url = f"/api/v1/epics/{epic.id}"
    r = client.patch(url, json={"subject": "Renamed", "version": 1}, headers=world.auth(member))
    assert r.status_code == 200 and set(r.json()) == READ_FIELDS
    assert (r.json()["subject"], r.json()["version"]) == ("Renamed", 2)
    assert r.headers["taiga-info-order-updated"] == "{}"
    assert client.patch(url, json={"subject": "x"}, headers=world.auth(outsider)).status_code == 404
    assert client.patch(url, json={"subject": "x"}).status_code == 404
    set_role_permissions(world, project, "back", ["view_project", "view_epics", "comment_epic"])
    h = world.auth(member)
    assert client.patch(url, json={"subject": "x"}, headers=h).status_code == 403
    commented = client.patch(url, json={"comment": "looks good", "version": 2}, headers=h)
    assert commented.status_code == 200 and commented.json()["version"] == 3
    set_role_permissions(world, project, "back", ["view_project", "view_epics"])
    assert client.patch(url, json={"comment": "again"}, headers=h).status_code == 403


def test_edit_occ(client, team):
    world, project, owner, member, _ = team
    epic = world.item(owner, EPIC, project)
    url = f"/api/v1/epics/{epic.id}"
    h = world.auth(owner)
    assert client.patch(url, json={"subject": "One", "version": 1}, headers=h).status_code == 200
    stale = client.patch(url, json={"subject": "Two", "version": 1}, headers=h)
    assert stale.status_code == 400 and "version" in stale.json()
    other_field = client.patch(url, json={"color": "#000000", "version": 1}, headers=h)
    assert other_field.status_code == 200 and other_field.json()["version"] == 3
    assert client.patch(url, json={"subject": "x", "version": 99}, headers=h).status_code == 400
    assert client.patch(url, json={"subject": "x", "version": "abc"}, headers=h).status_code == 400
    assert client.get(url, headers=h).json()["subject"] == "One"


def test_edit_field_errors_write_nothing(client, team, world):
    _, project, owner, _, outsider = team
    epic = world.item(owner, EPIC, project)
    url = f"/api/v1/epics/{epic.id}"
    h = world.auth(owner)
    other = world.project(owner)
    for body, field in [({"status": epic_statuses(world, other)[0][0]}, "status"),
                        ({"assigned_to": outsider.id}, "assigned_to"), ({"subject": ""}, "subject"),
                        ({"subject": None}, "subject"), ({"is_blocked": None}, "is_blocked"),
                        ({"project": other.id}, "project"), ({"epics_order": "first"}, "epics_order")]:  # fmt: skip
        r = client.patch(url, json=body | {"description": "changed"}, headers=h)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert client.get(url, headers=h).json()["description"] == ""
    r = client.put(url, json={"subject": "only"}, headers=h)
    assert r.status_code == 400 and "project" in r.json()
    r = client.put(url, json={"project": project.id, "subject": "Whole", "version": 1}, headers=h)
    assert r.status_code == 200 and r.json()["subject"] == "Whole"
    r = client.patch(url, json={"subject": "x"}, headers=h | {"set-orders": "not json"})
    assert r.status_code == 400


def test_new_epics_order_shifts_the_following_epics(client, team):
    world, project, owner, *_ = team
    e1, e2, e3 = (world.item(owner, EPIC, project, epics_order=i, subject=f"E{i}") for i in (1, 2, 3))
    h = world.auth(owner)
    r = client.patch(f"/api/v1/epics/{e1.id}", json={"epics_order": 2, "version": 1}, headers=h)
    assert r.status_code == 200
    assert json.loads(r.headers["taiga-info-order-updated"]) == {str(e1.id): 2, str(e2.id): 3, str(e3.id): 4}
    listed = client.get("/api/v1/epics", params={"project": project.id}, headers=h).json()
    assert [(e["id"], e["epics_order"]) for e in listed] == [(e1.id, 2), (e2.id, 3), (e3.id, 4)]
    r = client.patch(f"/api/v1/epics/{e3.id}", json={"epics_order": 1}, headers=h | {"set-orders": json.dumps(
        {str(e2.id): 2})})  # fmt: skip
    listed = client.get("/api/v1/epics", params={"project": project.id}, headers=h).json()
    assert [e["id"] for e in listed] == [e3.id, e2.id, e1.id]


def test_delete(client, team, world):
    _, project, owner, member, outsider = team
    epic = world.item(owner, EPIC, project)
    url = f"/api/v1/epics/{epic.id}"
    assert client.delete(url, headers=world.auth(outsider)).status_code == 404
    set_role_permissions(world, project, "back", ["view_project", "view_epics", "modify_epic"])
    assert client.delete(url, headers=world.auth(member)).status_code == 403
    assert client.delete(url, headers=world.auth(owner)).status_code == 204
    assert client.get(url, headers=world.auth(owner)).status_code == 404
    assert client.delete(url, headers=world.auth(owner)).status_code == 404


def test_bulk_create(client, team, world):
    _, project, owner, member, outsider = team
    statuses = epic_statuses(world, project)
    h = world.auth(member)
    body = {"project_id": project.id, "bulk_epics": "First\n\n  Second  \n", "status_id": statuses[1][0]}
    r = client.post("/api/v1/epics/bulk_create", json=body, headers=h)
    assert r.status_code == 200, r.text
    assert [e["subject"] for e in r.json()] == ["First", "Second"]
    assert all(set(e) == READ_FIELDS and e["status"] == statuses[1][0] for e in r.json())
    default = client.post("/api/v1/epics/bulk_create", json={"project_id": project.id, "bulk_epics": "Third"},
                          headers=h)  # fmt: skip
    assert default.json()[0]["status"] == statuses[0][0]


def test_bulk_create_runs_as_many_statements_for_200_lines_as_for_10(client, team, world, query_counter):
    _, project, owner, *_ = team
    body_of = lambda n: {"project_id": project.id, "bulk_epics": "\n".join(map(str, range(n)))}  # noqa: E731
    ten, two_hundred = statements_of_bulk_creates(client, query_counter, "/api/v1/epics/bulk_create", body_of,
                                                  world.auth(owner))  # fmt: skip
    assert ten == two_hundred


def test_bulk_create_is_all_or_nothing(client, team, world):
    _, project, owner, member, outsider = team
    other = world.project(owner)
    h = world.auth(owner)
    cases = [
        ({"project_id": project.id, "bulk_epics": "ok\n" + "x" * 501}, "bulk_epics"),
        ({"project_id": project.id, "bulk_epics": " \n "}, "bulk_epics"),
        ({"project_id": project.id}, "bulk_epics"),
        ({"project_id": 999999, "bulk_epics": "a"}, "project_id"),
        ({"project_id": project.id, "bulk_epics": "a", "status_id": epic_statuses(world, other)[0][0]}, "status_id"),
        ({"bulk_epics": "a"}, "project_id"),
    ]
    for body, field in cases:
        r = client.post("/api/v1/epics/bulk_create", json=body, headers=h)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert client.get("/api/v1/epics", params={"project": project.id}, headers=h).json() == []
    body = {"project_id": project.id, "bulk_epics": "a"}
    assert client.post("/api/v1/epics/bulk_create", json=body, headers=world.auth(outsider)).status_code == 400
    assert client.post("/api/v1/epics/bulk_create", json={"project_id": other.id, "bulk_epics": "a"}).status_code == 401
    set_role_permissions(world, project, "back", ["view_project", "view_epics"])
    assert client.post("/api/v1/epics/bulk_create", json=body, headers=world.auth(member)).status_code == 403


def test_filters_data_counts(client, team):
    world, project, owner, member, _ = team
    statuses = epic_statuses(world, project)
    world.item(owner, EPIC, project, tags=["red"], assigned_to_id=member.id, subject="A")
    world.item(owner, EPIC, project, tags=["red", "blue"], status_id=statuses[1][0], subject="B")
    world.item(member, EPIC, project, subject="C")
    h = world.auth(owner)
    r = client.get("/api/v1/epics/filters_data", params={"project": project.id}, headers=h)
    assert r.status_code == 200
    data = r.json()
    assert list(data) == ["statuses", "assigned_to", "owners", "tags"]
    counts = {s["id"]: s["count"] for s in data["statuses"]}
    assert counts[statuses[0][0]] == 2 and counts[statuses[1][0]] == 1 and len(counts) == len(statuses)
    assert set(data["statuses"][0]) == {"id", "name", "color", "order", "count"}
    assigned = {a["id"]: a["count"] for a in data["assigned_to"]}
    assert assigned == {None: 2, member.id: 1, owner.id: 0}
    assert {o["id"]: o["count"] for o in data["owners"]} == {owner.id: 2, member.id: 1}
    assert {t["name"]: t["count"] for t in data["tags"]} == {"red": 2, "blue": 1}
    # each facet counts under the other filters, not its own
    r = client.get("/api/v1/epics/filters_data", params={"project": project.id, "tags": "blue",
                                                         "status": statuses[1][0]}, headers=h)  # fmt: skip
    data = r.json()
    assert {s["id"]: s["count"] for s in data["statuses"]}[statuses[0][0]] == 0
    assert {s["id"]: s["count"] for s in data["statuses"]}[statuses[1][0]] == 1
    assert {t["name"]: t["count"] for t in data["tags"]} == {"red": 1, "blue": 1}
    assert {o["id"]: o["count"] for o in data["owners"]} == {owner.id: 1}


def test_filters_data_errors(client, team, world):
    _, project, owner, _, outsider = team
    assert client.get("/api/v1/epics/filters_data", headers=world.auth(owner)).status_code == 400
    r = client.get("/api/v1/epics/filters_data", params={"project": project.id}, headers=world.auth(outsider))
    assert r.status_code == 404
    assert client.get("/api/v1/epics/filters_data", params={"project": 999999}).status_code == 404


def test_list_runs_a_constant_number_of_queries(client, team, query_counter):
    world, project, owner, member, _ = team
    h = world.auth(owner)

    def add(n):
        for i in range(n):
            epic = world.item(owner, EPIC, project, tags=["t"], assigned_to_id=member.id, subject=f"E{i}")
            client.post(f"/api/v1/epics/{epic.id}/watch", headers=world.auth(member))
            client.post(f"/api/v1/epics/{epic.id}/related_userstories/bulk_create",
                        json={"project_id": project.id, "bulk_userstories": "s1\ns2"}, headers=h)  # fmt: skip

    def count():
        query_counter.clear()
        r = client.get("/api/v1/epics", params={"project": project.id, "include_attachments": "1"}, headers=h)
        assert r.status_code == 200
        return len(query_counter), len(r.json())

    add(2)
    small, rows = count()
    assert rows == 2
    add(8)
    large, rows = count()
    assert rows == 10 and large == small
