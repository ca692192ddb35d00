"""The wire check's record: what a catalog of Taiga GETs answers (status, headers, body bytes), asked
as several users (anonymous, the superuser, the owner, a member, an outsider), each logged in afresh.

Everything an answer holds comes from the database, with two exceptions, masked in the body (the
value is replaced by MASK, every other byte is kept):
- tokens: `auth_token` and `refresh` of the login answers (new ones at every login);
- counts over a window that ends now: a project's `total_fans_last_week|month|year` and
  `total_activity_last_week|month|year`, and the issues stats' `last_four_weeks` (a day-by-day
  table of the last 28 days). The same database gives other figures a week later.
For the same reason, project lists are not ordered by those windowed counts.
Due dates in the workload lie far in the past or future, so `due_date_status` needs no mask."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import httpx

from .api import DEMO, Api

MASK = '"~masked~"'
TOKENS = ("auth_token", "refresh")
NOW_DEPENDENT = tuple(
    f"total_{what}_last_{span}" for what in ("fans", "activity") for span in ("week", "month", "year")
)
NOW_DEPENDENT += ("last_four_weeks",)
HEADERS_LEFT_OUT = frozenset({"date", "server"})  # a running server's own; never the app's answer
WHOLE = {"x-disable-pagination": "1"}
ANONYMOUS = "anonymous"
# Who asks, and how much: the owner walks the whole catalog, a member the lists and a few items of
# each kind, the others (anonymous, the superuser, an outsider) the projects and one item of each kind.
USERS = ((None, 1), (DEMO[0], 1), ("ana", 99), ("ben", 2), ("eve", 1))
KINDS = (("userstories", "userstory"), ("tasks", "task"), ("issues", "issue"), ("epics", "epic"))


def masked(body: str, keys: Iterable[str]) -> str:
    """`body` with the value of every `"key":` of `keys` replaced by MASK, every other byte as it was."""
    decoder = json.JSONDecoder()
    for key in keys:
        marker, start = f'"{key}":', 0
        while (at := body.find(marker, start)) >= 0:
            value_at = at + len(marker)
            while body[value_at] in " \n\t":
                value_at += 1
            _, end = decoder.raw_decode(body, value_at)
            body = body[:value_at] + MASK + body[end:]
            start = value_at + len(MASK)
    return body


class Recorder:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.answers: list[dict[str, Any]] = []

    def get(self, user: str | None, path: str, params: dict[str, Any] | None = None, whole: bool = False) -> Any:
        """Records one GET (the whole list when `whole`) and gives its parsed JSON (None unless it succeeded)."""
        target = path + (f"?{urlencode(params)}" if params else "")
        r = self.api.send(user, "GET", target, headers=WHOLE if whole else None)
        self.record(user, f"GET {target}", whole, r, NOW_DEPENDENT)
        return r.json() if r.status_code == 200 and r.content else None

    def login(self, user: str) -> None:
        self.record(user, "POST /auth", False, self.api.login(user), TOKENS + NOW_DEPENDENT)

    def record(self, user: str | None, request: str, whole: bool, r: httpx.Response, mask: Iterable[str]) -> None:
        headers = {k: v for k, v in sorted(r.headers.items()) if k not in HEADERS_LEFT_OUT}
        body = masked(r.text, mask) if r.text[:1] in "{[" else r.text
        if body != r.text and "content-length" in headers:
            headers["content-length"] = MASK  # the masked values' length varies with them
        self.answers.append({"user": user or ANONYMOUS, "request": request, "whole": whole, "status": r.status_code,
                             "headers": headers, "body": body})  # fmt: skip


def take(api: Api) -> list[dict[str, Any]]:
    """The answers of the whole catalog, for every user of USERS, in a fixed order."""
    recorder = Recorder(api)
    for user, depth in USERS:
        if user is not None:
            recorder.login(user)
        Catalog(recorder, user, depth).walk()
    return recorder.answers


def replay(api: Api, record: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers to the requests of an earlier record, asked again in the same order by the same users
    (an older record stays usable when the catalog grows)."""
    recorder = Recorder(api)
    for asked in record:
        user = None if asked["user"] == ANONYMOUS else asked["user"]
        if asked["request"] == "POST /auth":
            recorder.login(asked["user"])
        else:
            recorder.get(user, asked["request"].removeprefix("GET "), whole=asked["whole"])
    return recorder.answers


