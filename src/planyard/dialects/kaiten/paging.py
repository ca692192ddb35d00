"""Kaiten's paging of the lists its documentation calls "page by page": `limit` and `offset` query
parameters (their bounds are not in the seed: `limit` 1-100, default 100 as Kaiten's public docs give
for cards; `offset` from 0), a bare JSON array of the window's rows; and `broken_api`, Kaiten's
backward-compatibility flag for user values of custom properties (default true: user uids as strings;
false: user ids as integers). Shared by every paged Kaiten list."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from planyard.kit.errors import Invalid
from planyard.kit.query import Window

DEFAULT_LIMIT = 100
MAX_LIMIT = 100


def window(limit: Annotated[int | None, Query()] = None, offset: Annotated[int | None, Query()] = None) -> Window:
    """The rows a request asks for; a limit or offset out of bounds is a 400 naming it."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise Invalid.on("limit", f"must be between 1 and {MAX_LIMIT}")
    if offset is not None and offset < 0:
        raise Invalid.on("offset", "must not be negative")
    return Window(offset or 0, DEFAULT_LIMIT if limit is None else limit, counted=False)  # Kaiten sends no total


def optional_window(
    limit: Annotated[int | None, Query()] = None, offset: Annotated[int | None, Query()] = None
) -> Window | None:
    """For the lists the seed pages only "if limit or offset presented": every row without either."""
    if limit is None and offset is None:
        return None
    return window(limit, offset)


def user_ids_as_uids(broken_api: Annotated[bool, Query()] = True) -> bool:
    """`broken_api` (default true): user values of custom properties as uids (strings), else as ids."""
    return broken_api


Paging = Annotated[Window, Depends(window)]
OptionalPaging = Annotated[Window | None, Depends(optional_window)]
BrokenApi = Annotated[bool, Depends(user_ids_as_uids)]
