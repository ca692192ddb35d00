"""The page `/` answers when no web client is served: each API's mount and docs, and how to add the
Taiga web client."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from starlette.responses import HTMLResponse

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Planyard</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}
code{{background:#f3f3f3;padding:0 .25rem}}td{{padding:.25rem 1rem .25rem 0}}</style></head>
<body><h1>Planyard</h1>
<p>This server speaks four project-management APIs over one database:</p>
<table><tr><th align="left">API</th><th align="left">Mount</th><th align="left">Docs</th></tr>
{rows}
</table>
<h2>Web client</h2>
<p>No web client is served here. To use the Taiga web client, download a build of
<a href="https://github.com/kaleidos-ventures/taiga-front-dist">taiga-front-dist</a> and start the server with
<code>planyard serve --web-client path/to/taiga-front-dist/dist</code>; it then opens at <code>/</code>.</p>
</body></html>
"""


def front_page(apis: list[tuple[str, str, FastAPI]]) -> HTMLResponse:
    """`apis`: (name, mount, app) of each API; its docs are linked when the app serves them."""
    rows = []
    for name, mount, app in apis:
        docs = f'<a href="{escape(mount + app.docs_url)}">{escape(mount + app.docs_url)}</a>' if app.docs_url else "–"
        rows.append(f"<tr><td>{escape(name)}</td><td><code>{escape(mount)}</code></td><td>{docs}</td></tr>")
    return HTMLResponse(PAGE.format(rows="\n".join(rows)))
