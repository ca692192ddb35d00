"""What a user does in the Taiga web client, step by step through the UI. Every step checks its change twice:
on the page after a reload, and through the API. A flow raises AssertionError (or a playwright timeout) when
the client could not do it; later flows build on the items the earlier ones created."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planyard_api import Api
from playwright.sync_api import Page, expect
from ui import (
    add_tag,
    comment,
    create_in_lightbox,
    drag,
    edit_description,
    edit_subject,
    expect_call,
    pick,
    reload,
    settle,
    submit,
    visit,
)

STORY = "E2E story from the lightbox"
STORY_RENAMED = "E2E story, renamed on its page"
STORY_TEXT = "Description edited on the detail page"
SPRINT = "E2E sprint"
TASK = "E2E task from the taskboard"
ISSUE = "E2E issue from the issues list"
TAG = "e2e-tag"


@dataclass
class Run:
    page: Page
    base: str
    api: Api
    seeded: dict[str, Any]
    other: Page  # a second browser (its own context and client session), logged in as the same user
    made: dict[str, Any] = field(default_factory=dict)  # what the flows created, by name

    @property
    def project(self) -> dict[str, Any]:
        return self.seeded["project"]

    @property
    def me(self) -> dict[str, Any]:
        return self.seeded["me"]

    def go(self, path: str) -> None:
        visit(self.page, f"{self.base}/project/{self.project['slug']}{path}")

    def ordered(self, key: str) -> list[dict[str, Any]]:
        return sorted(self.project[key], key=lambda row: (row["order"], row["id"]))


def create_story(run: Run) -> None:
    """Backlog: '+ User story', type subject and description, Create."""
    page = run.page
    run.go("/backlog")
    page.locator("button[ng-click=\"ctrl.addNewUs('standard')\"]").first.click()
    story = run.made["story"] = create_in_lightbox(page, "/userstories", STORY, "Created from the backlog lightbox")
    reload(page)
    expect(page.locator(f".backlog-table-body .row[data-id='{story['id']}']")).to_contain_text(STORY)
    stored = run.api.get(f"/userstories/{story['id']}")
    assert (stored["subject"], stored["description"], stored["milestone"]) == (
        STORY, "Created from the backlog lightbox", None,
    ), stored  # fmt: skip


def edit_story(run: Run) -> None:
    """Story page: retitle, rewrite the description, add a tag, 'Assign to me'."""
    page, story = run.page, run.made["story"]
    path = f"/userstories/{story['id']}"
    run.go(f"/us/{story['ref']}")
    edit_subject(page, STORY_RENAMED, path)
    edit_description(page, STORY_TEXT, path)
    add_tag(page, TAG, path)
    with expect_call(page, "PATCH", path):
        page.locator("section[tg-assigned-users] a[ng-click='selfAssign()']").click()
    settle(page)
    reload(page)
    expect(page.locator("span.detail-subject")).to_have_text(STORY_RENAMED)
    expect(page.locator("tg-wysiwyg[content='item.description'] .js-wysiwyg-html")).to_contain_text(STORY_TEXT)
    expect(page.locator("tg-tag-line-common").first).to_contain_text(TAG)
    expect(page.locator("section[tg-assigned-users]")).to_contain_text(run.me["full_name_display"])
    stored = run.api.get(path)
    assert stored["subject"] == STORY_RENAMED and stored["description"] == STORY_TEXT, stored
    assert [t[0] for t in stored["tags"]] == [TAG], stored["tags"]
    assert stored["assigned_users"] == [run.me["id"]] and stored["assigned_to"] == run.me["id"], stored


def plan_sprint(run: Run) -> None:
    """Backlog: 'Add sprint' lightbox, then drag the story from the backlog table into the new sprint."""
    page, story = run.page, run.made["story"]
    run.go("/backlog")
    page.locator("a[ng-click='ctrl.addNewSprint()']").click()
    box = page.locator(".lightbox.open").first
    name = ".lightbox.open input[name=name]"
    page.locator(name).type(SPRINT, delay=10)
    page.wait_for_timeout(300)
    sprint = run.made["sprint"] = submit(
        page, box.locator("button[type=submit]"), "POST", "/milestones", {name: SPRINT}
    )
    settle(page)
    row = page.locator(f".backlog-table-body .row[data-id='{story['id']}']")
    target = page.locator(".sprint", has_text=SPRINT).locator(".sprint-table")
    with expect_call(page, "POST", "/userstories/bulk_update_backlog_order"):
        drag(page, row.locator(".draggable-us-row"), target)
    settle(page)
    reload(page)
    expect(page.locator(".sprint", has_text=SPRINT)).to_contain_text(STORY_RENAMED)
    expect(row).to_have_count(0)
    stored = run.api.get(f"/userstories/{story['id']}")
    assert stored["milestone"] == sprint["id"], stored["milestone"]
    listed = run.api.get(f"/milestones/{sprint['id']}")
    assert [s["id"] for s in listed["user_stories"]] == [story["id"]], listed["user_stories"]


def taskboard(run: Run) -> None:
    """Sprint taskboard: '+' on the story's row adds a task; drag its card to the next status column."""
    page, story, sprint = run.page, run.made["story"], run.made["sprint"]
    run.go(f"/taskboard/{sprint['slug']}")
    row = page.locator(".taskboard-row", has_text=STORY_RENAMED)
    row.locator("tg-svg[title='Add a new task']").click()
    task = run.made["task"] = create_in_lightbox(page, "/tasks", TASK)
    doing = run.ordered("task_statuses")[1]
    card = row.locator(f"tg-card[data-id='{task['id']}']")
    with expect_call(page, "PATCH", f"/tasks/{task['id']}"):
        drag(page, card, row.locator(f".taskboard-cards-box.squish-status-{doing['id']}"))
    settle(page)
    reload(page)
    expect(row.locator(f".squish-status-{doing['id']} tg-card[data-id='{task['id']}']")).to_contain_text(TASK)
    stored = run.api.get(f"/tasks/{task['id']}")
    assert (stored["status"], stored["user_story"], stored["milestone"]) == (doing["id"], story["id"], sprint["id"])


