"""An HTTP client for calls to addresses users chose (webhooks): every connection, the first and each
redirect's, goes to an address checked after DNS resolution, so a name that resolves to a loopback,
private, link-local or cloud-metadata address is refused unless private targets are allowed."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx


class UnsafeTarget(Exception):
    """The target resolves to an address that is not public (and private targets are not allowed)."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The addresses of `host` (an IP literal is its own), or [] when the name does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def url_problem(url: str, allow_private: bool) -> str | None:
    """Why `url` can't be a target ("invalid", "private"), or None. A name that does not resolve now
    passes: it is checked again at each connection."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "invalid"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "invalid"
    if allow_private:
        return None
    if any(not is_public(address) for address in resolve(parts.hostname, port)):
        return "private"
    return None


class _CheckedBackend(httpcore.SyncBackend):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:  # fmt: skip
        addresses = resolve(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        if not self.allow_private and any(not is_public(a) for a in addresses):
            raise UnsafeTarget("Not allowed IP Address")
        # Connect to the checked address itself: a second lookup could answer otherwise (DNS rebinding).
        # TLS still names `host` (httpcore takes the server name from the URL, not from this address).
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


class _CheckedTransport(httpx.HTTPTransport):
    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        # httpx builds its pool without a way to pass a network backend: the same pool, with ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=_CheckedBackend(allow_private),
            max_connections=20, max_keepalive_connections=0,
        )  # fmt: skip


def checked_client(allow_private: bool, timeout_seconds: float, max_redirects: int) -> httpx.Client:
    """A client whose every connection goes to a checked address (see the module); no proxy from the
    environment, bounded timeouts, at most `max_redirects` redirects (each one checked)."""
    return httpx.Client(
        transport=_CheckedTransport(allow_private), timeout=httpx.Timeout(timeout_seconds), trust_env=False,
        follow_redirects=max_redirects > 0, max_redirects=max_redirects,
    )  # fmt: skip
