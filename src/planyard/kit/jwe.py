"""Compact JWE with a shared secret (AES key wrap A128KW, content AES-256-GCM), the cipher of Taiga's
application tokens. The 16-byte wrapping key is the first bytes of the SHA-256 of the secret, as the
JOSE library taiga-back used (jwkest's SYMKey) derives it from a secret of any length."""

from __future__ import annotations

import hashlib

from joserfc import jwe
from joserfc.jwk import OctKey

HEADER = {"alg": "A128KW", "enc": "A256GCM"}


def _key(secret: str) -> OctKey:
    return OctKey.import_key(hashlib.sha256(secret.encode()).digest()[:16])


def encrypt(plaintext: str, secret: str) -> str:
    return jwe.encrypt_compact(HEADER, plaintext.encode(), _key(secret))


def decrypt(token: str, secret: str) -> str:
    data = jwe.decrypt_compact(token, _key(secret)).plaintext
    return (data or b"").decode()
