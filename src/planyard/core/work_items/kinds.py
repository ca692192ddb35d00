"""The four item profiles: the behaviour the core gives the items of a type (`item_types.profile`), as
capability flags, with the permission names (roles.permissions) that guard each. Core code branches on
the flags; the keys (`epic`, `story`, `task`, `issue`) are data: `work_items.kind`, the change-log target
type, history keys."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemProfile:
    name: str  # the key: item_types.profile, work_items.kind and the change-log target type
    groups_items: bool  # relates items of other types (Taiga epic)
    holds_subitems: bool  # items hang under it; role points; kanban, backlog, lanes (Taiga story, Kaiten card)
    is_subitem: bool  # hangs under a holder; taskboard (Taiga task)
    is_ticket: bool  # type, priority, severity; promotable to a holder (Taiga issue)
    view: str
    add: str
    modify: str
    delete: str
    comment: str
    default_status_column: str
    noun: str  # for messages
    type_name: str  # what a new project calls its item type, its board and workflow of this profile
    letter: str
    board_name: str

    @property
    def target_type(self) -> str:
        return self.name


EPIC = ItemProfile("epic", True, False, False, False, "view_epics", "add_epic", "modify_epic", "delete_epic",
                   "comment_epic", "default_epic_status_id", "Epic", "Epic", "E", "Epics")  # fmt: skip
STORY = ItemProfile("story", False, True, False, False, "view_us", "add_us", "modify_us", "delete_us", "comment_us",
                    "default_us_status_id", "User story", "User story", "US", "Kanban")  # fmt: skip
TASK = ItemProfile("task", False, False, True, False, "view_tasks", "add_task", "modify_task", "delete_task",
                   "comment_task", "default_task_status_id", "Task", "Task", "T", "Taskboard")  # fmt: skip
ISSUE = ItemProfile("issue", False, False, False, True, "view_issues", "add_issue", "modify_issue", "delete_issue",
                    "comment_issue", "default_issue_status_id", "Issue", "Issue", "I", "Issues")  # fmt: skip

KINDS = {profile.name: profile for profile in (EPIC, STORY, TASK, ISSUE)}
