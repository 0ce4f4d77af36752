"""Realistic Recommendation objects for renderer tests (and for anyone who needs one).

Each factory returns a fresh model; the figures are plausible for the situation they describe
(H100 at ~$2/h rented, 70B models at fp8, API prices of a few dollars per 1M tokens).
"""

from __future__ import annotations

from bot.core.recommendation import (
    Conflict,
    CostOption,
    Costs,
    Finding,
    HardwarePlan,
    HybridPlan,
    Missing,
    PathStep,
    Recommendation,
    Sensitivity,
)
from bot.core.units import DAYS_PER_MONTH

AS_OF = {"hardware": "2025-05-01", "api_prices": "2025-06-01", "rental": "2025-06-01"}


def _step(node: str, question: str, fact: str, value: str, rule: str, outcome: str) -> PathStep:
    return PathStep(node=node, question=question, fact=fact, value=value, rule=rule, outcome=outcome)


def _h100_plan(**over) -> HardwarePlan:
    base = dict(
        kind="on_prem_gpu",
        summary="Llama 3.3 70B at fp8 on 4 × H100 SXM 80GB with vLLM (2 replicas of 2 GPUs)",
        model="llama-3.3-70b",
        quant="fp8",
        engine="vllm",
        device="H100 SXM 80GB",
        gpus_per_replica=2,
        replicas=2,
        devices=4,
        decode_tokens_per_s=38.5,
        replica_tokens_per_s=3200.0,
        capacity_tokens_per_day=5.2e8,
        required_tokens_per_day=3.0e8,
        headroom=0.73,
        ttft_ms=180.0,
        memory_gb=96.4,
    )
    base.update(over)
    return HardwarePlan(**base)


def _cheapest(costs: Costs) -> Costs:
    possible = [o for o in costs.options if o.possible]
    costs.cheapest = min(possible, key=lambda o: o.monthly_usd).id if possible else None
    return costs


def _costs(tokens_per_day: float, api: float, own: float, break_even: float | None) -> Costs:
    return Costs(
        tokens_per_day=tokens_per_day,
        output_share=0.25,
        options=[
            CostOption(id="api:claude-sonnet", label="Claude Sonnet API", kind="api", monthly_usd=api,
                       per_million_usd=api / (tokens_per_day * DAYS_PER_MONTH / 1e6)),
            CostOption(id="hosted:llama-70b", label="Hosted Llama 3.3 70B API", kind="hosted_open",
                       monthly_usd=api * 0.3, per_million_usd=0.75),
            CostOption(id="owned:h100x4", label="Own 4 × H100 (vLLM, fp8)", kind="owned", monthly_usd=own,
                       per_million_usd=own / (tokens_per_day * DAYS_PER_MONTH / 1e6), capex_usd=120_000,
                       breakdown={"amortisation": own * 0.55, "power": own * 0.1, "ops": own * 0.35},
                       devices=4),
            CostOption(id="rented:h100x4", label="Rent 4 × H100", kind="rented", monthly_usd=own * 1.3,
                       per_million_usd=1.1, devices=4),
        ],
        cheapest=None,
        api_option="api:claude-sonnet",
        self_host_option="owned:h100x4",
        break_even_tokens_per_day=break_even,
        break_even_hosted_tokens_per_day=None,
        assumptions={"electricity_usd_per_kwh": 0.15, "amortisation_months": 36},
    )


def _restricted(costs: Costs) -> Costs:
    """Restricted data: the API options are ruled out whatever they cost."""
    for opt in costs.options[:2]:
        opt.possible = False
        opt.note = "restricted data must not leave your infrastructure"
    return _cheapest(costs)


def self_host_restricted() -> Recommendation:
    """Restricted PHI on on-prem GPUs: a hard trigger plus cost at scale."""
    return Recommendation(
        verdict="self_host",
        headline="Restricted PHI must stay on your infrastructure; "
        "4 × H100 serve 300M tokens/day with 73% headroom.",
        deployment=_h100_plan(),
        triggers=[
            Finding(id="data_residency", title="Data residency", hard=True,
                    why="Restricted data (HIPAA PHI) must not leave your infrastructure.",
                    source_text="400M tokens/day of HIPAA PHI"),
            Finding(id="cost_at_scale", title="Cost at scale",
                    why="300M tokens/day is above the 240M tokens/day break-even against Claude Sonnet."),
        ],
        blockers=[],
        conflicts=[],
        path=[
            _step("residency", "May the data leave your infrastructure?", "data_sensitivity", "restricted",
                  "restricted → cloud APIs ruled out", "hard_local"),
            _step("connect", "Is the place of use online?", "connectivity", "online", "online → continue",
                  "capability"),
            _step("capability", "What quality does the work need?", "capability", "mid",
                  "mid → a 70B open model is enough", "volume"),
            _step("volume", "Is the volume above break-even?", "break_even_tokens_per_day", "240M tokens/day",
                  "300M ≥ 240M", "skills"),
            _step("skills", "Can the team run GPU serving?", "infra_skills", "mlops", "mlops → yes",
                  "self_host"),
        ],
        costs=_restricted(_costs(3e8, 7500.0, 4200.0, 2.4e8)),
        sensitivity=[
            Sensitivity(input="tokens_per_day", current="300M", flips_at="240M", to="api",
                        text="api below 240M tokens/day (were the data not restricted)"),
            Sensitivity(input="infra_skills", current="mlops", flips_at="none", to="api",
                        text="api if you cannot staff 0.5 MLOps engineer"),
        ],
        missing=[
            Missing(field="latency_ms", question="What time to first token do you need?",
                    why="Tight latency may need more replicas.", options=["200", "500", "2000"]),
        ],
        confidence="high",
        profile={"team": "clinical-notes", "tokens_per_day": 3e8, "data_sensitivity": "restricted"},
        as_of=dict(AS_OF),
    )


