"""Password hashing (argon2), signed expiring tokens (JWT) and opaque random tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def use_password_cost(time_cost: int, memory_kib: int) -> None:
    """Choose argon2's cost (the defaults suit production; the test suite picks a cheap one)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign(key: str, claims: dict[str, Any], lifetime: timedelta) -> str:
    now = datetime.now(UTC)
    payload = {**claims, "iat": now, "exp": now + lifetime, "jti": uuid.uuid4().hex}
    return jwt.encode(payload, key, algorithm="HS256")


def unsign(key: str, token: str) -> dict[str, Any] | None:
    """The claims of a valid token that expires and has not yet, else None."""
    try:
        return jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.PyJWTError:
        return None


def int_claim(claims: dict[str, Any], name: str) -> int | None:
    """The claim if it is an integer (not a list, a string or a boolean), else None."""
    value = claims.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def random_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
