"""`planyard serve --web-client DIR`: the Taiga web client served at / with a generated conf.json."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from planyard.main import create_app


@pytest.fixture
def web(app_with, tmp_path):
    (tmp_path / "index.html").write_text("<html>taiga</html>")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_text("console.log(1)")
    return TestClient(app_with(web_client_dir=tmp_path))


def test_conf_points_the_client_at_this_api(web):
    conf = web.get("/conf.json").json()
    assert conf["api"] == "http://testserver/api/v1/"
    assert conf["eventsUrl"] == "/events" and conf["publicRegisterEnabled"] is True


def test_files_and_client_side_routes(web):
    assert web.get("/").text == "<html>taiga</html>"
    assert web.get("/project/demo/backlog").text == "<html>taiga</html>"
    assert web.get("/js/app.js").text == "console.log(1)"
    assert web.get("/js/missing.js").status_code == 404


def test_the_api_still_answers_beside_the_client(web):
    r = web.get("/api/v1/projects")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")


def test_a_folder_without_index_is_refused(settings, tmp_path):
    with pytest.raises(ValueError):
        create_app(settings.model_copy(update={"web_client_dir": tmp_path}))
