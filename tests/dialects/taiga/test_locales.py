"""Taiga §38 Locales: the list of languages, open to anyone."""

from __future__ import annotations


def test_locales_list_code_name_bidi_for_anyone(client):
    r = client.get("/api/v1/locales")
    assert r.status_code == 200
    locales = r.json()
    assert isinstance(locales, list) and len(locales) >= 20
    for locale in locales:
        assert set(locale) == {"code", "name", "bidi"}
        assert isinstance(locale["code"], str) and isinstance(locale["name"], str)
        assert isinstance(locale["bidi"], bool)
    by_code = {locale["code"]: locale for locale in locales}
    assert by_code["es"]["name"] == "Español" and by_code["es"]["bidi"] is False
    assert by_code["en"]["bidi"] is False
    assert {code for code, locale in by_code.items() if locale["bidi"]} == {"ar", "fa", "he"}
    assert {"de", "fr", "pt-br", "ru", "zh-hans", "ja"} <= by_code.keys()


def test_locales_same_for_logged_in_user(client, world):
    user = world.user()
    assert client.get("/api/v1/locales", headers=world.auth(user)).json() == client.get("/api/v1/locales").json()
