"""Settings: one pydantic-settings class, read from `PHASEGATE_*` variables and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from phasegate.db.session import PoolSettings


class Settings(BaseSettings):
    """Everything configurable about a phasegate installation."""

    model_config = SettingsConfigDict(env_prefix="PHASEGATE_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("phasegate-data"), description="Workspace folder.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; defaults to SQLite in the workspace. "
        "postgresql+psycopg://user@host/db switches to PostgreSQL.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str | None = Field(
        default=None, description="Signs session cookies; generated per workspace."
    )
    hourly_rate: float = Field(
        default=32.0, description="Loaded agent cost per hour, in the policy currency."
    )
    durable_days: float = Field(
        default=7.0,
        ge=0,
        description="A resolution counts only if the customer does not come back on the same issue "
        "within this many days.",
    )
    log_level: str = "INFO"
    llm: str = Field(
        default="builtin",
        description="Which LLM provider writes drafts: builtin (offline composer), openai (any "
        "OpenAI-compatible /v1/chat/completions server) or the name of an installed phasegate.llm plugin.",
    )
    llm_base_url: str = Field(
        default="http://127.0.0.1:11434/v1", description="OpenAI-compatible base URL (Ollama's by default)."
    )
    llm_model: str = Field(default="llama3.1:8b", description="Model name sent to the server.")
    llm_api_key: str | None = Field(default=None, description="Bearer token, when the server wants one.")
    llm_timeout: float = Field(default=20.0, gt=0, description="Seconds per request before giving up.")
    llm_retries: int = Field(default=2, ge=0, description="Retries after a timeout or a 5xx/429 answer.")
    llm_backoff: float = Field(default=0.5, ge=0, description="First retry delay in seconds; doubles.")
    llm_input_cost: float = Field(
        default=0.0, ge=0, description="Price per million input tokens, in the policy currency."
    )
    llm_output_cost: float = Field(
        default=0.0, ge=0, description="Price per million output tokens, in the policy currency."
    )
    scheduler: bool = Field(
        default=True, description="Run the recurring jobs (demotion checks, KB-gap refresh) inside `serve`."
    )
    server_threads: int = Field(
        default=40,
        ge=1,
        description="Worker threads that run the console's routes (anyio's default is 40); "
        "the database pool is sized to match.",
    )
    db_pool_size: int | None = Field(
        default=None, ge=1, description="Connections kept open; default: server_threads."
    )
    db_max_overflow: int = Field(default=4, ge=0, description="Extra connections allowed at a peak.")
    db_pool_timeout: float = Field(
        default=2.0,
        gt=0,
        description="Seconds a request waits for a free connection before a 503 (not SQLAlchemy's 30).",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie only over HTTPS; turn on whenever TLS is in front.",
    )
    max_body_bytes: int = Field(
        default=2_000_000, ge=1024, description="Request bodies larger than this get a 413."
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins per username before it is locked for a while."
    )
    login_max_failures_per_ip: int = Field(
        default=20, ge=1, description="Failed sign-ins from one address before it is locked for a while."
    )
    login_lockout_seconds: float = Field(
        default=900.0, gt=0, description="How long failures are remembered and a lockout lasts."
    )
    metrics_token: str | None = Field(
        default=None,
        description="When set, /metrics needs `Authorization: Bearer <token>`; otherwise it is open "
        "(aggregate counts only, no customer data).",
    )
    report_cache_entries: int = Field(
        default=32, ge=0, description="Dashboard reports kept per (window, data version); 0 disables."
    )
    warm_briefs: int = Field(
        default=200,
        ge=0,
        description="Briefs `serve` builds before their first view (open tickets newest first, then the "
        "newest others), at start-up and as tickets arrive; 0 = build each on its first view.",
    )
    sqlite_busy_timeout: float = Field(
        default=15.0,
        gt=0,
        description="Seconds a SQLite writer waits for another writer before giving up with a clear error.",
    )

    @field_validator("database_url")
    @classmethod
    def _known_dialect(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql+psycopg:// URL")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force: the configured one or SQLite inside the workspace."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'phasegate.db').resolve()}"

    @property
    def pool(self) -> PoolSettings:
        """The database pool sizing these settings ask for."""
        return PoolSettings(
            size=self.db_pool_size or self.server_threads,
            overflow=self.db_max_overflow,
            timeout=self.db_pool_timeout,
            sqlite_busy_timeout=self.sqlite_busy_timeout,
        )

    @property
    def models_dir(self) -> Path:
        """Where the workspace keeps trained models."""
        return self.home / "models"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
