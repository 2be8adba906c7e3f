"""Settings, read once from the environment (prefix ``NETMAP_``) and cached."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "netmap"


class Settings(BaseSettings):
    """netmap configuration. Every field can be set as ``NETMAP_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="NETMAP_", extra="ignore")

    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Field(default_factory=_default_data_dir)
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("netmap-local")
    neo4j_database: str = "neo4j"
    #: seconds a command (import, analysis) keeps retrying Neo4j when it is away or busy
    neo4j_retry_seconds: float = Field(default=30.0, ge=0, le=600)
    pseudonym_key: SecretStr | None = None
    suppression_threshold: int = Field(default=10, ge=1)
    #: viewers' release calendar: reference dates at month ends or quarter ends
    release_period: Literal["month", "quarter"] = "month"
    #: level of netmap's logs on stderr (DEBUG, INFO, WARNING, ERROR); `-v` is INFO
    log_level: str = "WARNING"
    #: language of messages to people (import problems and reports): Japanese or English
    lang: Literal["ja", "en"] = "ja"
    # API
    max_upload_mb: int = Field(default=50, ge=1)
    #: the most data one import may hold once unzipped (all its files together); 422 beyond
    max_expanded_mb: int = Field(default=200, ge=1)
    #: the most rows one import file (or workbook sheet) may have; 422 beyond
    max_rows_per_file: int = Field(default=2_000_000, ge=1)
    #: highest PNG resolution the API renders (it bounds the cost of one request)
    api_max_dpi: int = Field(default=300, ge=72, le=600)
    cors_origins: list[str] = Field(default_factory=list)
    #: requests a token may make per minute, per API process (0: no limit); 429 beyond it
    api_rate_per_minute: int = Field(default=120, ge=0)
    #: maps, diagrams and sheets rendered at once per API process; 429 beyond it
    api_max_concurrent_renders: int = Field(default=2, ge=1)
    #: seconds an API request waits for Neo4j to come back before it answers 503
    api_neo4j_retry_seconds: float = Field(default=3.0, ge=0, le=60)
    #: serve the interactive API docs at /docs (from the package's own copy of Swagger UI)
    api_docs: bool = False

    @property
    def embedded_path(self) -> Path:
        return self.data_dir / "netmap.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings. Tests call ``get_settings.cache_clear()`` after changing env."""
    return Settings()
