"""Design element attachments (multipart only: 415 otherwise) and comments (author-only edits, author or
admin deletes), paged lists, project files ([ADMIN]) and storage, and the project calendar."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dialects.hacknplan.conftest import API


@pytest.fixture
def element(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    kind = client.post(f"{API}/projects/{project.id}/designelementtypes", json={"name": "Level"},
                       headers=hnp_auth(owner)).json()["designElementTypeId"]  # fmt: skip
    made = client.post(f"{API}/projects/{project.id}/designelements", json={"designElementTypeId": kind, "name": "L1"},
                       headers=hnp_auth(member)).json()  # fmt: skip
    return f"{API}/projects/{project.id}/designelements/{made['designElementId']}"


def test_attachments_upload_list_get_delete(client, team, hnp_auth, element):
    world, project, owner, member, outsider = team
    headers = hnp_auth(member)
    uploaded = client.post(f"{element}/attachments", files={"file": ("map.png", b"\x89PNG data", "image/png")},
                           headers=headers)  # fmt: skip
    assert uploaded.status_code == 200
    body = uploaded.json()
    assert (body["file"]["name"], body["file"]["size"], body["file"]["isImage"]) == ("map.png", 9, True)
    assert body["user"]["id"] == member.id and body["file"]["url"]
    one = f"{element}/attachments/{body['attachmentId']}"
    assert client.get(one, headers=headers).json() == body
    for n in range(2):
        client.post(f"{element}/attachments", files={"file": (f"f{n}.txt", b"x", "text/plain")}, headers=headers)
    page = client.get(f"{element}/attachments?offset=1&limit=1", headers=headers).json()
    assert (page["totalCount"], page["offset"], page["limit"], len(page["items"])) == (3, 1, 1, 1)
    assert client.get(f"{element}/attachments?limit=0", headers=headers).status_code == 400

    not_multipart = client.post(f"{element}/attachments", json={"file": "x"}, headers=headers)
    assert (not_multipart.status_code, not_multipart.json()) == (
        415,
        {"message": "The content is not MIME multipart content."},
    )
    assert client.post(f"{element}/attachments", files={"other": ("a", b"x")}, headers=headers).status_code == 400

    files = client.get(f"{API}/projects/{project.id}/files", headers=hnp_auth(owner))
    assert files.status_code == 200 and len(files.json()) == 3
    assert client.get(f"{API}/projects/{project.id}/files", headers=headers).status_code == 403
    storage = client.get(f"{API}/projects/{project.id}/storage", headers=headers).json()
    assert storage["projectUsedSpace"] == 11 and storage["totalUsedSpace"] >= 11
    assert client.delete(one, headers=headers).status_code == 200
    assert client.get(one, headers=headers).json() == {"message": "Attachment not found."}
    file_id = files.json()[1]["fileId"]
    assert client.delete(f"{API}/projects/{project.id}/files/{file_id}", headers=hnp_auth(owner)).status_code == 200
    assert client.get(f"{element}/attachments", headers=headers).json()["totalCount"] == 1


def test_comments(client, team, hnp_auth, element):
    world, project, owner, member, outsider = team
    url, headers = f"{element}/comments", hnp_auth(member)
    made = client.post(url, json="Needs more trees", headers=headers)
    assert made.status_code == 200
    comment = made.json()
    assert (comment["text"], comment["user"]["id"]) == ("Needs more trees", member.id)
    assert client.post(url, json="", headers=headers).json() == {"message": "Invalid comment text."}
    assert client.post(url, json="x" * 5001, headers=headers).status_code == 400
    one = f"{url}/{comment['commentId']}"
    assert client.put(one, json="Needs fewer trees", headers=hnp_auth(owner)).status_code == 403  # author only
    assert client.put(one, json="Needs fewer trees", headers=headers).status_code == 200
    listed = client.get(url, headers=hnp_auth(owner)).json()
    assert (listed["totalCount"], listed["items"][0]["text"]) == (1, "Needs fewer trees")
    other = client.post(url, json="Mine", headers=hnp_auth(team.other)).json()
    single = element.replace("/designelements/", "/designelement/")
    assert client.delete(f"{single}/comments/{other['commentId']}", headers=headers).status_code == 403
    assert client.delete(f"{single}/comments/{other['commentId']}", headers=hnp_auth(owner)).status_code == 200
    assert client.delete(f"{single}/comments/{comment['commentId']}", headers=headers).status_code == 200
    assert client.get(url, headers=headers).json()["totalCount"] == 0
    assert client.get(url, headers=hnp_auth(outsider)).status_code == 404


def test_events_show_items_boards_and_milestones_in_the_span(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    headers = hnp_auth(owner)
    world.item(owner, "story", project, subject="Ship it", due_date=date(2026, 5, 10))
    world.item(owner, "story", project, subject="Later", due_date=date(2026, 9, 10))
    may = {"name": "May", "startDate": "2026-05-01T00:00:00Z", "dueDate": "2026-05-15T00:00:00Z"}
    client.post(f"{API}/projects/{project.id}/boards", json=may, headers=headers)
    client.post(f"{API}/projects/{project.id}/milestones", json={"name": "Beta", "dueDate": "2026-05-20T00:00:00Z"},
                headers=headers)  # fmt: skip
    url = f"{API}/projects/{project.id}/events?from=2026-05-01T00:00:00Z&to=2026-05-31T00:00:00Z"
    events = client.get(url, headers=hnp_auth(member))
    assert events.status_code == 200
    assert [(e["name"], e["startDate"]) for e in events.json()] == [
        ("Ship it", "2026-05-10T00:00:00Z"),
        ("May", "2026-05-01T00:00:00Z"),
        ("Beta", "2026-05-20T00:00:00Z"),
    ]
    assert events.json()[0]["category"]["name"] == "User story"
    assert client.get(f"{API}/projects/{project.id}/events", headers=headers).status_code == 400
    assert client.get(f"{API}/projects/{project.id}/events?from=x&to=y", headers=headers).status_code == 400
