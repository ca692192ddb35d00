"""The `planyard` command. Importing the app builds a few hundred thousand objects (pydantic schemas,
routes, SQLAlchemy mappings) that all live as long as the process: they are made with the cyclic
garbage collector off and then frozen out of its reach (`built_for_good`), which shortens the cold
start and every later collection. `planyard serve` does the same for the app it builds."""

from __future__ import annotations


def main() -> None:
    from planyard.kit.memory import built_for_good

    built_for_good(lambda: __import__("planyard.cli"))
    from planyard.cli import app

    app()
