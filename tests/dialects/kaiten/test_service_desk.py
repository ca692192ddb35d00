"""Kaiten service desk: services, a card's external recipients, a card's SLA measurements."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from planyard.models import ItemSla, ServiceDeskService, Sla, WorkItem
from tests.dialects.kaiten.conftest import API


def test_services_are_listed(client, world, kaiten_auth):
    user = world.user()

    def work(ctx):
        from planyard.core.projects.service import default_workspace

        ctx.session.add(ServiceDeskService(workspace_id=default_workspace(ctx).id, name="Support",
                                           settings={"allowed_email_masks": ["*@example.com"]}))  # fmt: skip

    world.run(work, actor=user)
    services = client.get(f"{API}/service-desk/services", headers=kaiten_auth(user))
    assert services.status_code == 200
    assert [(s["name"], s["settings"]) for s in services.json()] == [
        ("Support", {"allowed_email_masks": ["*@example.com"]})
    ]
    assert client.get(f"{API}/service-desk/services").status_code == 401


def test_external_recipients(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    story = world.item(owner, "story", project)
    url = f"{API}/cards/{story.id}/sd-external-recipients"
    added = client.post(url, json={"email": "client@example.org"}, headers=kaiten_auth(member))
    assert added.status_code == 200, added.text
    assert (added.json()["card_id"], added.json()["email"], added.json()["user_id"]) == (
        story.id,
        "client@example.org",
        None,
    )
    known = client.post(url, json={"email": outsider.email}, headers=kaiten_auth(member)).json()
    assert known["user_id"] == outsider.id
    assert client.post(url, json={"email": "client@example.org"}, headers=kaiten_auth(member)).status_code == 200
    removed = client.delete(f"{url}/client@example.org", headers=kaiten_auth(member))
    assert (removed.status_code, removed.json()["email"]) == (200, "client@example.org")
    assert client.delete(f"{url}/client@example.org", headers=kaiten_auth(member)).status_code == 404
    assert client.post(url, json={"email": "not an email"}, headers=kaiten_auth(member)).status_code == 400
    assert client.post(url, json={}, headers=kaiten_auth(member)).status_code == 400
    assert client.post(url, json={"email": "x@example.org"}, headers=kaiten_auth(outsider)).status_code == 404
    assert client.post(f"{API}/cards/999999/sd-external-recipients", json={"email": "x@example.org"},
                       headers=kaiten_auth(owner)).status_code == 404  # fmt: skip


def test_sla_measurements_count_the_time_in_the_rules_columns(client, team, kaiten_auth):
    world, project, owner, member, outsider = team
    story = world.item(owner, "story", project)

    def setup(ctx):
        sla = Sla(workspace_id=project.workspace_id, name="Answer in a day",
                  rules=[{"id": "first", "status_ids": [story.status_id]}])  # fmt: skip
        ctx.session.add(sla)
        ctx.session.flush()
        ctx.session.add(ItemSla(work_item_id=story.id, sla_id=sla.id))
        row = ctx.session.get(WorkItem, story.id)
        row.created_date = row.created_date - timedelta(hours=1)  # it has waited an hour

    world.run(setup, actor=owner)
    measured = client.get(f"{API}/cards/{story.id}/sla-rules-measurements", headers=kaiten_auth(member))
    assert measured.status_code == 200, measured.text
    (rule,) = measured.json()["rulesTimeData"]
    assert (rule["rule_id"], rule["card_id"], rule["started"], rule["completed"]) == ("first", story.id, True, False)
    assert 3_590_000 <= rule["actual_time"] <= 3_700_000
    assert (
        client.get(f"{API}/cards/{story.id}/sla-rules-measurements", headers=kaiten_auth(outsider)).status_code == 404
    )
    other = world.item(owner, "story", project)
    assert client.get(f"{API}/cards/{other.id}/sla-rules-measurements", headers=kaiten_auth(owner)).json() == {
        "calendars": [], "rulesTimeData": []}  # fmt: skip


@pytest.mark.real_db
def test_parallel_recipients_are_all_kept(client, world, kaiten_auth):
    owner = world.user()
    project = world.project(owner)
    story = world.item(owner, "story", project)
    headers, url = kaiten_auth(owner), f"{API}/cards/{story.id}/sd-external-recipients"
    barrier, codes = threading.Barrier(8), []

    def add(n: int) -> None:
        barrier.wait()
        codes.append(client.post(url, json={"email": f"c{n}@example.org"}, headers=headers).status_code)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 8
    from planyard.core import service_desk

    kept = world.run(lambda ctx: service_desk.recipients(ctx, [story.id]), actor=owner)[story.id]
    assert set(kept) == {f"c{n}@example.org" for n in range(8)}
