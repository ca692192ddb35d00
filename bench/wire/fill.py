"""The wire check's workload: a fixed series of Taiga API calls that fills a fresh database with a bit
of everything the wire shows (users, public and private projects, roles and memberships, statuses
added, renamed and deleted with moveTo, tags with colors, sprints, swimlanes, epics with related
stories, stories with role points, tasks, issues, comments edited and deleted, attachments, custom
attributes and values, votes, watchers, reorders, blocked items, due dates, a promoted issue, web
notifications, user storage). Same calls in the same order: same ids, orders and texts.

Due dates are fixed far in the past or the future, so their badge (`due_date_status`) never moves."""

from __future__ import annotations

from typing import Any

from .api import PASSWORD, Api

USERS = ("ana", "ben", "cleo", "dan", "eve")  # ana owns, ben and cleo are members, dan joins late, eve is outside
PAST, FUTURE = "2001-02-03", "2999-12-31"


def fill(api: Api) -> None:
    for name in USERS:
        api.call(None, "POST", "/auth/register", json={"type": "public", "username": name, "password": PASSWORD,
                 "email": f"{name}@example.com", "full_name": name.title() + " Wire"})  # fmt: skip
        api.login(name)
    public = Project(api, "Wire public", private=False)
    private = Project(api, "Wire private", private=True)
    public.team()
    private.team(small=True)
    public.values()
    public.tags_and_lanes()
    public.sprints()
    public.work()
    private.work(small=True)
    public.custom_attributes()
    public.social()
    public.deletions()
    personal(api)
    api.login("demo")  # the first GET of a project's modules by an admin stores them: done here, not in a snapshot
    for project in api.call("demo", "GET", "/projects"):
        api.call("demo", "GET", f"/projects/{project['id']}/modules")


