"""Markdown to safe HTML for the `*_html` fields: markdown-it-py renders, nh3 sanitizes."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"linkify": False, "html": False}).enable("table").enable("strikethrough")


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    if not text:
        return ""
    return nh3.clean(_md.render(text), link_rel="noopener noreferrer nofollow")
