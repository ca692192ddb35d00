"""The core raises coded errors; the Taiga dialect words them as taiga-back does (dialects/taiga/messages.py)."""

from __future__ import annotations

from planyard.dialects.taiga import messages
from planyard.kit.errors import Invalid, NotFound, Problem
from tests.dialects.taiga.test_project_templates import CUSTOM


def not_found(text: str) -> dict[str, str]:
    return {"_error_message": text, "_error_type": "taiga.base.exceptions.NotFound"}


def test_not_found_names_taigas_model(client, team):
    world, project, owner, *_ = team
    h = world.auth(owner)
    assert client.get("/api/v1/milestones/99999", headers=h).json() == not_found(
        "No Milestone matches the given query."
    )
    assert client.get("/api/v1/userstories/99999", headers=h).json() == not_found(
        "No User story matches the given query."
    )
    assert client.get("/api/v1/swimlanes/99999", headers=h).json() == not_found("No Swimlane matches the given query.")


def test_problems_of_several_fields_are_worded_one_by_one(client, world):
    headers = world.auth(world.user(superuser=True))
    roles = [{"name": "Lead", "slug": "lead", "order": 1, "permissions": ["view_project", "fly", "swim"]}]
    r = client.post("/api/v1/project-templates", json=CUSTOM | {"roles": roles, "name": " "}, headers=headers)
    assert r.status_code == 400
    assert r.json() == {"name": ["This field may not be blank."],
                        "roles": ["Invalid permission: fly", "Invalid permission: swim"]}  # fmt: skip


def test_an_empty_upload_is_no_file(client, world):
    headers = world.auth(world.user())
    r = client.post("/api/v1/users/change_avatar", files={"avatar": ("a.png", b"", "image/png")}, headers=headers)
    assert r.status_code == 400 and r.json() == {"avatar": ["No file was submitted."]}


def test_a_bad_page_is_told_after_the_core_looked_the_list_up(client, team):
    world, project, owner, *_ = team
    h = world.auth(owner)
    assert client.get("/api/v1/history/userstory/99999?page=abc", headers=h).status_code == 404
    r = client.get(f"/api/v1/userstories?project={project.id}&page=abc", headers=h)
    assert r.status_code == 400
    assert r.json()["_error_message"] == "Page is not 'last', nor can it be converted to an int."


def test_words_by_code_entity_and_params():
    assert messages.text(NotFound(entity="lane_status")) == "No SwimlaneUserStoryStatus matches the given query."
    assert messages.text(NotFound()) == "Not found."  # no entity: the plain default
    assert messages.field_errors(Invalid(code="duplicate", field="name")) == {"name": ["Duplicated name"]}
    assert messages.field_errors(Invalid(code="duplicate", entity="custom_field", field="name")) == {
        "name": ["Already exists one with the same name."]
    }
    problem = Invalid(fields={"points": [Problem("unknown_points", {"roles": [7]})]})
    assert messages.field_errors(problem) == {"points": ["Invalid role or points for the project: roles [7]."]}
    assert messages.text(Invalid("A text of its own.", code="duplicate")) == "A text of its own."