class Project:
    def __init__(self, api: Api, name: str, private: bool) -> None:
        self.api = api
        body = {"name": name, "description": f"{name}: *every* wire field.", "is_private": private,
                "is_kanban_activated": True, "is_epics_activated": True}  # fmt: skip
        self.data = api.call("ana", "POST", "/projects", json=body)
        self.id: int = self.data["id"]
        self.roles = {r["slug"]: r["id"] for r in self.data["roles"]}
        self.users: dict[str, int] = {}
        self._refresh_users()
        self.stories: list[dict[str, Any]] = []
        self.tasks: list[dict[str, Any]] = []
        self.issues: list[dict[str, Any]] = []
        self.epics: list[dict[str, Any]] = []
        self.sprint_ids: list[int] = []
        self.lane_ids: list[int] = []

    def post(self, user: str, path: str, body: dict[str, Any]) -> Any:
        return self.api.call(user, "POST", path, json=body)

    def patch(self, user: str, path: str, body: dict[str, Any]) -> Any:
        return self.api.call(user, "PATCH", path, json=body)

    def refresh(self) -> dict[str, Any]:
        self.data = self.api.call("ana", "GET", f"/projects/{self.id}")
        return self.data

    def team(self, small: bool = False) -> None:
        """ben (back, then front) and cleo (admin) join by username; dan by a bulk invitation; one
        invitation by email stays pending. A QA role is added and edited."""
        p, roles = self.id, self.roles
        member = self.post("ana", "/memberships", {"project": p, "role": roles["back"], "username": "ben"})
        if small:
            self.post("ana", "/memberships", {"project": p, "role": roles["design"], "email": "pending@example.com"})
            self._refresh_users()
            return
        self.post("ana", "/memberships", {"project": p, "role": roles["ux"], "username": "cleo", "is_admin": True})
        self.patch("ana", f"/memberships/{member['id']}", {"role": roles["front"]})
        qa = self.post("ana", "/roles", {"project": p, "name": "QA", "permissions": ["view_us", "view_tasks"]})
        self.patch("ana", f"/roles/{qa['id']}", {"permissions": ["view_project", "view_us", "view_issues"]})
        bulk = {"project_id": p, "bulk_memberships": [{"role_id": qa["id"], "username": "dan"}],
                "invitation_extra_text": "Welcome"}  # fmt: skip
        self.post("ana", "/memberships/bulk_create", bulk)
        self._refresh_users()

    def _refresh_users(self) -> None:
        members = self.api.call("ana", "GET", "/users", params={"project": self.id})
        self.users = {u["username"]: u["id"] for u in members}

    def values(self) -> None:
        """Statuses and options added, renamed, reordered and deleted with moveTo."""
        p = self.refresh()
        us = {s["slug"]: s["id"] for s in p["us_statuses"]}
        qa = self.post("ana", "/userstory-statuses", {"project": self.id, "name": "QA", "color": "#AA00AA",
                                                      "wip_limit": 3})  # fmt: skip
        self.patch("ana", f"/userstory-statuses/{us['ready']}", {"name": "Ready to go", "color": "#123456"})
        order = [[qa["id"], 1], *[[sid, n + 2] for n, sid in enumerate(us.values())]]
        self.post(
            "ana", "/userstory-statuses/bulk_update_order", {"project": self.id, "bulk_userstory_statuses": order}
        )
        doomed = self.post("ana", "/userstory-statuses", {"project": self.id, "name": "Doomed"})
        self.api.call("ana", "DELETE", f"/userstory-statuses/{doomed['id']}", params={"moveTo": us["new"]})
        self.post("ana", "/task-statuses", {"project": self.id, "name": "Review", "is_closed": False})
        self.post("ana", "/issue-types", {"project": self.id, "name": "Chore", "color": "#999999"})
        self.post("ana", "/priorities", {"project": self.id, "name": "Urgent", "color": "#FF0000"})
        self.post("ana", "/severities", {"project": self.id, "name": "Blocker", "color": "#000000"})
        self.post("ana", "/points", {"project": self.id, "name": "100", "value": 100})
        self.post("ana", "/epic-statuses", {"project": self.id, "name": "Parked", "color": "#777777"})
        self.refresh()

    def tags_and_lanes(self) -> None:
        p = f"/projects/{self.id}"
        self.post("ana", f"{p}/create_tag", {"tag": "ui", "color": "#FF0000"})
        self.post("ana", f"{p}/create_tag", {"tag": "backend", "color": None})
        self.post("ana", f"{p}/create_tag", {"tag": "legacy", "color": "#00FF00"})
        self.post("ana", f"{p}/edit_tag", {"from_tag": "backend", "to_tag": "server", "color": "#0000FF"})
        for name in ("Team red", "Team blue", "Team green"):
            self.lane_ids.append(self.post("ana", "/swimlanes", {"project": self.id, "name": name})["id"])
        order = [[self.lane_ids[2], 1], [self.lane_ids[0], 2], [self.lane_ids[1], 3]]
        self.api.call("ana", "POST", "/swimlanes/bulk_update_order", json={"project": self.id, "bulk_swimlanes": order})
        self.patch("ana", f"/swimlanes/{self.lane_ids[1]}", {"name": "Team blue (night)"})
        lane_statuses = self.api.call(
            "ana", "GET", "/swimlane-userstory-statuses", params={"swimlane": self.lane_ids[0]}
        )
        self.patch("ana", f"/swimlane-userstory-statuses/{lane_statuses[0]['id']}", {"wip_limit": 4})

    def sprints(self) -> None:
        for n, (start, end) in enumerate((("2030-01-01", "2030-01-14"), ("2030-01-15", "2030-01-28"),
                                          ("2030-02-01", "2030-02-14"))):  # fmt: skip
            body = {"project": self.id, "name": f"Sprint {n + 1}", "estimated_start": start, "estimated_finish": end,
                    "disponibility": 10.5 * n, "watchers": [self.users["ben"]]}  # fmt: skip
            self.sprint_ids.append(self.post("ana", "/milestones", body)["id"])
        self.patch(
            "ana", f"/milestones/{self.sprint_ids[2]}", {"name": "Sprint 3 (moved)", "estimated_finish": "2030-02-20"}
        )

    def work(self, small: bool = False) -> None:
        stories(self, 4 if small else 12)
        tasks(self, small)
        issues(self, small)
        if not small:
            epics(self)
            reorders(self)
            comments(self)
            attachments(self)

    def custom_attributes(self) -> None:
        values_path = {"epic": "epics", "userstory": "userstories", "task": "tasks", "issue": "issues"}
        items = {"epic": self.epics, "userstory": self.stories, "task": self.tasks, "issue": self.issues}
        for kind, path in values_path.items():
            text = self.post("ana", f"/{kind}-custom-attributes", {"project": self.id, "name": "Size",
                                                                    "description": "how big"})  # fmt: skip
            date = self.post("ana", f"/{kind}-custom-attributes", {"project": self.id, "name": "Due", "type": "date"})
            dropdown = {"project": self.id, "name": "Kind", "type": "dropdown", "extra": ["a", "b"]}
            drop = self.post("ana", f"/{kind}-custom-attributes", dropdown)
            self.patch("ana", f"/{kind}-custom-attributes/{text['id']}", {"name": "Length"})
            gone = self.post("ana", f"/{kind}-custom-attributes", {"project": self.id, "name": "Gone"})
            self.api.call("ana", "DELETE", f"/{kind}-custom-attributes/{gone['id']}")
            for n, item in enumerate(items[kind][:3]):
                url = f"/{path}/custom-attributes-values/{item['id']}"
                current = self.api.call("ana", "GET", url)
                values = {str(text["id"]): f"{n * 30} min", str(date["id"]): "2030-05-01", str(drop["id"]): "b"}
                self.patch("ana", url, {"attributes_values": values, "version": current["version"]})

    def social(self) -> None:
        p = f"/projects/{self.id}"
        for user in ("ben", "cleo", "eve"):
            self.api.call(user, "POST", f"{p}/like")
        self.api.call("eve", "POST", f"{p}/unlike")
        self.api.call("ben", "POST", f"{p}/watch", json={"notify_level": 2})
        for path, rows in (("userstories", self.stories), ("issues", self.issues), ("tasks", self.tasks),
                           ("epics", self.epics)):  # fmt: skip
            for n, item in enumerate(rows[:4]):
                for user in ("ben", "cleo")[: 1 + n % 2]:
                    self.api.call(user, "POST", f"/{path}/{item['id']}/upvote")
                    self.api.call(user, "POST", f"/{path}/{item['id']}/watch")
            self.api.call("cleo", "POST", f"/{path}/{rows[1]['id']}/downvote")
            self.api.call("cleo", "POST", f"/{path}/{rows[1]['id']}/unwatch")

    def deletions(self) -> None:
        """One of each kind deleted (the ids are never given again), a tag deleted and two mixed."""
        for path, rows in (("userstories", self.stories), ("tasks", self.tasks), ("issues", self.issues),
                           ("epics", self.epics)):  # fmt: skip
            self.api.call("ana", "DELETE", f"/{path}/{rows[-1]['id']}")
            rows.pop()
        self.post("ana", f"/projects/{self.id}/delete_tag", {"tag": "legacy"})
        self.post("ana", f"/projects/{self.id}/mix_tags", {"from_tags": ["db"], "to_tag": "server"})
        self.patch("ana", f"/projects/{self.id}", {"description": "Filled by bench/wire/fill.py", "is_featured": True,
                                                   "looking_for_people_note": "testers"})  # fmt: skip