def assign_task(run: Run) -> None:
    """Task page: 'Assign to me'."""
    page, task = run.page, run.made["task"]
    run.go(f"/task/{task['ref']}")
    with expect_call(page, "PATCH", f"/tasks/{task['id']}"):
        page.locator("section[tg-assigned-to] a[ng-click='selfAssign()']").click()
    settle(page)
    reload(page)
    expect(page.locator("section[tg-assigned-to]")).to_contain_text(run.me["full_name_display"])
    assert run.api.get(f"/tasks/{task['id']}")["assigned_to"] == run.me["id"]


def kanban(run: Run) -> None:
    """Kanban: drag the story to another column, then to the other swimlane, then drop a second story above it."""
    page, story, other = run.page, run.made["story"], run.seeded["backlog_story"]
    lanes = [lane["id"] for lane in run.ordered("swimlanes")]
    assert len(lanes) >= 2, "the seeded project has two swimlanes"
    column = run.ordered("us_statuses")[2]["id"]
    run.go("/kanban")

    def cell(lane: int) -> Any:
        return page.locator(f".kanban-uses-box[data-status='{column}'][data-swimlane='{lane}']")

    def card(item: dict[str, Any]) -> Any:
        return page.locator(f"tg-card[data-id='{item['id']}']")

    for lane in lanes[:2]:
        with expect_call(page, "POST", "/userstories/bulk_update_kanban_order"):
            drag(page, card(story), cell(lane))
        settle(page)
    with expect_call(page, "POST", "/userstories/bulk_update_kanban_order"):
        drag(page, card(other), card(story), dy=-card(story).bounding_box()["height"] / 3)  # type: ignore[index]
    settle(page)
    reload(page)
    expect(cell(lanes[1]).locator("tg-card")).to_have_count(2)
    assert cell(lanes[1]).locator("tg-card").evaluate_all("cs => cs.map(c => +c.dataset.id)") == [
        other["id"], story["id"],
    ]  # fmt: skip
    mine, theirs = run.api.get(f"/userstories/{story['id']}"), run.api.get(f"/userstories/{other['id']}")
    assert (mine["status"], mine["swimlane"], theirs["status"], theirs["swimlane"]) == (
        column, lanes[1], column, lanes[1],
    ), (mine, theirs)  # fmt: skip
    assert theirs["kanban_order"] < mine["kanban_order"], (theirs["kanban_order"], mine["kanban_order"])


