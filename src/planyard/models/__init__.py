"""All tables, one aggregate per module, neutral names (see docs/mapping.md)."""

from planyard.models.change_log import ChangeEntry, OutboxEvent
from planyard.models.membership import Membership, Role
from planyard.models.project import Project
from planyard.models.social import Vote, Watch
from planyard.models.template import ProjectTemplate
from planyard.models.user import ApiToken, User, UserToken
from planyard.models.workflow import ItemOption, PointValue, Status
from planyard.models.workspace import Workspace

__all__ = [
    "ApiToken",
    "ChangeEntry",
    "ItemOption",
    "Membership",
    "OutboxEvent",
    "PointValue",
    "Project",
    "ProjectTemplate",
    "Role",
    "Status",
    "User",
    "UserToken",
    "Vote",
    "Watch",
    "Workspace",
]