def stories(project: Project, count: int) -> None:
    p, data = project.id, project.refresh()
    roles = [r["id"] for r in data["roles"] if r["computable"]]
    points = {pt["name"]: pt["id"] for pt in data["points"]}
    statuses = [s["id"] for s in data["us_statuses"]]
    users = list(project.users.values())
    for n in range(count):
        body: dict[str, Any] = {"project": p, "subject": f"Story {n}: the {['login', 'search', 'export'][n % 3]} page",
                                "description": f"As a user I want **{n}** things.\n\n- one\n- two",
                                "status": statuses[n % len(statuses)],
                                "points": {str(roles[n % len(roles)]): points[["1", "3", "5", "40", "?"][n % 5]]},
                                "tags": [["ui", None], "db"] if n % 3 == 0 else ["server"]}  # fmt: skip
        if n % 4 == 1:
            body |= {"assigned_to": users[n % len(users)], "assigned_users": users[: 1 + n % 2]}
        if n % 5 == 2:
            body |= {"is_blocked": True, "blocked_note": "waiting for *ops*"}
        if n % 3 == 1:
            body |= {"due_date": PAST if n % 2 else FUTURE, "due_date_reason": "release"}
        if n % 6 == 5:
            body |= {"client_requirement": True, "team_requirement": True}
        if project.lane_ids:
            body["swimlane"] = project.lane_ids[n % len(project.lane_ids)]
        project.stories.append(project.post("ana" if n % 2 == 0 else "ben", "/userstories", body))
    bulk = {"project_id": p, "bulk_stories": "Bulk one\nBulk two\nBulk three", "status_id": statuses[1]}
    project.stories += project.post("ben", "/userstories/bulk_create", bulk)
    if project.sprint_ids:
        ids = [s["id"] for s in project.stories]
        body = {"project_id": p, "milestone_id": project.sprint_ids[0],
                "bulk_stories": [{"us_id": i, "order": n} for n, i in enumerate(ids[:4])]}  # fmt: skip
        project.api.call("ana", "POST", "/userstories/bulk_update_milestone", json=body)
        project.patch("ana", f"/userstories/{ids[5]}", {"milestone": project.sprint_ids[1]})
        project.patch("ana", f"/milestones/{project.sprint_ids[0]}", {"closed": True})


