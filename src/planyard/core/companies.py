"""A workspace's companies (the clients its projects are made for)."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core import history
from planyard.core.context import Context
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, FilterSet, ValueType
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Company

TARGET = "company"
FILTERS = FilterSet(
    filters={
        "workspace": Filter(ValueType.INT, lambda v: Company.workspace_id == v),
        "ids": Filter(ValueType.INTS, lambda v: Company.id.in_(v)),
        "name_contains": Filter(ValueType.TEXT, lambda v: Company.name.icontains(v, autoescape=True)),
        "archived": Filter(
            ValueType.BOOL, lambda v: Company.archived_at.is_not(None) if v else Company.archived_at.is_(None)
        ),
    },
    orderings={"name": lambda: [Company.name, Company.id], "created_at": lambda: [Company.created_at, Company.id]},
)


def list_companies(ctx: Context, query: ListQuery) -> Page[Company]:
    ctx.require_user()
    return fetch_page(ctx.session, FILTERS.apply(select(Company).order_by(Company.id), query), query.window)


def get_company(ctx: Context, workspace_id: int, company_id: int) -> Company:
    ctx.require_user()
    company = ctx.session.get(Company, company_id)
    if company is None or company.workspace_id != workspace_id:
        raise NotFound(entity="company")
    return company


def by_ids(ctx: Context, ids: set[int]) -> dict[int, Company]:
    if not ids:
        return {}
    return {c.id: c for c in ctx.session.scalars(select(Company).where(Company.id.in_(ids)))}


def create_company(ctx: Context, workspace_id: int, name: str) -> Company:
    ctx.require_user()
    if not name.strip():
        raise Invalid(code="blank", field="name")
    company = Company(workspace_id=workspace_id, name=name)
    ctx.session.add(company)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=company.id, action="create", snapshot={"name": name})
    return company
