"""A believable backlog for a demo project (`planyard seed`): two sprints (the first closed), user stories
with estimates, owners and tags, tasks under the sprint stories, issues of every kind, an epic, and a
few comments by the team, all written through the core services (so history and timelines show them)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from planyard.core import sprints
from planyard.core.context import Context
from planyard.core.work_items import epic_stories
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK, ItemProfile
from planyard.core.work_items.service import ItemChanges, create_item, update_item
from planyard.core.workflows import statuses_of
from planyard.models import ItemOption, PointValue, Project, Role, Status, User, WorkItem

STORIES = [
    "Sign up with an email address", "Log in with a remembered session", "Reset a forgotten password",
    "See my projects on the dashboard", "Invite a teammate by email", "Filter the backlog by tag",
    "Drag a story to another sprint", "Upload a file to a story", "Get notified of mentions",
    "Export the issues as CSV", "Switch the interface to dark mode", "Search stories by their number",
]  # fmt: skip
TASKS = ["Write the API endpoint", "Build the form", "Add tests", "Review the copy", "Update the docs"]
ISSUES = [
    "Login button does nothing on Safari", "Typo on the pricing page", "Slow board with 500 cards",
    "Avatar upload fails for large PNGs", "Dates shown in the wrong time zone", "Sort by status is reversed",
]  # fmt: skip
COMMENTS = [
    "I can take this one.", "Should we split this story?", "Done on my side, ready for review.",
    "Blocked until the design is agreed.", "Looks good to me!", "Added a screenshot of the problem.",
]  # fmt: skip
TAGS = ["backend", "frontend", "ux", "docs", "performance"]


def fill(ctx: Context, project: Project, team: list[User], seed: int) -> int:
    """Fills the project; returns the number of items made. `team` are its members (the owner first)."""
    rng = random.Random(seed)
    owner = team[0]
    ctx.actor = owner
    today = date.today()
    past, current = (
        sprints.create_sprint(ctx, project.id, {"name": name, "estimated_start": today + timedelta(days=start),
                                                "estimated_finish": today + timedelta(days=start + 14)}, None)
        for name, start in (("Sprint 1", -28), ("Sprint 2", -13))
    )  # fmt: skip
    tasks_made = 0
    story_status = _statuses(ctx, project, STORY)
    points = list(ctx.session.scalars(select(PointValue.id).where(PointValue.project_id == project.id)
                                      .order_by(PointValue.order)))  # fmt: skip
    roles = list(ctx.session.scalars(select(Role.id).where(Role.project_id == project.id, Role.computable.is_(True))))
    stories = []
    for n, subject in enumerate(STORIES):
        sprint = past if n < 3 else current if n < 7 else None
        status = story_status[-1] if sprint is past else rng.choice(story_status[:-1] or story_status)
        fields = {"subject": subject, "description": f"As a user I want to {subject.lower()}.",
                  "status_id": status.id, "sprint_id": sprint.id if sprint else None,
                  "assigned_to_id": rng.choice(team).id if sprint else None, "tags": rng.sample(TAGS, 2)}  # fmt: skip
        estimate: dict[int, int | None] | None = {role: rng.choice(points) for role in roles} if points else None
        stories.append(_as(ctx, rng.choice(team), STORY, project, fields, role_points=estimate))
    ctx.actor = owner
    sprints.update_sprint(ctx, past.id, {"closed": True}, None)
    task_status = _statuses(ctx, project, TASK)
    for story in stories[:7]:
        for subject in rng.sample(TASKS, 2):
            done = story.sprint_id == past.id
            _as(ctx, rng.choice(team), TASK, project, {
                "subject": subject, "parent_id": story.id, "sprint_id": story.sprint_id,
                "status_id": (task_status[-1] if done else rng.choice(task_status)).id,
                "assigned_to_id": rng.choice(team).id,
            })  # fmt: skip
            tasks_made += 1
    issue_status = _statuses(ctx, project, ISSUE)
    options = _options(ctx, project)
    issues = [_as(ctx, rng.choice(team), ISSUE, project, {
        "subject": subject, "status_id": rng.choice(issue_status).id, "type_id": rng.choice(options["issue_type"]),
        "priority_id": rng.choice(options["priority"]), "severity_id": rng.choice(options["severity"]),
        "assigned_to_id": rng.choice(team).id if rng.random() < 0.7 else None,
    }) for subject in ISSUES]  # fmt: skip
    ctx.actor = owner
    epic = create_item(ctx, EPIC, project.id, ItemChanges({"subject": "Accounts and sign-in", "color": "#A5694F"}))
    for story in stories[:3]:
        epic_stories.create_link(ctx, epic.id, story.id, None)
    for item in [*stories[:6], *issues[:3]]:
        for text in rng.sample(COMMENTS, 2):
            ctx.actor = rng.choice(team)
            kind = STORY if item in stories else ISSUE
            update_item(ctx, kind, item.id, ItemChanges(comment=text))
    ctx.actor = owner
    return len(stories) + tasks_made + len(issues) + 1


def _as(ctx: Context, user: User, kind: ItemProfile, project: Project, fields: dict[str, object],
        role_points: dict[int, int | None] | None = None) -> WorkItem:  # fmt: skip
    ctx.actor = user
    return create_item(ctx, kind, project.id, ItemChanges(dict(fields), role_points=role_points))


def _statuses(ctx: Context, project: Project, kind: ItemProfile) -> list[Status]:
    """The kind's statuses in board order (the last is a closing one when there is one)."""
    rows = list(ctx.session.scalars(select(Status).where(statuses_of(project.id, kind.name))
                                    .order_by(Status.order, Status.id)))  # fmt: skip
    closing = [s for s in rows if s.is_closed]
    return [s for s in rows if not s.is_closed] + closing[:1]


def _options(ctx: Context, project: Project) -> dict[str, list[int]]:
    rows = ctx.session.execute(select(ItemOption.kind, ItemOption.id).where(ItemOption.project_id == project.id))
    options: dict[str, list[int]] = {"issue_type": [], "priority": [], "severity": []}
    for kind, option_id in rows:
        options.setdefault(kind, []).append(option_id)
    return options
