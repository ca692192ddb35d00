from starlette.testclient import TestClient


def test_dbg(app, world):
    client = TestClient(app)
    owner = world.user()
    project = world.project(owner)
    h = world.auth(owner)
    for tag in ("a", "b"):
        client.post(f"/api/v1/projects/{project.id}/create_tag", json={"tag": tag, "color": None}, headers=h)
    client.get("/api/v1/epics/filters_data", params={"project": project.id}, headers=h)
