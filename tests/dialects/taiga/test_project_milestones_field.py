"""The project detail lists the project's sprints (taiga-back's `milestones`: id, slug, name, closed, by start date).

The web client's new-issue form indexes `project.milestones` by id and fails without the list."""

from __future__ import annotations


def _sprint(client, h, project_id, name, start):
    body = {"project": project_id, "name": name, "estimated_start": start, "estimated_finish": "2027-12-31"}
    r = client.post("/api/v1/milestones", json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_project_detail_lists_its_milestones_by_start_date(client, world):
    owner = world.user()
    project = world.project(owner)
    h = world.auth(owner)
    assert client.get(f"/api/v1/projects/{project.id}", headers=h).json()["milestones"] == []
    late = _sprint(client, h, project.id, "Late", "2027-03-01")
    early = _sprint(client, h, project.id, "Early", "2027-01-01")
    client.patch(f"/api/v1/milestones/{early['id']}", json={"closed": True}, headers=h)
    _sprint(client, h, world.project(owner).id, "Elsewhere", "2027-02-01")
    expected = [
        {"id": early["id"], "slug": early["slug"], "name": "Early", "closed": True},
        {"id": late["id"], "slug": late["slug"], "name": "Late", "closed": False},
    ]
    assert client.get(f"/api/v1/projects/{project.id}", headers=h).json()["milestones"] == expected
    by_slug = client.get("/api/v1/projects/by_slug", params={"slug": project.slug}, headers=h).json()
    assert by_slug["milestones"] == expected
    assert "milestones" not in client.get("/api/v1/projects", headers=h).json()[0]


def test_project_detail_milestones_cost_one_query_for_any_number(client, world, query_counter):
    owner = world.user()
    project = world.project(owner)
    h = world.auth(owner)

    def count(sprints):
        for i in range(sprints):
            _sprint(client, h, project.id, f"Sprint {i}-{sprints}", f"2027-01-{i + 1:02d}")
        query_counter.clear()
        body = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
        return len(query_counter), len(body["milestones"])

    small = count(1)
    large = count(6)
    assert small[1] == 1 and large[1] == 7 and small[0] == large[0]
