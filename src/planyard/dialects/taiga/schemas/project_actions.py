"""Taiga §10.7-10.27 project action bodies and the shapes they return (§41.3-41.10)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planyard.kit.limits import LongText, Name, ShortText, Tag, TagNames


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ProjectOrder(_Body):
    project_id: int
    order: int


class WatchBody(_Body):
    notify_level: int | None = None


class TagCreate(_Body):
    tag: Tag = Field(min_length=1)
    color: ShortText | None = None


class TagEdit(_Body):
    from_tag: Tag = Field(min_length=1)
    to_tag: Tag | None = None
    color: ShortText | None = None


class TagDelete(_Body):
    tag: Tag = Field(min_length=1)


class TagsMix(_Body):
    from_tags: TagNames
    to_tag: Tag = Field(min_length=1)


class TransferToken(_Body):
    token: ShortText | None = None


class TransferAnswer(TransferToken):
    reason: LongText | None = None


class TransferStart(_Body):
    user: int | None = None
    reason: LongText | None = None


class TemplateCreate(_Body):
    """The doc's curl sends template_name/template_description; its prose says name/description."""

    template_name: Name | None = None
    template_description: LongText | None = None
    name: Name | None = None
    description: LongText | None = None


class DuplicateMember(_Body):
    id: int


class ProjectDuplicate(_Body):
    name: str = Field(min_length=1, max_length=250)
    description: LongText
    is_private: bool = False
    users: list[DuplicateMember] = []


class ProjectUserEntry(BaseModel):
    """§41.8 project voter (fan) and §41.9 project watcher."""

    id: int
    username: str
    full_name: str


class MilestoneStats(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    name: str
    optimal: float
    evolution: float | None
    team_increment: float = Field(alias="team-increment")
    client_increment: float = Field(alias="client-increment")


class ProjectStats(BaseModel):
    name: str
    total_milestones: int | None
    total_points: float | None
    closed_points: float
    closed_points_per_role: dict[str, float]
    defined_points: float
    defined_points_per_role: dict[str, float]
    assigned_points: float
    assigned_points_per_role: dict[str, float]
    milestones: list[MilestoneStats]
    speed: float


class CountedOption(BaseModel):
    id: int
    name: str
    color: str
    count: int


class CountedUser(CountedOption):
    username: str


class DailyOption(BaseModel):
    id: int
    name: str
    color: str
    data: list[int]


class OpenClosedDays(BaseModel):
    open: list[int]
    closed: list[int]


class LastFourWeeks(BaseModel):
    by_open_closed: OpenClosedDays
    by_severity: dict[str, DailyOption]
    by_priority: dict[str, DailyOption]
    by_status: dict[str, DailyOption]


class MemberStats(BaseModel):
    """Per member id: closed issues assigned, iocaine tasks assigned, wiki page edits, issues created,
    closed tasks assigned (taiga-back's get_member_stats_for_project)."""

    closed_bugs: dict[int, int]
    iocaine_tasks: dict[int, int]
    wiki_changes: dict[int, int]
    created_bugs: dict[int, int]
    closed_tasks: dict[int, int]


class IssuesStats(BaseModel):
    total_issues: int
    opened_issues: int
    closed_issues: int
    issues_per_type: dict[str, CountedOption]
    issues_per_status: dict[str, CountedOption]
    issues_per_priority: dict[str, CountedOption]
    issues_per_severity: dict[str, CountedOption]
    issues_per_owner: dict[str, CountedUser]
    issues_per_assigned_to: dict[str, CountedUser]
    last_four_weeks_days: LastFourWeeks


class IssueFiltersData(BaseModel):
    """§41.6: each filter is a list of [value, count] pairs."""

    types: list[tuple[int, int]]
    statuses: list[tuple[int, int]]
    priorities: list[tuple[int, int]]
    severities: list[tuple[int, int]]
    assigned_to: list[tuple[int | None, int]]
    created_by: list[tuple[int, int]]
    owners: list[tuple[int, int]]
    tags: list[tuple[str, int]]


class CsvUuid(BaseModel):
    """The answer of regenerate_<kind>_csv_uuid and delete_<kind>_csv_uuid."""

    uuid: str | None