def tasks(project: Project, small: bool) -> None:
    p, data = project.id, project.refresh()
    statuses = [s["id"] for s in data["task_statuses"]]
    closed = next(s["id"] for s in data["task_statuses"] if s["is_closed"])
    for n, story in enumerate(project.stories[: 2 if small else 6]):
        for t in range(2):
            body = {"project": p, "subject": f"Task {n}.{t}", "user_story": story["id"], "status": statuses[t],
                    "assigned_to": project.users["ben"] if t else None, "is_iocaine": n == 2,
                    "milestone": story["milestone"], "tags": ["server"] if t else []}  # fmt: skip
            project.tasks.append(project.post("ana", "/tasks", body))
    if small:
        return
    lone = project.post("ben", "/tasks", {"project": p, "subject": "Lone task", "due_date": FUTURE})
    project.tasks.append(lone)
    project.tasks += project.post("ana", "/tasks/bulk_create", {"project_id": p, "us_id": project.stories[0]["id"],
                                                                "bulk_tasks": "Bulk task a\nBulk task b"})  # fmt: skip
    project.patch("cleo", f"/tasks/{project.tasks[0]['id']}", {"status": closed, "is_blocked": True,
                                                              "blocked_note": "needs a key"})  # fmt: skip
    story_tasks = [t["id"] for t in project.tasks if t["user_story"] == project.stories[0]["id"]]
    body = {"project_id": p, "us_id": project.stories[0]["id"],
            "bulk_tasks": [{"task_id": t, "order": 10 - n} for n, t in enumerate(story_tasks)]}  # fmt: skip
    project.post("ana", "/tasks/bulk_update_us_order", body)
    body = {"project_id": p, "status_id": statuses[1], "milestone_id": project.sprint_ids[0],
            "bulk_tasks": [{"task_id": project.tasks[1]["id"], "order": 1}]}  # fmt: skip
    project.post("ana", "/tasks/bulk_update_taskboard_order", body)


