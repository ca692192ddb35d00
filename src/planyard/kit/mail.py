"""Outgoing mail: SMTP when configured, else appended to a local mail log (tests read it)."""

from __future__ import annotations

import json
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path


@dataclass(frozen=True)
class MailSettings:
    sender: str
    log_path: Path
    host: str | None = None
    port: int = 25
    user: str | None = None
    password: str | None = None


class Mailer:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def send(self, to: str, subject: str, body: str) -> None:
        s = self.settings
        if not s.host:
            s.log_path.parent.mkdir(parents=True, exist_ok=True)
            with s.log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps({"to": to, "from": s.sender, "subject": subject, "body": body}) + "\n")
            return
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = s.sender, to, subject
        message.set_content(body)
        with smtplib.SMTP(s.host, s.port, timeout=10) as smtp:
            if s.user:
                smtp.starttls()
                smtp.login(s.user, s.password or "")
            smtp.send_message(message)


def read_mail_log(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