def api_low_volume() -> Recommendation:
    """5M tokens/day, no MLOps, newest models wanted: the API wins on every count."""
    plan = HardwarePlan(kind="api_tier", summary="Claude Sonnet through the API", model="claude-sonnet")
    return Recommendation(
        verdict="api",
        headline="At 5M tokens/day the API costs $450/mo; self-hosting would cost ten times that.",
        deployment=plan,
        triggers=[],
        blockers=[
            Finding(id="low_volume", title="Low volume",
                    why="5M tokens/day is far below the 240M tokens/day break-even."),
            Finding(id="infra_skills", title="No GPU operations skills",
                    why="Nobody on the team runs GPU serving; hiring would cost $180k/year.",
                    source_text="we don't have anyone for infra"),
            Finding(id="rapid_iteration", title="Rapid iteration",
                    why="You want the newest frontier models as they ship."),
        ],
        conflicts=[],
        path=[
            _step("residency", "May the data leave your infrastructure?", "data_sensitivity", "internal",
                  "internal → APIs allowed", "volume"),
            _step("volume", "Is the volume above break-even?", "tokens_per_day", "5M tokens/day",
                  "5M < 240M", "api"),
        ],
        costs=_cheapest(_costs(5e6, 450.0, 4200.0, 2.4e8)),
        sensitivity=[Sensitivity(input="tokens_per_day", current="5M", flips_at="240M", to="self_host",
                                 text="self_host above 240M tokens/day")],
        missing=[],
        confidence="high",
        as_of=dict(AS_OF),
    )


def hybrid() -> Recommendation:
    """60% of requests are simple: route them to a small local model."""
    local = HardwarePlan(kind="on_prem_gpu", summary="Qwen2.5 7B at q4 on 1 × L4 with llama.cpp",
                         model="qwen2.5-7b", quant="Q4_K_M", engine="llama.cpp", device="L4",
                         gpus_per_replica=1, replicas=1, devices=1, decode_tokens_per_s=60.0,
                         replica_tokens_per_s=900.0, headroom=0.4)
    return Recommendation(
        verdict="hybrid",
        headline="Send the 60% simple share to a local 7B model and the rest to the API: save $2,100/mo.",
        deployment=local,
        triggers=[Finding(id="cost_at_scale", title="Cost at scale",
                          why="The simple share alone is cheap to serve locally.")],
        blockers=[Finding(id="frontier_capability", title="Frontier capability",
                          why="The hard 40% needs a frontier model only an API offers.")],
        conflicts=[],
        path=[
            _step("capability", "What quality does the work need?", "capability", "frontier",
                  "frontier → keep an API", "simple"),
            _step("simple", "Can a small model handle part of it?", "simple_share", "0.6",
                  "≥ 0.3 → route it", "hybrid"),
        ],
        costs=_cheapest(_costs(1.2e8, 3600.0, 4200.0, 2.4e8)),
        sensitivity=[Sensitivity(input="simple_share", current="0.6", flips_at="0.3", to="api",
                                 text="api if under 30% of requests are simple")],
        missing=[],
        confidence="medium",
        hybrid=HybridPlan(simple_share=0.6, local_plan=local, api_model="claude-sonnet", monthly_usd=1500.0,
                          api_only_monthly_usd=3600.0, savings_monthly_usd=2100.0),
        as_of=dict(AS_OF),
    )