def issues(project: Project, small: bool) -> None:
    p, data = project.id, project.refresh()
    pick = {k: [v["id"] for v in data[k]] for k in ("issue_types", "priorities", "severities", "issue_statuses")}
    for n in range(3 if small else 8):
        body = {"project": p, "subject": f"Issue {n}: crash on {['save', 'load'][n % 2]}",
                "description": f"Steps: {n}", "type": pick["issue_types"][n % len(pick["issue_types"])],
                "priority": pick["priorities"][n % len(pick["priorities"])],
                "severity": pick["severities"][n % len(pick["severities"])],
                "status": pick["issue_statuses"][n % len(pick["issue_statuses"])],
                "tags": ["ui"] if n % 2 else [], "due_date": FUTURE if n == 3 else None}  # fmt: skip
        if n % 3 == 0:
            body["assigned_to"] = project.users["ben"]
        project.issues.append(project.post("ben" if n % 2 else "ana", "/issues", body))
    if small:
        return
    project.issues += project.post(
        "ana", "/issues/bulk_create", {"project_id": p, "bulk_issues": "Bulk bug\nBulk bug 2"}
    )
    body = {"project_id": p, "milestone_id": project.sprint_ids[1],
            "bulk_issues": [{"issue_id": i["id"], "order": n} for n, i in enumerate(project.issues[:2])]}  # fmt: skip
    project.post("ana", "/issues/bulk_update_milestone", body)
    promoted = project.post("ana", f"/issues/{project.issues[2]['id']}/promote_to_user_story", {"project_id": p})
    project.stories.append(project.api.call("ana", "GET", f"/userstories/{promoted[0]}"))
    project.post("ana", f"/tasks/{project.tasks.pop(3)['id']}/promote_to_user_story", {"project_id": p})  # goes
    project.patch("ana", f"/issues/{project.issues[1]['id']}", {"description": "Now for @cleo", "assigned_to":
                                                               project.users["cleo"]})  # fmt: skip


def epics(project: Project) -> None:
    p = project.id
    for n, color in enumerate(("#FF8800", "#0088FF", "#88FF00")):
        body = {"project": p, "subject": f"Epic {n}", "color": color, "description": f"Epic *{n}*",
                "client_requirement": n == 1, "tags": ["ui"]}  # fmt: skip
        project.epics.append(project.post("ana", "/epics", body))
    project.epics += project.post("ana", "/epics/bulk_create", {"project_id": p, "bulk_epics": "Bulk epic"})
    first, second = project.epics[0]["id"], project.epics[1]["id"]
    for n, story in enumerate(project.stories[:3]):
        project.post("ana", f"/epics/{first}/related_userstories", {"user_story": story["id"], "order": 10 - n})
    project.post("ana", f"/epics/{second}/related_userstories", {"user_story": project.stories[0]["id"]})
    project.post("ana", f"/epics/{second}/related_userstories/bulk_create",
                 {"project_id": p, "bulk_userstories": "Made for the epic\nAnd another"})  # fmt: skip
    project.patch("ana", f"/epics/{first}/related_userstories/{project.stories[1]['id']}", {"order": 1})
    project.patch("ana", f"/epics/{project.epics[2]['id']}", {"epics_order": 1, "version": 1})


def reorders(project: Project) -> None:
    """Backlog drops (the web client's), documented positions, kanban moves across statuses and lanes, sprint order."""
    p = project.id
    rows = project.api.call("ana", "GET", "/userstories", headers={"x-disable-pagination": "1"},
                            params={"project": p, "milestone": "null", "order_by": "backlog_order"})  # fmt: skip
    backlog = [s["id"] for s in rows]
    body = {"project_id": p, "bulk_userstories": backlog[-2:], "before_userstory_id": backlog[1]}
    project.post("ana", "/userstories/bulk_update_backlog_order", body)
    body = {"project_id": p, "bulk_stories": [{"us_id": backlog[2], "order": 7}, {"us_id": backlog[3], "order": 7}]}
    project.post("ana", "/userstories/bulk_update_backlog_order", body)
    statuses = [s["id"] for s in project.refresh()["us_statuses"]]
    body = {"project_id": p, "status_id": rows[6]["status"], "swimlane_id": rows[6]["swimlane"],
            "bulk_userstories": backlog[4:6], "after_userstory_id": backlog[6]}  # fmt: skip
    project.post("ben", "/userstories/bulk_update_kanban_order", body)
    sprint = [s["id"] for s in project.api.call("ana", "GET", "/userstories", params={
        "project": p, "milestone": project.sprint_ids[0], "order_by": "sprint_order"})]  # fmt: skip
    body = {"project_id": p, "milestone_id": project.sprint_ids[0], "bulk_userstories": sprint[-1:],
            "before_userstory_id": sprint[0]}  # fmt: skip
    project.post("ana", "/userstories/bulk_update_sprint_order", body)
    project.patch("ana", f"/userstories/{backlog[7]}", {"status": statuses[-1]})  # closes it


