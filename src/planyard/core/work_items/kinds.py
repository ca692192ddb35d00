"""The four kinds of work item and the Taiga permission names that guard each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemKind:
    name: str  # work_items.kind and the change-log target type
    view: str
    add: str
    modify: str
    delete: str
    comment: str
    default_status_column: str
    noun: str  # for messages

    @property
    def target_type(self) -> str:
        return self.name


EPIC = ItemKind("epic", "view_epics", "add_epic", "modify_epic", "delete_epic", "comment_epic",
                "default_epic_status_id", "Epic")  # fmt: skip
STORY = ItemKind("story", "view_us", "add_us", "modify_us", "delete_us", "comment_us",
                 "default_us_status_id", "User story")  # fmt: skip
TASK = ItemKind("task", "view_tasks", "add_task", "modify_task", "delete_task", "comment_task",
                "default_task_status_id", "Task")  # fmt: skip
ISSUE = ItemKind("issue", "view_issues", "add_issue", "modify_issue", "delete_issue", "comment_issue",
                 "default_issue_status_id", "Issue")  # fmt: skip

KINDS = {kind.name: kind for kind in (EPIC, STORY, TASK, ISSUE)}
