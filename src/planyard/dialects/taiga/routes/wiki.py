"""Taiga §29 Wiki pages (list, create, get, by_slug, edit with OCC, delete, watch, unwatch, watchers,
attachments; the editor's render preview) and §30 Wiki links (list, create, get, edit, delete)."""

# No `from __future__ import annotations`: the attachment routes come from a factory FastAPI reads.

from typing import Any

from fastapi import APIRouter, Body, Request
from starlette.responses import JSONResponse, Response

from planyard.core.wiki import links, pages
from planyard.core.wiki.pages import WIKI_PAGE, PageFacts
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.milestones import project_extra_info
from planyard.dialects.taiga.routes.item_extras import add_attachment_routes, user_entry
from planyard.dialects.taiga.schemas.ids import PathId, QueryId
from planyard.dialects.taiga.schemas.item_extras import ItemUserEntry
from planyard.dialects.taiga.schemas.wiki import (
    WikiLinkCreate,
    WikiLinkEdit,
    WikiLinkRead,
    WikiLinkReplace,
    WikiPageCreate,
    WikiPageEdit,
    WikiPageRead,
    WikiPageReplace,
)
from planyard.kit.errors import Invalid
from planyard.kit.markdown import render_markdown
from planyard.models import WikiLink, WikiPage
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["wiki"])
add_attachment_routes(router, "wiki", WIKI_PAGE)
PAGE = "/wiki/{page_id}"
LINK = "/wiki-links/{link_id}"


def _page_wire(ctx: Ctx, page: WikiPage, facts: PageFacts) -> dict[str, Any]:
    watchers = facts.watchers.get(page.id, [])
    return {
        "id": page.id, "project": page.project_id,
        "project_extra_info": project_extra_info(ctx.env, facts.projects[page.project_id]), "slug": page.slug,
        "content": page.content, "owner": page.owner_id, "last_modifier": page.last_modifier_id,
        "created_date": page.created_date, "modified_date": page.modified_date,
        "html": render_markdown(page.content), "editions": facts.editions.get(page.id, 1), "version": page.version,
        "is_watcher": ctx.actor_id in watchers, "total_watchers": len(watchers),
    }  # fmt: skip


def _page(ctx: Ctx, page: WikiPage, status: int = 200) -> Response:
    return render(WikiPageRead, _page_wire(ctx, page, pages.facts_of(ctx, [page])), status=status)


def _link_wire(link: WikiLink) -> dict[str, Any]:
    return {"id": link.id, "project": link.project_id, "title": link.title, "href": link.href, "order": link.order}


@router.get("/wiki", response_model=list[WikiPageRead])
def list_pages(request: Request, ctx: Ctx, project: QueryId = None, slug: str | None = None) -> Response:
    query, wanted = queries.list_query(request)
    page = pages.list_pages(ctx, project, slug, query)
    headers = queries.page_headers(request, wanted, page)
    facts = pages.facts_of(ctx, page.items)
    return render(WikiPageRead, [_page_wire(ctx, p, facts) for p in page.items], headers=headers)


@router.post("/wiki", status_code=201, response_model=WikiPageRead)
def create_page(body: WikiPageCreate, ctx: Ctx) -> Response:
    fields = body.model_dump(exclude_unset=True, include={"slug", "content"})
    return _page(ctx, pages.create_page(ctx, body.project, fields, body.watchers), status=201)


@router.post("/wiki/render")
def render_preview(ctx: Ctx, body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    """The web client's editor preview (taiga-back's `render` action): {"data": html}."""
    for name in ("content", "project_id"):
        if not body.get(name):
            raise Invalid.on(name, f"'{name}' parameter is mandatory")
    if not isinstance(body["content"], str):
        raise Invalid.on("content", "Not a valid string.")
    pages.check_preview(ctx, body["project_id"])
    return JSONResponse({"data": render_markdown(body["content"])})


@router.get("/wiki/by_slug", response_model=WikiPageRead)
def get_page_by_slug(ctx: Ctx, project: QueryId = None, slug: str | None = None) -> Response:
    return _page(ctx, pages.get_by_slug(ctx, project, slug))


@router.get(PAGE, response_model=WikiPageRead)
def get_page(page_id: PathId, ctx: Ctx) -> Response:
    return _page(ctx, pages.get_page(ctx, page_id)[0])


@router.put(PAGE, response_model=WikiPageRead)
def replace_page(page_id: PathId, body: WikiPageReplace, ctx: Ctx) -> Response:
    return _edit(ctx, page_id, body)


@router.patch(PAGE, response_model=WikiPageRead)
def edit_page(page_id: PathId, body: WikiPageEdit, ctx: Ctx) -> Response:
    return _edit(ctx, page_id, body)


def _edit(ctx: Ctx, page_id: int, body: WikiPageEdit) -> Response:
    fields = body.model_dump(exclude_unset=True, include={"slug", "content"})
    page = pages.update_page(ctx, page_id, fields, body.watchers, body.version, body.comment or "")
    return _page(ctx, page)


@router.delete(PAGE, status_code=204)
def delete_page(page_id: PathId, ctx: Ctx) -> Response:
    pages.delete_page(ctx, page_id)
    return empty(204)


@router.post(f"{PAGE}/watch")
def watch_page(page_id: PathId, ctx: Ctx) -> Response:
    pages.watch(ctx, page_id, watching=True)
    return empty()


@router.post(f"{PAGE}/unwatch")
def unwatch_page(page_id: PathId, ctx: Ctx) -> Response:
    pages.watch(ctx, page_id, watching=False)
    return empty()


@router.get(f"{PAGE}/watchers", response_model=list[ItemUserEntry])
def page_watchers(page_id: PathId, request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = pages.list_watchers(ctx, page_id, query)
    headers = queries.page_headers(request, wanted, page)
    return render(ItemUserEntry, [user_entry(u) for u in page.items], headers=headers)


@router.get("/wiki-links", response_model=list[WikiLinkRead])
def list_links(request: Request, ctx: Ctx, project: QueryId = None) -> Response:
    query, wanted = queries.list_query(request)
    page = links.list_links(ctx, project, query)
    headers = queries.page_headers(request, wanted, page)
    return render(WikiLinkRead, [_link_wire(link) for link in page.items], headers=headers)


@router.post("/wiki-links", status_code=201, response_model=WikiLinkRead)
def create_link(body: WikiLinkCreate, ctx: Ctx) -> Response:
    fields = body.model_dump(exclude_unset=True, include={"title", "order"})
    return render(WikiLinkRead, _link_wire(links.create_link(ctx, body.project, fields)), status=201)


@router.get(LINK, response_model=WikiLinkRead)
def get_link(link_id: PathId, ctx: Ctx) -> Response:
    return render(WikiLinkRead, _link_wire(links.get_link(ctx, link_id)))


@router.put(LINK, response_model=WikiLinkRead)
def replace_link(link_id: PathId, body: WikiLinkReplace, ctx: Ctx) -> Response:
    return render(WikiLinkRead, _link_wire(links.update_link(ctx, link_id, body.model_dump(exclude_unset=True))))


@router.patch(LINK, response_model=WikiLinkRead)
def edit_link(link_id: PathId, body: WikiLinkEdit, ctx: Ctx) -> Response:
    return render(WikiLinkRead, _link_wire(links.update_link(ctx, link_id, body.model_dump(exclude_unset=True))))


@router.delete(LINK, status_code=204)
def delete_link(link_id: PathId, ctx: Ctx) -> Response:
    links.delete_link(ctx, link_id)
    return empty(204)
