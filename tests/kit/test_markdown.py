"""Rendered `*_html` fields are Markdown turned into sanitized HTML."""

from __future__ import annotations

import time
import tracemalloc

from planyard.kit import markdown
from planyard.kit.markdown import render_markdown


def test_markdown_renders_and_sanitizes():
    html = render_markdown("**bold** <script>alert(1)</script> [bad](javascript:alert(1)) [ok](https://example.com)")
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert 'href="https://example.com"' in html and "noopener" in html
    assert render_markdown("") == ""


def test_pathological_markup_renders_as_plain_text_quickly():
    text = "![" * 200_000  # 400 KB that markdown-it-py took over 6 s to render
    start = time.perf_counter()
    html = render_markdown(text)
    assert time.perf_counter() - start < 2
    assert html == f"<p>{text}</p>\n"
    assert render_markdown("<b>" * 5_000) == "<p>" + "&lt;b&gt;" * 5_000 + "</p>\n"


def test_long_texts_with_little_markup_still_render():
    text = "A paragraph with a [link](https://example.com) and *emphasis*.\n\n" * 1_000
    assert render_markdown(text).count('<a href="https://example.com"') == 1_000


def test_the_cache_is_bounded_by_bytes():
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(2_000):  # 2,000 distinct texts of 10 KB: 40 MB with their HTML, were all kept
            render_markdown(f"{i} " + "word " * 2_000)
        for i in range(30):  # and large ones are never kept
            render_markdown(f"{i} " + "word " * 60_000)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < markdown.CACHE_BYTES * 1.25