def conflict_restricted_frontier() -> Recommendation:
    rec = self_host_restricted()
    rec.headline = "Restricted data rules out APIs, but the work needs frontier quality: a conflict."
    rec.blockers = [Finding(id="frontier_capability", title="Frontier capability",
                            why="Only closed frontier models meet the quality bar.",
                            source_text="we need GPT-4 level reasoning")]
    rec.conflicts = [Conflict(
        id="restricted_vs_frontier", between=["data_residency", "frontier_capability"],
        why="Restricted data may not reach an API, yet only API models are good enough.",
        way_through="Run the best open-weight model on own hardware; route de-identified work to an API.")]
    rec.confidence = "medium"
    return rec


def sparse_low_confidence() -> Recommendation:
    """Only a volume was given."""
    return Recommendation(
        verdict="api",
        headline="With only a volume of 20M tokens/day, the API is the safe default.",
        deployment=HardwarePlan(kind="api_tier", summary="An API tier matching your capability"),
        triggers=[], blockers=[], conflicts=[],
        path=[_step("volume", "Is the volume above break-even?", "tokens_per_day", "20M tokens/day",
                    "20M < 240M", "api")],
        costs=None,
        sensitivity=[],
        missing=[
            Missing(field="data_sensitivity", question="Where may the data go?",
                    why="Restricted data rules out any API.",
                    options=["public", "internal", "confidential", "restricted"]),
            Missing(field="capability", question="What quality does the work need?",
                    why="Frontier work can only go to an API.", options=["small", "mid", "frontier"]),
            Missing(field="infra_skills", question="Can your team run GPU serving?",
                    why="Ops labour decides the break-even.", options=["none", "basic", "mlops"]),
            Missing(field="connectivity", question="Is the place of use online?",
                    why="Offline rules out APIs.", options=["online", "intermittent", "offline"]),
        ],
        confidence="low",
    )


def impossible_hardware() -> Recommendation:
    """A 405B model on the 2 × RTX 4090 the team owns: it does not fit."""
    plan = HardwarePlan(kind="on_prem_gpu", summary="Llama 3.1 405B at fp8 on 2 × RTX 4090",
                        model="llama-3.1-405b", quant="fp8", engine="vllm", device="RTX 4090",
                        gpus_per_replica=2, replicas=1, devices=2, memory_gb=440.0, possible=False,
                        reason="Needs 440 GB; 2 × RTX 4090 hold 48 GB.",
                        smallest_working="8 × H200 141GB (tensor parallel)",
                        notes=["Consider Llama 3.3 70B at q4: 42 GB fits on 2 × RTX 4090."])
    rec = self_host_restricted()
    rec.deployment = plan
    rec.headline = "Restricted data must stay local, but your 2 × RTX 4090 cannot hold a 405B model."
    rec.costs.options[2].possible = False
    rec.costs.options[2].note = "does not fit: 440 GB needed"
    _cheapest(rec.costs)
    rec.confidence = "medium"
    return rec


_WORDS = ("throughput", "quantisation", "replica", "bandwidth", "residency", "amortisation", "latency",
          "headroom", "tokenizer", "prefill", "decoding", "capacity")


def long_words(n: int, seed: int = 0) -> str:
    return " ".join(_WORDS[(seed + i * 7) % len(_WORDS)] for i in range(n))


def huge() -> Recommendation:
    """40 path steps, long texts everywhere, many findings: stresses every limit."""
    rec = conflict_restricted_frontier()
    rec.headline = long_words(120, 1)
    rec.path = [
        _step(f"node_{i}", long_words(15, i), f"fact_{i}", long_words(6, i + 1), long_words(20, i + 2),
              f"node_{i + 1}")
        for i in range(40)
    ]
    rec.triggers = [Finding(id=f"trigger_{i}", title=long_words(4, i), why=long_words(80, i),
                            source_text=long_words(90, i + 3)) for i in range(8)]
    rec.blockers = [Finding(id=f"blocker_{i}", title=long_words(4, i), why=long_words(80, i))
                    for i in range(8)]
    rec.conflicts = [Conflict(id=f"conflict_{i}", between=["a", "b"], why=long_words(60, i),
                              way_through=long_words(60, i + 5)) for i in range(5)]
    rec.sensitivity = [Sensitivity(input=f"in_{i}", current="1", flips_at="2", to="api",
                                   text=long_words(40, i)) for i in range(15)]
    rec.missing = [Missing(field=f"field_{i}", question=long_words(12, i), why=long_words(40, i),
                           options=["a", "b"]) for i in range(12)]
    rec.deployment = rec.deployment.model_copy(update={
        "summary": long_words(200, 2), "notes": [long_words(50, i) for i in range(10)]})
    rec.notes = [long_words(100, i) for i in range(6)]
    rec.costs.options = rec.costs.options * 6
    return rec


ALL = {
    "self_host_restricted": self_host_restricted,
    "api_low_volume": api_low_volume,
    "hybrid": hybrid,
    "conflict": conflict_restricted_frontier,
    "sparse": sparse_low_confidence,
    "impossible": impossible_hardware,
    "huge": huge,
}