def live_kanban(run: Run) -> None:
    """Two browsers on one kanban: a card dragged in one moves in the other without a reload (live events
    over the /events websocket), both ways."""
    story, lane = run.made["story"], run.ordered("swimlanes")[1]["id"]
    columns = [status["id"] for status in run.ordered("us_statuses")]
    run.go("/kanban")
    visit(run.other, f"{run.base}/project/{run.project['slug']}/kanban")

    def cell(page: Page, column: int) -> Any:
        return page.locator(f".kanban-uses-box[data-status='{column}'][data-swimlane='{lane}']")

    for mover, watcher, column in ((run.page, run.other, columns[1]), (run.other, run.page, columns[3])):
        with expect_call(mover, "POST", "/userstories/bulk_update_kanban_order"):
            drag(mover, mover.locator(f"tg-card[data-id='{story['id']}']"), cell(mover, column))
        expect(cell(watcher, column).locator(f"tg-card[data-id='{story['id']}']")).to_have_count(1, timeout=15000)
    assert run.api.get(f"/userstories/{story['id']}")["status"] == columns[3]


def issue(run: Run) -> None:
    """Issues list: '+ New issue'; on its page change status, type, priority and severity, assign it through
    the people lightbox, tag it."""
    page = run.page
    run.go("/issues")
    page.locator("button[ng-click*='ddNewIssue']:visible").first.click()
    created = run.made["issue"] = create_in_lightbox(page, "/issues", ISSUE, "Steps to reproduce")
    reload(page)
    expect(page.locator(".issues-table")).to_contain_text(ISSUE)
    path = f"/issues/{created['id']}"
    run.go(f"/issue/{created['ref']}")
    wanted = {
        "status": other_than(run.ordered("issue_statuses"), created["status"]),
        "type": other_than(run.ordered("issue_types"), created["type"]),
        "priority": other_than(run.ordered("priorities"), created["priority"]),
        "severity": other_than(run.ordered("severities"), created["severity"]),
    }
    pick(page, "span[tg-issue-status-button] .js-edit-status",
         f"span[tg-issue-status-button] a.status[data-status-id='{wanted['status']['id']}']", path)  # fmt: skip
    for name in ("type", "priority", "severity"):
        pick(page, f"div[tg-issue-{name}-button] .{name}-data",
             f"div[tg-issue-{name}-button] a.{name}[data-{name}-id='{wanted[name]['id']}']", path)  # fmt: skip
    page.locator("section[tg-assigned-to] a[ng-click='openAssignedUsers()']").click()
    with expect_call(page, "PATCH", path):
        page.locator(".lightbox.open .user-list-item", has_text=run.me["full_name_display"]).click()
    settle(page)
    add_tag(page, TAG, path)
    reload(page)
    expect(page.locator("span[tg-issue-status-button]")).to_contain_text(wanted["status"]["name"], ignore_case=True)
    for name in ("type", "priority", "severity"):
        expect(page.locator(f"div[tg-issue-{name}-button]")).to_contain_text(wanted[name]["name"])
    expect(page.locator("section[tg-assigned-to]")).to_contain_text(run.me["full_name_display"])
    expect(page.locator("tg-tag-line-common").first).to_contain_text(TAG)
    stored = run.api.get(path)
    assert {name: stored[name] for name in wanted} == {name: row["id"] for name, row in wanted.items()}, stored
    assert stored["assigned_to"] == run.me["id"] and [t[0] for t in stored["tags"]] == [TAG], stored


def other_than(rows: list[dict[str, Any]], current: int) -> dict[str, Any]:
    return next(row for row in rows if row["id"] != current)


def comments(run: Run) -> None:
    """Comment on a story, a task and an issue from their pages; each comment is in the item's history."""
    for kind, page_path, history in (
        ("story", "us", "userstory"),
        ("task", "task", "task"),
        ("issue", "issue", "issue"),
    ):
        item = run.made.get(kind) or run.seeded[kind]
        text = f"The {kind} {item['ref']} commented from the web client"
        run.go(f"/{page_path}/{item['ref']}")
        comment(run.page, text)
        reload(run.page)
        expect(run.page.locator(".comment-wrapper, tg-history-section").first).to_contain_text(text)
        entries = run.api.get(f"/history/{history}/{item['id']}?type=comment")
        assert any(text in (e.get("comment") or "") for e in entries), entries


FLOWS = [create_story, edit_story, plan_sprint, taskboard, assign_task, kanban, live_kanban, issue, comments]
