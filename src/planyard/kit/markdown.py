"""Markdown to safe HTML for the `*_html` fields: markdown-it-py renders, nh3 sanitizes.

markdown-it-py spends ~10 µs on every punctuation character it may have to pair (`[`, `*`, `<` ...) and every line, so a
text with more of them than `limits.MARKUP_CHARS`, or longer than `limits.LONG_TEXT`, is shown as escaped
plain text instead: rendering stays under ~0.3 s whatever was written. Small texts are cached, the cache
bounded by bytes."""

from __future__ import annotations

import html
import re
import sys
import threading

import nh3
from cachetools import LRUCache
from markdown_it import MarkdownIt

from planyard.kit import limits

CACHED_CHARS = 16 * 1024  # texts up to this size are cached
CACHE_BYTES = 16 * 1024 * 1024  # texts and their HTML held by the cache, at most

_md = MarkdownIt("commonmark", {"linkify": False, "html": False}).enable("table").enable("strikethrough")
_markup = re.compile(r"[\[\]*_`<>&!\\~|\n]")
_cache: LRUCache[str, tuple[int, str]] = LRUCache(maxsize=CACHE_BYTES, getsizeof=lambda entry: entry[0])
_lock = threading.Lock()


def render_markdown(text: str) -> str:
    if not text:
        return ""
    if len(text) > CACHED_CHARS:
        return _render(text)
    with _lock:
        hit = _cache.get(text)
    if hit is not None:
        return hit[1]
    rendered = _render(text)
    with _lock:
        _cache[text] = (sys.getsizeof(text) + sys.getsizeof(rendered), rendered)
    return rendered


def _render(text: str) -> str:
    if len(text) > limits.LONG_TEXT or len(_markup.findall(text)) > limits.MARKUP_CHARS:
        return f"<p>{html.escape(text, quote=False)}</p>\n"
    return nh3.clean(_md.render(text), link_rel="noopener noreferrer nofollow")
