"""The `planyard` command. Importing the app builds a few hundred thousand objects (pydantic schemas,
routes, SQLAlchemy mappings) that all live as long as the process: the cyclic garbage collector is
kept off while they are made (each pass would walk them all for nothing) and they are then frozen
out of its reach, which shortens the cold start and every later collection."""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from planyard.cli import app

    gc.freeze()
    gc.enable()
    app()