class Catalog:
    """The GETs of one user: global calls, then per visible project its settings, lists with filters and
    orderings, then items by id and ref with their history (the first few of each kind with everything)."""

    def __init__(self, recorder: Recorder, user: str | None, depth: int) -> None:
        self.r = recorder
        self.user = user
        self.depth = depth  # how many items of each kind it asks for (more than 3: every item)
        self.everything = depth > 3

    def get(self, path: str, params: dict[str, Any] | None = None, whole: bool = False) -> Any:
        return self.r.get(self.user, path, params, whole)

    def walk(self) -> None:
        me = self.get("/users/me") if self.user else None
        projects = self.get("/projects", whole=True) or []
        self.get("/projects", {"order_by": "name", "page_size": 2, "page": 2})
        self.get("/projects", {"is_featured": "true", "order_by": "total_fans"})
        if me:
            self.get("/projects", {"member": me["id"], "order_by": "memberships__user_order"}, whole=True)
            self.account(me["id"])
        for project in projects[-2:]:  # the workload's two (the demo project shows in the lists)
            self.project(project)
        self.get("/locales")
        self.get("/project-templates", whole=True)

    def account(self, me: int) -> None:
        for path in ("/user-storage", "/user-storage/filters", "/user-project-settings", "/web-notifications"):
            self.get(path)
        self.get("/web-notifications", {"only_unread": "true"})
        self.get(f"/timeline/profile/{me}")
        if not self.everything:
            return
        for user_id in range(1, 7):
            for tail in ("", "/stats", "/contacts", "/liked", "/voted", "/watched"):
                self.get(f"/users/{user_id}{tail}")
            self.get(f"/timeline/user/{user_id}")

    def project(self, project: dict[str, Any]) -> None:
        p, slug = project["id"], project["slug"]
        detail = self.get(f"/projects/{p}")
        self.get("/projects/by_slug", {"slug": slug})
        for tail in ("stats", "issues_stats", "issue_filters_data", "tags_colors", "fans", "watchers", "modules"):
            self.get(f"/projects/{p}/{tail}")
        self.get(f"/timeline/project/{p}")
        self.get("/users", {"project": p})
        if detail is None:
            return
        if self.everything:
            self.settings(p)
            self.sprints(p)
        if self.depth > 1:
            self.lists(p, detail)
        refs = {}
        for path, kind in KINDS:
            items = self.get(f"/{path}", {"project": p}, whole=True) or []
            for n, item in enumerate(items if self.everything else items[: self.depth]):
                self.item(path, kind, item, slug, deep=n < 3)
            refs[kind] = items[-1]["ref"] if items else 1
        self.get("/search", {"project": p, "text": "story"})
        self.get("/search", {"project": p, "text": "1"})
        self.get("/resolver", {"project": slug, "us": refs["userstory"], "task": refs["task"], "issue": refs["issue"],
                               "epic": refs["epic"]})  # fmt: skip
        self.get("/resolver", {"project": slug, "ref": refs["task"]})

    def settings(self, p: int) -> None:
        for path in ("memberships", "roles", "swimlanes"):
            for row in self.get(f"/{path}", {"project": p}, whole=True) or []:
                if self.everything:
                    self.get(f"/{path}/{row['id']}")
                if path == "swimlanes":
                    for lane_status in (self.get("/swimlane-userstory-statuses", {"swimlane": row["id"]}) or [])[:2]:
                        self.get(f"/swimlane-userstory-statuses/{lane_status['id']}")
        values = ("epic-statuses", "userstory-statuses", "task-statuses", "issue-statuses", "points", "issue-types",
                  "priorities", "severities", *(f"{kind}-custom-attributes" for _, kind in KINDS))  # fmt: skip
        for path in values:
            rows = self.get(f"/{path}", {"project": p}) or []
            for row in rows[: 1 if self.everything else 0]:
                self.get(f"/{path}/{row['id']}")

    def sprints(self, p: int) -> None:
        for closed in (None, "true", "false"):
            self.get("/milestones", {"project": p} | ({"closed": closed} if closed else {}))
        for sprint in self.get("/milestones", {"project": p}, whole=True) or []:
            for tail in ("", "/stats", "/watchers"):
                self.get(f"/milestones/{sprint['id']}{tail}")
            self.get("/userstories", {"project": p, "milestone": sprint["id"], "order_by": "sprint_order"})
            self.get("/tasks", {"project": p, "milestone": sprint["id"], "order_by": "taskboard_order"})

    def lists(self, p: int, detail: dict[str, Any]) -> None:
        """Each kind's list with its filters, orderings and pages, and its filters_data."""
        user_id = detail["owner"]["id"]
        status = detail["us_statuses"][0]["id"] if detail["us_statuses"] else 0
        stories = [{"milestone": "null", "order_by": "backlog_order"}, {"status__is_archived": "false"},
                   {"tags": "ui,server"}, {"assigned_users": user_id}, {"status": status, "is_blocked": "true"},
                   {"q": "page", "order_by": "-created_date"}, {"epic": "null"}, {"order_by": "-modified_date"},
                   {"include_tasks": 1, "include_attachments": 1}, {"page_size": 4, "page": 2},
                   {"order_by": "subject"}, {"exclude_tags": "ui", "order_by": "-kanban_order"}]  # fmt: skip
        for params in stories if self.everything else stories[:3]:
            self.get("/userstories", {"project": p} | params)
        self.get("/userstories", {"project": p, "status__is_archived": "false"}, whole=True)
        issue_type = detail["issue_types"][0]["id"] if detail["issue_types"] else 0
        choices: dict[str, list[dict[str, Any]]] = {
            "tasks": [{"order_by": "us_order"}, {"assigned_to": user_id}, {"is_closed": "true"},
                      {"include_attachments": 1}, {"order_by": "-finish_date"}, {"page_size": 3, "page": 3}],
            "issues": [{"order_by": "priority"}, {"order_by": "-severity"}, {"order_by": "type"},
                       {"order_by": "status"}, {"order_by": "assigned_to"}, {"order_by": "-due_date"},
                       {"type": issue_type}, {"q": "crash", "include_attachments": 1}, {"page_size": 3}],
            "epics": [{"order_by": "epics_order"}, {"include_attachments": 1}, {"status__is_closed": "false"}],
        }  # fmt: skip
        for path, asked in choices.items():
            for params in asked if self.everything else asked[:2]:
                self.get(f"/{path}", {"project": p} | params)
        for path, _ in KINDS:
            self.get(f"/{path}/filters_data", {"project": p})
        self.get("/userstories/filters_data", {"project": p, "milestone": "null", "tags": "ui"})
        self.get("/issues/filters_data", {"project": p, "status": detail["issue_statuses"][0]["id"]
                                          if detail["issue_statuses"] else 0})  # fmt: skip

    def item(self, path: str, kind: str, item: dict[str, Any], slug: str, deep: bool) -> None:
        """An item by id and by ref (the owner: every item) and its history; `deep`: its attachments, custom
        values, comment versions, voters, watchers, an epic's related stories too."""
        i = item["id"]
        self.get(f"/{path}/{i}")
        if deep or self.everything:
            self.get(f"/{path}/by_ref", {"project": item["project"], "ref": item["ref"]})
        history = self.get(f"/history/{kind}/{i}") or []
        if not deep:
            return
        attachments = self.get(f"/{path}/attachments", {"project": item["project"], "object_id": i}) or []
        self.get(f"/{path}/custom-attributes-values/{i}")
        if kind == "userstory":
            self.get(f"/{path}/by_ref", {"project__slug": slug, "ref": item["ref"]})
        for entry in history:
            if entry["edit_comment_date"]:
                self.get(f"/history/{kind}/{i}/comment_versions", {"id": entry["id"]})
        for attachment in attachments:
            self.get(f"/{path}/attachments/{attachment['id']}")
        self.get(f"/{path}/{i}/voters")
        self.get(f"/{path}/{i}/watchers")
        if kind == "epic":
            for related in self.get(f"/epics/{i}/related_userstories") or []:
                self.get(f"/epics/{i}/related_userstories/{related['user_story']}")