def comments(project: Project) -> None:
    """Comments on each kind; one edited twice, one deleted, one deleted and restored, one mentioning ben."""
    for path, kind, item in (("userstories", "userstory", project.stories[0]), ("tasks", "task", project.tasks[0]),
                             ("issues", "issue", project.issues[0]), ("epics", "epic", project.epics[0])):  # fmt: skip
        for n, user in enumerate(("ana", "ben", "cleo")):
            project.patch(user, f"/{path}/{item['id']}", {"comment": f"Comment {n} on {kind}: ping @ben"})
        history = project.api.call("ana", "GET", f"/history/{kind}/{item['id']}")
        shown = [h["id"] for h in history if h["comment"]]
        base = f"/history/{kind}/{item['id']}"
        project.api.call("ben", "POST", f"{base}/edit_comment", params={"id": shown[1]}, json={"comment": "edited"})
        project.api.call("ben", "POST", f"{base}/edit_comment", params={"id": shown[1]}, json={"comment": "edit *2*"})
        project.api.call("ana", "POST", f"{base}/delete_comment", params={"id": shown[0]})
        project.api.call("cleo", "POST", f"{base}/delete_comment", params={"id": shown[2]})
        project.api.call("cleo", "POST", f"{base}/undelete_comment", params={"id": shown[2]})


def attachments(project: Project) -> None:
    for path, rows in (("userstories", project.stories), ("tasks", project.tasks), ("issues", project.issues),
                       ("epics", project.epics)):  # fmt: skip
        made = []
        for n in range(3):
            form = {"project": str(project.id), "object_id": str(rows[0]["id"]), "description": f"file {n}"}
            files = {"attached_file": (f"notes-{n}.txt", f"attachment {n} of {path}".encode(), "text/plain")}
            made.append(project.api.call("ana", "POST", f"/{path}/attachments", data=form, files=files))
        project.patch("ana", f"/{path}/attachments/{made[1]['id']}", {"is_deprecated": True, "description": "old"})
        project.api.call("ana", "DELETE", f"/{path}/attachments/{made[2]['id']}")


def personal(api: Api) -> None:
    """User storage, per-project settings, account edits, notifications read."""
    api.call("ana", "POST", "/user-storage", json={"key": "filters", "value": {"tags": ["ui"], "page": 2}})
    api.call("ana", "PATCH", "/user-storage/filters", json={"value": [1, 2, 3]})
    api.call("ben", "POST", "/user-storage", json={"key": "theme", "value": "dark"})
    api.call("ben", "POST", "/user-storage", json={"key": "gone", "value": None})
    api.call("ben", "DELETE", "/user-storage/gone")
    settings = api.call("ana", "GET", "/user-project-settings", headers={"x-disable-pagination": "1"})
    api.call("ana", "PATCH", f"/user-project-settings/{settings[0]['id']}", json={"homepage": 2})
    me = api.call("cleo", "GET", "/users/me")
    api.call("cleo", "PATCH", f"/users/{me['id']}", json={"bio": "Admin of the public project", "lang": "fr"})
    notes = api.call("ben", "GET", "/web-notifications")
    api.call("ben", "PATCH", f"/web-notifications/{notes['objects'][0]['id']}/set-as-read")
    api.call("cleo", "POST", "/web-notifications/set-as-read")
