"""Settings: the one place the environment is read (pydantic-settings).

Every environment variable the app understands is a field here; nothing else calls ``os.environ``.
Secrets are ``SecretStr`` so they never print by accident. ``Settings.mode`` says how the app can run:
``socket`` (Socket Mode: an app-level token), ``http`` (signed HTTP requests), or ``console`` (no
Slack credentials at all).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from bot.store.crypto import TokenCipher

APP_NAME = "selfhost-advisor"
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_SCOPES = (
    "commands,chat:write,chat:write.public,app_mentions:read,channels:history,groups:history,"
    "im:history,files:write,users:read"
)
Mode = Literal["socket", "http", "console"]


class ConfigError(ValueError):
    """A setting is missing or invalid; the message is one sentence naming the variable."""


def default_db_path() -> Path:
    """The store's default SQLite file if the store defines one, else the user's data directory."""
    try:
        from bot.store import default_db_path as store_default

        return Path(store_default())
    except ImportError:
        from platformdirs import user_data_dir

        return Path(user_data_dir(APP_NAME)) / "selfhost.db"


def _prefix_check(value: SecretStr | None, prefixes: tuple[str, ...]) -> SecretStr | None:
    if value is not None and not value.get_secret_value().startswith(prefixes):
        raise ValueError(f"must start with {' or '.join(prefixes)}")
    return value


class Settings(BaseSettings):
    """Environment variables, one field each (the env name is the field name, upper-cased)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None  # Socket Mode (xapp-...)
    slack_api_url: str = DEFAULT_API_URL
    slack_client_id: str | None = None  # OAuth, many workspaces
    slack_client_secret: SecretStr | None = None
    slack_scopes: str = DEFAULT_SCOPES  # comma-separated
    selfhost_encryption_key: SecretStr | None = None  # Fernet key(s), newest first: Slack tokens encrypted at rest
    selfhost_db: Path = Field(default_factory=default_db_path)
    selfhost_admins_only: bool = False
    selfhost_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    selfhost_log_format: Literal["json", "text", "auto"] = "auto"
    selfhost_host: str = "0.0.0.0"
    selfhost_trusted_proxy: str | None = None  # the reverse proxy's address: client addresses from X-Forwarded-For
    port: int = Field(default=3000, ge=0, le=65535)
    selfhost_scheduler: bool = True  # in-process digest scheduler in `serve`; off when a CronJob runs digests
    selfhost_delete_data_on_uninstall: bool = False  # opt-in: app_uninstalled also deletes the workspace's data
    selfhost_prices_url: str | None = None  # where `prices refresh` fetches genai-prices data (default: its repo)
    # Optional model-assisted reading of free text (off unless both are set): an OpenAI-compatible base URL
    # (vLLM, llama-server, Ollama: e.g. http://gpu-box:8000/v1) and the model name it serves.
    selfhost_llm_url: str | None = None
    selfhost_llm_model: str | None = None
    selfhost_llm_api_key: SecretStr | None = None  # sent as a Bearer token when the endpoint wants one
    selfhost_llm_timeout_s: float = Field(default=2.0, gt=0, le=30)
    selfhost_gpu_catalog_url: str | None = None  # `prices refresh --gpus`: gpuhunt catalog base (default: dstack's)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, v: SecretStr | None) -> SecretStr | None:
        return _prefix_check(v, ("xoxb-",))

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, v: SecretStr | None) -> SecretStr | None:
        return _prefix_check(v, ("xapp-",))

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v if v.endswith("/") else v + "/"

    @field_validator("selfhost_log_level", mode="before")
    @classmethod
    def _upper(cls, v: object) -> object:
        return v.upper() if isinstance(v, str) else v

    @field_validator("selfhost_llm_url")
    @classmethod
    def _llm_url(cls, v: str | None) -> str | None:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v or None

    @field_validator(
        "slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_client_secret",
        "selfhost_encryption_key", "slack_client_id", "selfhost_llm_model", "selfhost_llm_api_key", mode="before",
    )
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("selfhost_encryption_key")
    @classmethod
    def _fernet_keys(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None:
            from bot.store.crypto import parse_keys

            parse_keys(v.get_secret_value())
        return v

    # --- derived -------------------------------------------------------------------------------

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def mode(self) -> Mode:
        if self.slack_app_token and (self.slack_bot_token or self.oauth_enabled):
            return "socket"
        if self.slack_signing_secret and (self.slack_bot_token or self.oauth_enabled):
            return "http"
        return "console"

    def token_cipher(self) -> TokenCipher:
        """The store's token cipher: encryption at rest when SELFHOST_ENCRYPTION_KEY is set."""
        from bot.store.crypto import TokenCipher, parse_keys

        key = self.selfhost_encryption_key
        return TokenCipher(parse_keys(key.get_secret_value() if key else None))

    @property
    def scopes(self) -> list[str]:
        return [s.strip() for s in self.slack_scopes.split(",") if s.strip()]

    def secret_values(self) -> list[str]:
        """Every configured secret, for the log masking filter."""
        fields = (
            self.slack_bot_token, self.slack_signing_secret, self.slack_app_token,
            self.slack_client_secret, self.selfhost_encryption_key, self.selfhost_llm_api_key,
        )
        return [f.get_secret_value() for f in fields if f is not None and f.get_secret_value()]

    def require_http(self) -> None:
        """Raise ConfigError naming what HTTP mode lacks."""
        if not self.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests.")
        if not (self.slack_bot_token or self.oauth_enabled):
            raise ConfigError(
                "SLACK_BOT_TOKEN is not set (nor SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth); "
                "the app cannot call Slack."
            )

    def require_socket(self) -> None:
        if not self.slack_app_token:
            raise ConfigError("SLACK_APP_TOKEN is not set; Socket Mode needs an app-level token (xapp-...).")
        if not (self.slack_bot_token or self.oauth_enabled):
            raise ConfigError("SLACK_BOT_TOKEN is not set; Socket Mode needs the bot token (xoxb-...).")


def load_settings(**overrides: object) -> Settings:
    """Read the environment; a bad value becomes one ConfigError sentence naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        first = e.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "setting"
        msg = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name}: {msg}.") from None
