"""Passwords, signed tokens, the mail log, local storage and image validation."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from planyard.kit import security
from planyard.kit.errors import Invalid
from planyard.kit.images import validated_image
from planyard.kit.mail import Mailer, MailSettings, read_mail_log
from planyard.kit.storage import LocalStorage


def test_password_hash_round_trip():
    hashed = security.hash_password("s3cret!")
    assert hashed != "s3cret!"
    assert security.verify_password(hashed, "s3cret!")
    assert not security.verify_password(hashed, "wrong")
    assert not security.verify_password("", "anything")


def test_signed_tokens_expire_and_resist_tampering():
    token = security.sign("k" * 32, {"user_id": 1}, timedelta(minutes=5))
    assert security.unsign("k" * 32, token)["user_id"] == 1
    assert security.unsign("x" * 32, token) is None
    assert security.unsign("k" * 32, security.sign("k" * 32, {}, timedelta(seconds=-1))) is None


def test_mail_log(tmp_path):
    mailer = Mailer(MailSettings(sender="me@x", log_path=tmp_path / "mail.log"))
    mailer.send("you@example.com", "Hello", "Body text")
    assert read_mail_log(tmp_path / "mail.log") == [
        {"to": "you@example.com", "from": "me@x", "subject": "Hello", "body": "Body text"}
    ]


def test_local_storage_keeps_files_apart(tmp_path):
    storage = LocalStorage(tmp_path, "http://host/")
    a = storage.save("avatars", "../../evil.png", b"1")
    b = storage.save("avatars", "evil.png", b"2")
    assert a != b and ".." not in a
    assert storage.open(a) == b"1" and storage.url(b).startswith("http://host/media/avatars/")
    storage.delete(a)
    assert not (tmp_path / a).exists()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def test_image_validation():
    assert validated_image(png_bytes(), "avatar", 10_000)
    for data, limit in ((b"", 100), (b"not an image", 100), (png_bytes(), 10)):
        with pytest.raises(Invalid) as info:
            validated_image(data, "avatar", limit)
        assert "avatar" in info.value.fields
