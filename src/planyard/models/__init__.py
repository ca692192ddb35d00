"""All tables, one aggregate per module, neutral names (see docs/mapping.md)."""

from planyard.models.attachment import Attachment
from planyard.models.blocker import Blocker
from planyard.models.board import Board, Lane, LaneStatus
from planyard.models.change_log import ChangeEntry, OutboxEvent
from planyard.models.checklist import Checklist, ChecklistItem
from planyard.models.comment import Comment
from planyard.models.custom_field import CustomField, CustomFieldValues
from planyard.models.design_element import DesignElement, DesignElementType
from planyard.models.item_type import ItemType
from planyard.models.limits import RateCounter
from planyard.models.membership import Membership, Role
from planyard.models.notification import Notification
from planyard.models.project import Project
from planyard.models.social import Vote, Watch
from planyard.models.sprint import Sprint
from planyard.models.tag import ItemTag, ProjectTag, Tag
from planyard.models.template import ProjectTemplate
from planyard.models.time_entry import TimeEntry
from planyard.models.user import ApiToken, UsedRefreshToken, User, UserToken
from planyard.models.webhook import Webhook, WebhookDelivery, WebhookLog
from planyard.models.work_item import RolePoints, WorkItem, WorkItemAssignee, WorkItemLink
from planyard.models.workflow import ItemOption, PointValue, Status, Workflow
from planyard.models.workspace import Workspace

__all__ = [
    "ApiToken",
    "Attachment",
    "Board",
    "Blocker",
    "ChangeEntry",
    "Checklist",
    "ChecklistItem",
    "Comment",
    "CustomField",
    "CustomFieldValues",
    "DesignElement",
    "DesignElementType",
    "ItemOption",
    "ItemType",
    "ItemTag",
    "Lane",
    "LaneStatus",
    "Membership",
    "Notification",
    "OutboxEvent",
    "PointValue",
    "Project",
    "ProjectTag",
    "ProjectTemplate",
    "RateCounter",
    "Role",
    "RolePoints",
    "Sprint",
    "Status",
    "TimeEntry",
    "Tag",
    "UsedRefreshToken",
    "User",
    "UserToken",
    "Webhook",
    "WebhookDelivery",
    "WebhookLog",
    "Vote",
    "Watch",
    "WorkItem",
    "WorkItemAssignee",
    "WorkItemLink",
    "Workflow",
    "Workspace",
]
