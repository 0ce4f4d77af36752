"""Recommendation: what the decision tree decides, with every step of its reasoning.

One model, rendered as Block Kit, terminal text and JSON. Top-level keys ``verdict``, ``deployment``,
``triggers``, ``blockers``, ``conflicts``, ``path``, ``costs``, ``sensitivity``, ``missing`` and
``confidence`` are a public interface.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .staleness import DataAge

Verdict = Literal["self_host", "api", "hybrid"]
DeploymentKind = Literal["on_prem_gpu", "apple_silicon", "rented_gpu", "edge_device", "api_tier"]
Hosting = Literal["owned", "own_cloud", "gpu_cloud"]
Confidence = Literal["low", "medium", "high"]

class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PathStep(Out):
    """One node visited: the question, the fact or figure used, the rule applied, the outcome."""

    node: str
    question: str
    fact: str  # profile field or engine figure consulted
    value: str  # its value as shown to people ("300M tokens/day", "unknown")
    rule: str  # the branch condition that matched, in words
    outcome: str  # where it led: next node id, or the leaf


class Finding(Out):
    """A trigger that fired or a reason against self-hosting."""

    id: str
    title: str
    why: str
    hard: bool = False  # hard constraints rule an option out whatever it costs
    source_text: str | None = None  # the words of the user's message it came from, if any


class Conflict(Out):
    id: str
    between: list[str]
    why: str
    way_through: str


class HardwarePlan(Out):
    """A concrete deployment: which devices, how many, running what, how fast, and whether it can work."""

    kind: DeploymentKind
    summary: str
    model: str | None = None
    quant: str | None = None
    engine: str | None = None
    device: str | None = None
    gpus_per_replica: int = 0
    replicas: int = 0
    devices: int = 0
    decode_tokens_per_s: float | None = None  # one stream
    replica_tokens_per_s: float | None = None  # aggregate tokens/s (input+output) one replica sustains
    # average daily volume all replicas carry while serving the peak (peak_to_average) at target utilisation
    capacity_tokens_per_day: float | None = None
    required_tokens_per_day: float | None = None  # the average daily volume asked for
    headroom: float | None = None  # capacity / need - 1
    ttft_ms: float | None = None
    memory_gb: float | None = None  # per replica, model + KV + overhead
    possible: bool = True
    reason: str | None = None  # why not possible, or what bounds it
    smallest_working: str | None = None  # when impossible: the smallest configuration that would work
    hosting: Hosting | None = None  # where it runs: your hardware, your own cloud account, a GPU cloud
    machines: int = 0  # servers, instances or boxes (what fails and is patched as one)
    availability: Literal["ha", "best_effort"] | None = None  # ha: survives one machine down (N+1)
    # the targets (latency_ms at the request shape, min_tokens_per_s per stream) hold for this plan
    meets_targets: bool = True
    targets: str | None = None  # the targets in words ("TTFT ≤ 200 ms, ≥ 20 tok/s per stream")
    what_would: list[str] = Field(default_factory=list)  # when targets are missed: what would meet them
    model_assumed: bool = False  # the model was chosen by the advisor (capability or open_model not given)
    notes: list[str] = Field(default_factory=list)


class CostOption(Out):
    id: str
    label: str
    kind: Literal["api", "hosted_open", "owned", "rented", "hybrid"]
    monthly_usd: float
    per_million_usd: float
    capex_usd: float = 0.0
    breakdown: dict[str, float] = Field(default_factory=dict)  # $/month by component
    devices: int = 0
    possible: bool = True
    note: str | None = None
    hosting: Hosting | None = None  # self-host options: owned, own_cloud or gpu_cloud
    machines: int = 0
    meets_targets: bool = True
    regions: list[str] | None = None  # API options: where the offering processes and keeps data
    compliance: list[str] | None = None  # API options: terms it signs (hipaa_baa, gdpr_dpa, zero_retention...)
    ttft_ms: float | None = None  # API options: typical time to first token


class Costs(Out):
    tokens_per_day: float
    output_share: float
    options: list[CostOption]
    cheapest: str | None  # id of the cheapest possible option
    api_option: str | None  # id of the team's API baseline
    self_host_option: str | None  # id of the best self-host option
    # the break-even that decides the cost trigger: above it the best self-host plan (ops labour included) is
    # cheaper than both the team's API and a hosted open-weight API serving the same model (None: never)
    break_even_tokens_per_day: float | None
    break_even_api_tokens_per_day: float | None = None  # against the team's API alone
    break_even_hosted_tokens_per_day: float | None = None  # against a hosted open-weight API alone
    assumptions: dict[str, float] = Field(default_factory=dict)


class Sensitivity(Out):
    input: str  # the profile field or assumption
    current: str
    flips_at: str  # the value at which the verdict changes
    to: Verdict
    text: str  # "self_host above 240M tokens/day"


class Missing(Out):
    field: str
    question: str
    why: str
    options: list[str] = Field(default_factory=list)  # common answers (buttons)


class Inferred(Out):
    """A fact the advisor worked out from others (shown with its working)."""

    field: str
    value: float
    working: str


class HybridPlan(Out):
    simple_share: float
    local_plan: HardwarePlan
    api_model: str
    monthly_usd: float
    api_only_monthly_usd: float
    savings_monthly_usd: float
    rivals: dict[str, float] = Field(default_factory=dict)  # $/month of the other ways to carry the same work


class Recommendation(Out):
    verdict: Verdict
    headline: str
    deployment: HardwarePlan
    triggers: list[Finding]
    blockers: list[Finding]
    conflicts: list[Conflict]
    path: list[PathStep]
    costs: Costs | None
    sensitivity: list[Sensitivity]
    missing: list[Missing]
    confidence: Confidence
    hybrid: HybridPlan | None = None
    profile: dict[str, Any] = Field(default_factory=dict)
    inferred: list[Inferred] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    as_of: dict[str, str] = Field(default_factory=dict)
    data_age: DataAge | None = None  # how old the prices and hardware data are (set when the caller gives today)


class CostReport(Out):
    """What `selfhost-bot cost --json` and `/selfhost cost` show: the options, the plan, the break-even."""

    model: str
    api_model: str
    tokens_per_day: float
    costs: Costs
    plan: HardwarePlan
    break_even_text: str
    notes: list[str] = Field(default_factory=list)
