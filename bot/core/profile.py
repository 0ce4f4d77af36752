"""WorkloadProfile: the public schema of a team's workload (field names are a public interface)."""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .assumption_keys import OVERRIDABLE
from .units import DAYS_PER_MONTH, UnitError, parse_quantity

Capability = Literal["small", "mid", "frontier"]
Sensitivity = Literal["public", "internal", "confidential", "restricted"]
Connectivity = Literal["online", "intermittent", "offline"]
Skills = Literal["none", "basic", "mlops"]
Hosting = Literal["on_prem", "own_cloud", "any"]
Availability = Literal["ha", "best_effort"]
Region = Literal["us", "eu", "uk", "ca", "apac", "any"]
Regime = Literal["hipaa", "gdpr", "soc2", "pci_dss", "fedramp"]

MAX_TOKENS_PER_DAY = 1e13  # ten trillion a day: beyond any single team's traffic

# Former assumption overrides that became profile fields: setting one names the field that replaced it.
REPLACED = {"min_stream_tokens_per_s": "min_tokens_per_s"}


FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class ProfileError(ValueError):
    """A profile field is invalid; ``field`` names it and the message says why and what is allowed."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


class WorkloadProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    team: str | None = Field(default=None, max_length=80)
    tokens_per_day: float | None = Field(default=None, ge=0, le=MAX_TOKENS_PER_DAY, allow_inf_nan=False)
    output_share: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    peak_to_average: float | None = Field(default=None, ge=1, le=100, allow_inf_nan=False)
    capability: Capability | None = None
    open_model: str | None = None
    data_sensitivity: Sensitivity | None = None
    latency_ms: float | None = Field(default=None, gt=0, le=600_000, allow_inf_nan=False)
    fine_tuned: bool | None = None
    connectivity: Connectivity | None = None
    infra_skills: Skills | None = None
    rapid_iteration: bool | None = None
    simple_share: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    api_model: str | None = None
    hardware: str | None = None
    hardware_count: int | None = Field(default=None, ge=1, le=4096)
    monthly_api_spend_usd: float | None = Field(default=None, ge=0, le=1e9, allow_inf_nan=False)
    hosting: Hosting | None = None
    availability: Availability | None = None
    data_region: Region | None = None
    compliance: list[Regime] = Field(default_factory=list)
    min_tokens_per_s: float | None = Field(default=None, gt=0, le=1000, allow_inf_nan=False)
    assumptions: dict[str, FiniteFloat] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _per_month(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("tokens_per_month") is not None:
            data = dict(data)
            monthly = parse_quantity(data.pop("tokens_per_month"), field="tokens_per_month")
            if data.get("tokens_per_day") is None:
                data["tokens_per_day"] = monthly / DAYS_PER_MONTH
        return data

    @field_validator("tokens_per_day", mode="before")
    @classmethod
    def _quantity(cls, v: Any) -> Any:
        if isinstance(v, str):
            try:
                return parse_quantity(v, field="tokens_per_day", max_value=MAX_TOKENS_PER_DAY)
            except UnitError as e:
                raise ValueError(str(e).split(": ", 1)[-1]) from None
        return v

    @field_validator("team", "open_model", "api_model", "hardware")
    @classmethod
    def _printable(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = v.strip()
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in v):
            raise ValueError("must be plain text without control characters")
        return v or None

    @field_validator("compliance", mode="before")
    @classmethod
    def _regimes(cls, v: Any) -> Any:
        """``"hipaa, gdpr"`` (a flag, ``profile set``, the modal) or a list; blank clears; duplicates dropped."""
        if v is None:
            return []
        if isinstance(v, str):
            v = [part.strip().lower() for part in v.replace(";", ",").split(",")]
        if isinstance(v, list | tuple):
            return list(dict.fromkeys(x for x in v if x not in ("", None)))
        return v

    @field_validator("assumptions")
    @classmethod
    def _known_assumptions(cls, v: dict[str, float]) -> dict[str, float]:
        for key in v:
            if key in REPLACED:
                raise ValueError(f"{key!r} is now the profile field {REPLACED[key]}; "
                                 f"set {REPLACED[key]}={v[key]:g} instead")
            if key not in OVERRIDABLE:
                raise ValueError(f"unknown assumption {key!r}; overridable: {', '.join(OVERRIDABLE)}")
        return v

    # --- helpers -------------------------------------------------------------------------------

    def known(self) -> dict[str, Any]:
        """The facts that were given (not None, not empty)."""
        return {k: v for k, v in self.model_dump().items() if v not in (None, {}, [])}

    def merged(self, **facts: Any) -> WorkloadProfile:
        """A copy with ``facts`` applied (None leaves a field as it is); validated."""
        data = self.model_dump()
        data.update({k: v for k, v in facts.items() if v is not None})
        return build_profile(data)


FIELDS: tuple[str, ...] = (*WorkloadProfile.model_fields, "tokens_per_month")


def allowed_values(field: str) -> str:
    """A readable description of what a field accepts, for error messages and help."""
    info = WorkloadProfile.model_fields[field]
    if get_origin(info.annotation) is list:
        return "a comma-separated list of " + ", ".join(get_args(get_args(info.annotation)[0]))
    args = [a for a in get_args(info.annotation) if a is not type(None)]
    for a in args:
        if get_args(a) and all(isinstance(x, str) for x in get_args(a)):
            return "one of " + ", ".join(get_args(a))
    if args == [bool]:
        return "true or false"
    hints = {
        "tokens_per_day": "a volume such as 100M, 1.5B, 250k or 3e8 (0 to 10T)",
        "output_share": "a fraction from 0 to 1 (e.g. 0.25)",
        "simple_share": "a fraction from 0 to 1 (e.g. 0.6)",
        "peak_to_average": "a ratio of 1 or more (e.g. 2)",
        "latency_ms": "milliseconds to first token, more than 0",
        "hardware_count": "a whole number from 1 to 4096",
        "monthly_api_spend_usd": "US dollars per month, 0 or more",
        "min_tokens_per_s": "tokens per second each stream must get, more than 0 (e.g. 20)",
    }
    return hints.get(field, "text")


def suggest_field(name: str) -> list[str]:
    return difflib.get_close_matches(name, FIELDS, n=3, cutoff=0.5)


def build_profile(data: dict[str, Any]) -> WorkloadProfile:
    """Validate raw facts into a profile; raise ProfileError naming the first bad field."""
    unknown = [k for k in data if k not in FIELDS]
    if unknown:
        key = unknown[0]
        close = suggest_field(key)
        hint = f" Did you mean {' or '.join(close)}?" if close else f" Known fields: {', '.join(FIELDS)}."
        raise ProfileError(key, f"unknown field.{hint}")
    try:
        return WorkloadProfile.model_validate(data)
    except UnitError as e:
        raise ProfileError("tokens_per_month", str(e)) from None
    except ValidationError as e:
        err = e.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "profile"
        if err["type"] == "value_error":  # our own validators say what is wrong and what to do
            raise ProfileError(field, str(err["msg"]).removeprefix("Value error, ")) from None
        allowed = allowed_values(field) if field in WorkloadProfile.model_fields else ""
        given = repr(err.get("input"))
        msg = f"{given[:60] + '…' if len(given) > 60 else given} is not valid ({err['msg']})"
        inner = ".".join(p for p in err["loc"][1:] if isinstance(p, str))  # a mapping's key: assumptions.pue
        if inner:
            msg = f"{inner}: {msg}"
        if allowed and allowed != "text":
            msg += f"; allowed: {allowed}"
        raise ProfileError(field, msg) from None


def check_assumptions(overrides: Mapping[str, Any], specs: Mapping[str, Any]) -> None:
    """The one rule for assumption overrides, wherever a profile enters (form, import, CLI, the engine):
    a known key, a finite number, within the range ``knowledge/assumptions.yaml`` gives it (``specs``:
    key → an object with ``min``, ``max`` and ``unit``). Raises ProfileError naming the key."""
    for key, value in overrides.items():
        spec = specs.get(key)
        if spec is None:
            raise ProfileError("assumptions", f"{key}: unknown assumption; overridable: {', '.join(OVERRIDABLE)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ProfileError("assumptions", f"{key}: {str(value)[:40]!r} is not a finite number")
        low, high = spec.min, spec.max
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{low:g} to {high:g}" if low is not None and high is not None else (
                f"at least {low:g}" if low is not None else f"at most {high:g}")
            raise ProfileError("assumptions", f"{key}: {value:g} is outside the plausible range, {span} {spec.unit}")
