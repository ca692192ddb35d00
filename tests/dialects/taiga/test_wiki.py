"""Taiga wiki pages and wiki links (§29, §30): CRUD, by_slug, OCC, watchers, attachments, history,
permissions, bad input, and parallel edits with one OCC winner."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from planyard.models import Watch

WIKI, LINKS = "/api/v1/wiki", "/api/v1/wiki-links"
PAGE_FIELDS = {"id", "project", "project_extra_info", "slug", "content", "owner", "last_modifier", "created_date",
               "modified_date", "html", "editions", "version", "is_watcher", "total_watchers"}  # fmt: skip


def create(client, world, user, project, slug="home", content="Hello **wiki**", **extra):
    body = {"project": project.id, "slug": slug, "content": content, **extra}
    return client.post(WIKI, json=body, headers=world.auth(user))


def test_an_empty_wiki_lists_nothing(client, team):
    world, project, owner, *_ = team
    for path in (WIKI, LINKS):
        res = client.get(path, params={"project": project.id}, headers=world.auth(owner))
        assert res.status_code == 200 and res.json() == []


def test_create_get_by_slug_and_list(client, team):
    world, project, owner, member, outsider = team
    res = create(client, world, owner, project, watchers=[member.id])
    assert res.status_code == 201, res.text
    page = res.json()
    assert set(page) == PAGE_FIELDS
    assert page["slug"] == "home" and page["project"] == project.id and page["owner"] == owner.id
    assert page["last_modifier"] == owner.id and page["version"] == 1 and page["editions"] == 2
    assert page["html"] == "<p>Hello <strong>wiki</strong></p>\n"
    assert page["project_extra_info"]["id"] == project.id
    assert page["total_watchers"] == 1 and page["is_watcher"] is False
    got = client.get(f"{WIKI}/by_slug", params={"project": project.id, "slug": "home"}, headers=world.auth(member))
    assert got.status_code == 200 and got.json()["id"] == page["id"] and got.json()["is_watcher"] is True
    assert client.get(f"{WIKI}/{page['id']}", headers=world.auth(member)).json()["content"] == "Hello **wiki**"
    create(client, world, owner, project, slug="about")
    listed = client.get(WIKI, params={"project": project.id}, headers=world.auth(member)).json()
    assert [p["slug"] for p in listed] == ["about", "home"]
    # a private project's wiki is hidden from outsiders and anonymous users
    assert client.get(f"{WIKI}/{page['id']}", headers=world.auth(outsider)).status_code == 404
    assert client.get(WIKI, params={"project": project.id}).json() == []
    missing = client.get(f"{WIKI}/by_slug", params={"project": project.id, "slug": "nope"}, headers=world.auth(owner))
    assert missing.status_code == 404
    assert client.get(f"{WIKI}/by_slug", headers=world.auth(owner)).status_code == 404


def test_create_errors_and_permissions(client, team):
    world, project, owner, member, outsider = team
    assert client.post(WIKI, json={"project": project.id, "slug": "x"}).status_code == 401
    assert create(client, world, outsider, project).status_code == 400  # the project can't be seen
    assert client.post(WIKI, json={"project": project.id}, headers=world.auth(owner)).json() == {
        "slug": ["This field is required."]}  # fmt: skip
    assert "project" in create(client, world, owner, type("P", (), {"id": 999999})()).json()
    assert create(client, world, owner, project, slug=" ").status_code == 400
    assert client.post(WIKI, json={"project": project.id, "slug": 5}, headers=world.auth(owner)).status_code == 400
    bad = client.post(WIKI, content=b"{", headers={**world.auth(owner), "content-type": "application/json"})
    assert bad.status_code == 400
    assert create(client, world, owner, project, watchers=[outsider.id]).status_code == 400
    assert create(client, world, member, project).status_code == 201  # members may add pages
    again = create(client, world, owner, project)
    assert again.status_code == 400 and again.json() == {
        "slug": ["Wiki page with this Project and Slug already exists."]}  # fmt: skip


def test_edit_with_version_delete_and_history(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project).json()
    url = f"{WIKI}/{page['id']}"
    res = client.patch(url, json={"content": "Second", "version": 1}, headers=world.auth(member))
    assert res.status_code == 200, res.text
    assert res.json()["version"] == 2 and res.json()["last_modifier"] == member.id and res.json()["editions"] == 3
    stale = client.patch(url, json={"content": "Third", "version": 1}, headers=world.auth(owner))
    assert stale.status_code == 400 and "version" in stale.json()
    assert client.patch(url, json={"content": "x"}, headers=world.auth(outsider)).status_code == 404
    assert client.patch(url, json={"slug": None}, headers=world.auth(owner)).status_code == 400
    assert client.put(url, json={"content": "no slug"}, headers=world.auth(owner)).status_code == 400
    put = client.put(url, json={"slug": "start", "content": "Put", "version": 2}, headers=world.auth(owner))
    assert put.status_code == 200 and put.json()["slug"] == "start" and put.json()["version"] == 3
    history = client.get(f"/api/v1/history/wiki/{page['id']}", headers=world.auth(owner))
    assert history.status_code == 200
    entries = history.json()
    assert entries[0]["key"] == f"wiki.wikipage:{page['id']}" and entries[0]["diff"]["content"] == ["Second", "Put"]
    assert client.get("/api/v1/history/wiki/999999", headers=world.auth(owner)).status_code == 404
    assert client.patch(f"{WIKI}/999999", json={"content": "x"}, headers=world.auth(owner)).status_code == 404
    assert client.delete(url, headers=world.auth(outsider)).status_code == 404
    assert client.delete(url, headers=world.auth(owner)).status_code == 204
    assert client.get(url, headers=world.auth(owner)).status_code == 404


def test_watch_unwatch_and_watchers(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project).json()
    url = f"{WIKI}/{page['id']}"
    assert client.post(f"{url}/watch").status_code in (401, 404)
    assert client.post(f"{url}/watch", headers=world.auth(outsider)).status_code == 404
    res = client.post(f"{url}/watch", headers=world.auth(member))
    assert res.status_code == 200 and res.content == b""
    client.post(f"{url}/watch", headers=world.auth(member))  # twice is once
    watchers = client.get(f"{url}/watchers", headers=world.auth(owner)).json()
    assert watchers == [{"id": member.id, "username": "member", "full_name": member.full_name or "member"}]
    assert client.get(url, headers=world.auth(member)).json()["is_watcher"] is True
    assert client.post(f"{url}/unwatch", headers=world.auth(member)).status_code == 200
    assert client.get(f"{url}/watchers", headers=world.auth(owner)).json() == []
    assert client.get(f"{WIKI}/999999/watchers", headers=world.auth(owner)).status_code == 404


def test_attachments_of_a_page(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project).json()
    files = {"attached_file": ("notes.txt", b"hello", "text/plain")}
    data = {"project": str(project.id), "object_id": str(page["id"])}
    res = client.post(f"{WIKI}/attachments", data=data, files=files, headers=world.auth(member))
    assert res.status_code == 201, res.text
    att = res.json()
    assert att["object_id"] == page["id"] and att["name"] == "notes.txt" and att["size"] == 5
    listed = client.get(f"{WIKI}/attachments", params={"object_id": page["id"]}, headers=world.auth(owner)).json()
    assert [a["id"] for a in listed] == [att["id"]]
    # a story's attachments are not the page's
    assert client.get(f"/api/v1/userstories/attachments/{att['id']}", headers=world.auth(owner)).status_code == 404
    edit = client.patch(f"{WIKI}/attachments/{att['id']}", json={"description": "d"}, headers=world.auth(owner))
    assert edit.status_code == 200 and edit.json()["description"] == "d"
    assert client.get(f"{WIKI}/attachments/{att['id']}", headers=world.auth(outsider)).status_code == 404
    unknown = {"project": str(project.id), "object_id": "999999"}
    assert client.post(f"{WIKI}/attachments", data=unknown, files=files, headers=world.auth(owner)).status_code == 400
    assert client.delete(f"{WIKI}/attachments/{att['id']}", headers=world.auth(owner)).status_code == 204
    assert client.get(f"{WIKI}/attachments/{att['id']}", headers=world.auth(owner)).status_code == 404


def test_links_make_their_href_and_page(client, team):
    world, project, owner, member, outsider = team
    res = client.post(LINKS, json={"project": project.id, "title": "Team Rules", "href": "ignored"},
                      headers=world.auth(owner))  # fmt: skip
    assert res.status_code == 201, res.text
    link = res.json()
    assert set(link) == {"id", "project", "title", "href", "order"}
    assert link["href"] == "team-rules" and isinstance(link["order"], int)
    page = client.get(
        f"{WIKI}/by_slug", params={"project": project.id, "slug": "team-rules"}, headers=world.auth(owner)
    )
    assert page.status_code == 200 and page.json()["content"] == ""
    second = client.post(LINKS, json={"project": project.id, "title": "Team Rules", "order": 1},
                         headers=world.auth(owner)).json()  # fmt: skip
    assert second["href"] == "team-rules-2" and second["order"] == 1
    listed = client.get(LINKS, params={"project": project.id}, headers=world.auth(member)).json()
    assert [x["id"] for x in listed] == [second["id"], link["id"]]
    url = f"{LINKS}/{link['id']}"
    edited = client.patch(url, json={"title": "Rules", "order": 5}, headers=world.auth(member))
    assert edited.status_code == 200 and edited.json()["title"] == "Rules" and edited.json()["href"] == "team-rules"
    assert client.put(url, json={"order": 3}, headers=world.auth(owner)).status_code == 400
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    public_link = client.post(LINKS, json={"project": team.public.id, "title": "Open"}, headers=world.auth(owner))
    public_url = f"{LINKS}/{public_link.json()['id']}"
    assert client.get(public_url, headers=world.auth(outsider)).status_code == 200
    assert client.patch(public_url, json={"title": "X"}, headers=world.auth(outsider)).status_code == 403
    assert client.delete(public_url).status_code == 401
    refused = client.post(LINKS, json={"project": team.public.id, "title": "X"}, headers=world.auth(outsider))
    assert refused.status_code == 403
    assert client.post(LINKS, json={"project": project.id}, headers=world.auth(owner)).status_code == 400
    assert client.post(LINKS, json={"project": 999999, "title": "X"}, headers=world.auth(owner)).status_code == 400
    assert client.delete(url, headers=world.auth(owner)).status_code == 204
    assert client.get(url, headers=world.auth(owner)).status_code == 404
    assert client.get(f"{LINKS}/999999", headers=world.auth(owner)).status_code == 404


@pytest.mark.real_db
def test_parallel_edits_of_one_version_have_one_winner(app, world):
    owner = world.user("owner")
    project = world.project(owner, private=True)
    with TestClient(app) as client:
        page = create(client, world, owner, project).json()
    headers = world.auth(owner)

    def edit(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            body = {"content": f"edit {n}", "version": 1}
            return own.patch(f"{WIKI}/{page['id']}", json=body, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(edit, range(6)))
    assert sorted(codes) == [200] + [400] * 5
    with TestClient(app) as client:
        final = client.get(f"{WIKI}/{page['id']}", headers=headers).json()
    assert final["version"] == 2 and final["editions"] == 3


def test_search_and_resolver_find_pages(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project, slug="release-notes", content="Shipping the rocket").json()
    create(client, world, owner, project, slug="other", content="nothing here")
    found = client.get("/api/v1/search", params={"project": project.id, "text": "rocket"}, headers=world.auth(member))
    assert found.json()["wikipages"] == [{"id": page["id"], "slug": "release-notes"}]
    by_slug = client.get("/api/v1/search", params={"project": project.id, "text": "release"}, headers=world.auth(owner))
    assert [p["slug"] for p in by_slug.json()["wikipages"]] == ["release-notes"]
    res = client.get("/api/v1/resolver", params={"project": project.slug, "wikipage": "release-notes"},
                     headers=world.auth(member))  # fmt: skip
    assert res.json() == {"project": project.id, "wikipage": page["id"]}
    missing = client.get("/api/v1/resolver", params={"project": project.slug, "wikipage": "nope"},
                         headers=world.auth(member))  # fmt: skip
    assert missing.status_code == 404


def test_deleting_the_project_takes_its_pages_and_their_watches(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project, watchers=[member.id]).json()
    assert client.delete(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).status_code == 204
    left = world.run(lambda ctx: ctx.session.scalars(select(Watch.id).where(
        Watch.target_type == "wiki_page", Watch.target_id == page["id"])).all())  # fmt: skip
    assert left == []
    assert client.get(f"{WIKI}/{page['id']}", headers=world.auth(owner)).status_code == 404


def test_render_previews_wiki_text(client, team):
    world, project, owner, member, outsider = team
    res = client.post(f"{WIKI}/render", json={"content": "*hi*", "project_id": project.id}, headers=world.auth(member))
    assert res.status_code == 200 and res.json() == {"data": "<p><em>hi</em></p>\n"}
    assert client.post(f"{WIKI}/render", json={"project_id": project.id}).json() == {
        "content": ["'content' parameter is mandatory"]}  # fmt: skip
    assert client.post(f"{WIKI}/render", json={"content": "x"}).status_code == 400
    hidden = client.post(
        f"{WIKI}/render", json={"content": "x", "project_id": project.id}, headers=world.auth(outsider)
    )
    assert hidden.status_code == 404


def test_pages_show_in_the_project_timeline(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project, slug="guide", content="v1").json()
    client.patch(f"{WIKI}/{page['id']}", json={"content": "v2"}, headers=world.auth(member))
    client.post(f"{WIKI}/{page['id']}/watch", headers=world.auth(member))  # not an event
    events = client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(owner)).json()
    wiki = [e for e in events if e["event_type"].startswith("wiki.wikipage.")]
    assert [e["event_type"] for e in wiki] == ["wiki.wikipage.change", "wiki.wikipage.create"]
    assert wiki[0]["data"]["wikipage"] == {"id": page["id"], "slug": "guide"}
    assert wiki[0]["data"]["user"]["id"] == member.id
    client.delete(f"{WIKI}/{page['id']}", headers=world.auth(owner))
    events = client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(owner)).json()
    assert events[0]["event_type"] == "wiki.wikipage.delete" and events[0]["data"]["wikipage"]["slug"] == "guide"
    assert client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(outsider)).status_code == 404


def test_comments_on_a_page_and_their_history_actions(client, team):
    world, project, owner, member, outsider = team
    page = create(client, world, owner, project).json()
    res = client.patch(f"{WIKI}/{page['id']}", json={"comment": "Looks good", "version": 1}, headers=world.auth(member))
    assert res.status_code == 200 and res.json()["version"] == 2 and res.json()["content"] == page["content"]
    history = client.get(f"/api/v1/history/wiki/{page['id']}", headers=world.auth(owner)).json()
    entry = next(e for e in history if e["comment"] == "Looks good")
    url = f"/api/v1/history/wiki/{page['id']}/delete_comment"
    assert client.post(url, params={"id": entry["id"]}, headers=world.auth(outsider)).status_code == 404
    assert client.post(url, params={"id": entry["id"]}, headers=world.auth(member)).status_code == 204
    again = client.get(f"/api/v1/history/wiki/{page['id']}", headers=world.auth(owner)).json()
    assert next(e for e in again if e["id"] == entry["id"])["delete_comment_date"] is not None
