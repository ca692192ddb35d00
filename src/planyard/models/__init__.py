"""All tables, one aggregate per module, neutral names (see docs/mapping.md)."""

from planyard.models.attachment import Attachment
from planyard.models.blocker import Blocker, BlockerCategory, BlockerCategoryLink, BlockerUser
from planyard.models.board import Board, Lane, LaneStatus
from planyard.models.change_log import ChangeEntry, OutboxEvent
from planyard.models.change_mail import PendingChangeMail
from planyard.models.checklist import Checklist, ChecklistItem
from planyard.models.comment import Comment
from planyard.models.company import Company
from planyard.models.custom_field import CustomField, CustomFieldValues
from planyard.models.custom_field_choice import CustomFieldOption, CustomFieldVote
from planyard.models.design_element import DesignElement, DesignElementType
from planyard.models.due_date import DueDateLevel
from planyard.models.external_app import Application, ApplicationToken
from planyard.models.external_link import ExternalLink
from planyard.models.feedback import FeedbackEntry
from planyard.models.item_type import ItemType
from planyard.models.job import Job
from planyard.models.limits import RateCounter
from planyard.models.membership import Membership, Role
from planyard.models.notification import Notification
from planyard.models.project import Project
from planyard.models.release import Release
from planyard.models.service_desk import Automation, ItemExternalRecipient, ItemSla, ServiceDeskService, Sla
from planyard.models.social import Vote, Watch
from planyard.models.sprint import Sprint
from planyard.models.tag import ItemTag, ProjectTag, Tag
from planyard.models.team import Team, TeamGrant, TeamMember
from planyard.models.template import ProjectTemplate
from planyard.models.time_entry import TimeEntry
from planyard.models.tree import TreeEntity
from planyard.models.user import ApiToken, UsedRefreshToken, User, UserToken
from planyard.models.webhook import Webhook, WebhookDelivery, WebhookLog
from planyard.models.wiki import WikiLink, WikiPage
from planyard.models.work_item import RolePoints, WorkItem, WorkItemAssignee, WorkItemLink
from planyard.models.workflow import ItemOption, PointValue, Status, Workflow
from planyard.models.workspace import Workspace, WorkspaceMember, WorkspaceRole

__all__ = [
    "ApiToken",
    "Attachment",
    "Board",
    "Blocker",
    "BlockerCategory",
    "BlockerCategoryLink",
    "BlockerUser",
    "ChangeEntry",
    "Checklist",
    "ChecklistItem",
    "Comment",
    "Company",
    "CustomField",
    "CustomFieldValues",
    "DesignElement",
    "DesignElementType",
    "ExternalLink",
    "ItemOption",
    "ItemType",
    "ItemTag",
    "Job",
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
    "Release",
    "Role",
    "RolePoints",
    "Sprint",
    "Status",
    "TimeEntry",
    "Tag",
    "Team",
    "TeamMember",
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
    "TeamGrant",
    "WorkspaceMember",
    "WorkspaceRole",
    "CustomFieldOption",
    "CustomFieldVote",
    "Automation",
    "ItemExternalRecipient",
    "ItemSla",
    "ServiceDeskService",
    "Sla",
    "TreeEntity",
    "WikiLink",
    "WikiPage",
    "DueDateLevel",
    "Application",
    "ApplicationToken",
    "FeedbackEntry",
    "PendingChangeMail",
]
