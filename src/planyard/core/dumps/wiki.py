"""Loading a dump's wiki: its links (from the header) and its pages (streamed in windows), each page with
its watchers, attachments and history. A mixin of the loader, as the items' loading is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from planyard.core.dumps.header import BadDump, read_items
from planyard.core.dumps.items import ItemLoading, moment, windows
from planyard.core.slugs import slugify
from planyard.core.wiki.pages import TARGET as WIKI_PAGE
from planyard.models import WikiLink, WikiPage


class WikiLoading(ItemLoading):
    def _wiki_links(self, links: object) -> None:
        if not isinstance(links, list) or not all(isinstance(e, dict) and e.get("href") for e in links):
            raise BadDump("error importing wiki links", {"wiki_links": ["Invalid data. Expected a list of links."]})
        hrefs = {str(e["href"]): e for e in links}  # the href is a page's slug: one link per page
        if hrefs:
            self.session.execute(insert(WikiLink), [
                {"project_id": self.project.id, "title": str(e.get("title") or href), "href": href,
                 "order": e.get("order") if isinstance(e.get("order"), int) else n}
                for n, (href, e) in enumerate(hrefs.items())])  # fmt: skip

    def _wiki_pages(self) -> None:
        slugs: set[str] = set()
        for window in windows(read_items(self.path, "wiki_pages")):
            made: list[tuple[WikiPage, dict[str, Any]]] = []
            for entry in window:
                given = entry.get("slug")
                slug = slugify(given) if isinstance(given, str) and given.strip() else ""
                if not slug or slug in slugs:
                    raise BadDump("error importing wiki pages",
                                  {"wiki_pages": [{"slug": ["Invalid or repeated slug."]}]})  # fmt: skip
                slugs.add(slug)
                page = WikiPage(project_id=self.project.id, slug=slug, content=str(entry.get("content") or ""),
                                owner_id=self.user(entry.get("owner")) or self.ctx.actor_id,
                                last_modifier_id=self.user(entry.get("last_modifier")),
                                version=entry["version"] if isinstance(entry.get("version"), int) else 1)  # fmt: skip
                for column in ("created_date", "modified_date"):
                    if entry.get(column):
                        setattr(page, column, moment(entry[column], "wiki_pages"))
                self.session.add(page)
                made.append((page, entry))
            self.session.flush()
            for page, entry in made:
                self._watch(WIKI_PAGE, page.id, entry.get("watchers"))
                for n, attachment in enumerate(entry.get("attachments") or []):
                    self._attachment(WIKI_PAGE, page.id, attachment, n)
                self._history(WIKI_PAGE, page.id, entry.get("history"), {"slug": page.slug}, page.owner_id,
                              page.created_date)  # fmt: skip
            self.session.flush()
            if self.progress:
                self.progress(len(window))
