"""Settings: the one place that reads the environment (prefix PLANYARD_)."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANYARD_", env_file=".env", extra="ignore")

    data_dir: Path = Path(".planyard")
    database_url: str | None = None
    secret_key: str | None = None
    public_url: str = "http://127.0.0.1:8000"

    access_token_minutes: int = 24 * 60
    refresh_token_days: int = 8
    public_register_enabled: bool = True

    max_body_bytes: int = 10 * 1024 * 1024
    max_upload_bytes: int = 10 * 1024 * 1024
    write_wait_seconds: float = 10  # how long a write waits for another writer's lock before a 503

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "planyard@localhost"

    web_client_dir: Path | None = None  # a prebuilt Taiga web client to serve at /

    taiga_mount: str = "/api/v1"
    live_events_path: str = "/events"  # the websocket of Taiga's live events (the web client's eventsUrl)
    kaiten_prefix: str = "/kaiten/api"  # the Kaiten API answers at <prefix>/v1 and <prefix>/latest
    kaiten_root_latest: bool = True  # also at /api/latest, Kaiten's own "latest" URL
    kaiten_port: int | None = None  # a port of its own where Kaiten answers at /api/v1 and /api/latest
    kaiten_rate_limit_enabled: bool = True  # the off switch of Kaiten's documented rate limit
    kaiten_requests_per_second: int = 5  # Kaiten's documented limit per token
    hacknplan_mount: str = "/hacknplan/v0"
    productive_mount: str = "/productive/api/v2"

    login_throttle_enabled: bool = True  # the off switch of the four login / password-recovery limits below
    login_attempts_per_address: int = 30  # login and recovery requests per client address per address window
    login_address_window_seconds: int = 60  # the per-address window
    login_failures_per_account: int = 10  # failed logins (and, apart, recovery requests) per account per window
    login_account_window_seconds: int = 15 * 60  # the per-account window
    max_bulk_lines: int = 1_000  # lines (items) one bulk_create request may create
    feedback_enabled: bool = True  # users may send feedback (POST /feedback)
    feedback_email: str | None = None  # where feedback is mailed (kept unmailed when unset)
    system_stats_enabled: bool = False  # GET /stats/system answers (a 404 when off, as taiga-back's default)

    # Webhooks (docs/operations.md#webhooks): delivery runs inside `planyard serve` unless turned off here
    # (then run `planyard worker`); targets must be public addresses unless private ones are allowed.
    webhooks_in_serve: bool = True
    webhooks_allow_private: bool = False  # loopback, private, link-local and metadata addresses (testing)
    webhook_timeout_seconds: float = 10  # connect, read and write timeouts of one attempt
    webhook_max_redirects: int = 3  # each redirect target is checked like the first
    webhook_max_attempts: int = 8  # network errors and 5xx answers are retried, with backoff
    webhook_backoff_seconds: float = 5  # the first retry's delay; it doubles after each attempt
    webhook_max_backoff_seconds: float = 3600
    webhook_lease_seconds: float = 300  # a claimed delivery whose worker died is sent again after this
    webhook_poll_seconds: float = 1  # how often an idle worker looks for new events
    webhook_threads: int = 2  # delivering threads per process (one webhook's queue is never sent in parallel)
    webhook_logs_kept: int = 10  # attempts logged per webhook (Taiga keeps its last ten)
    dump_sync_max_items: int = 2_000  # project dumps with more items are exported / imported in the background
    # Change mail (docs/configuration.md#change-mail): sent by the same processes as webhooks; a user's
    # changes to one item make one mail once the item has been quiet this long (Taiga's production 120 s).
    change_mails_in_serve: bool = True
    change_mail_interval_seconds: float = 120
    change_mail_poll_seconds: float = 5  # how often an idle sender looks for batches that are due

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'planyard.sqlite3').resolve()}"

    @cached_property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @cached_property
    def mail_log(self) -> Path:
        return self.data_dir / "mail.log"

    @cached_property
    def signing_key(self) -> str:
        """The JWT signing key: the setting, else one generated once and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()
