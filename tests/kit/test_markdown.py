"""Rendered `*_html` fields are Markdown turned into sanitized HTML."""

from __future__ import annotations

from planyard.kit.markdown import render_markdown


def test_markdown_renders_and_sanitizes():
    html = render_markdown("**bold** <script>alert(1)</script> [bad](javascript:alert(1)) [ok](https://example.com)")
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert 'href="https://example.com"' in html and "noopener" in html
    assert render_markdown("") == ""
