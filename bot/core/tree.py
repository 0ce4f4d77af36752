"""Walk knowledge/tree.yaml over a profile's Context: the facts it asks about, the path, the findings."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .context import HYBRID_MIN_SHARE, Context
from .profile import WorkloadProfile
from .recommendation import Conflict, Finding, PathStep
from .tree_model import Leaf, Tree, matches
from .units import human

# --- facts -----------------------------------------------------------------------------------------


def facts_for(ctx: Context, fired: set[str]) -> dict[str, Any]:
    facts = dict(base_facts(ctx))
    _derive(facts, fired, ctx.k.tree)
    return facts


def _derive(facts: dict[str, Any], fired: set[str], tree: Tree) -> None:
    """The facts that follow from the findings fired so far (a finding marked ``hard`` in the tree rules
    out every cloud API: restricted data, offline, no API meets the data terms)."""
    facts["no_cloud_api"] = any(tree.findings[f].hard for f in fired)
    facts["fired"] = set(fired)
    facts["self_host_practical"] = not ({"low_volume", "infra_skills"} <= fired)


def base_facts(ctx: Context) -> dict[str, Any]:
    """Profile fields and engine figures the tree may ask about (computed once per context)."""
    if ctx.facts is not None:
        return ctx.facts
    p = ctx.profile
    fields = WorkloadProfile.model_fields
    facts: dict[str, Any] = {name: getattr(p, name) for name in ctx.k.tree.facts if name in fields}
    facts["break_even_tokens_per_day"] = decision_break_even(ctx)
    facts["break_even_api_tokens_per_day"] = ctx.break_even_api
    facts["self_host_possible"] = bool(ctx.options) if ctx.load else None
    facts["hybrid_worthwhile"] = (
        ctx.hybrid is not None
        and (p.simple_share or 0) >= HYBRID_MIN_SHARE
        and ctx.hybrid_break_even is not None
        and p.tokens_per_day is not None
        and p.tokens_per_day >= ctx.hybrid_break_even
        and ctx.hybrid.monthly_usd < min(ctx.hybrid.rivals.values(), default=float("inf"))
    )
    speed = ctx.api_speed()
    facts["api_ttft_ms"], facts["fastest_api"] = speed if speed else (None, None)
    facts["compliant_api"] = ctx.base.usable
    ctx.facts = facts
    return facts


def decision_break_even(ctx: Context) -> float | None:
    """Self-hosting must beat both the team's API and a hosted open-weight API serving the same model."""
    if ctx.break_even_api is None:
        return None
    if ctx.hosted is not None and ctx.break_even_hosted is None:
        return None  # the hosted open-weight API stays cheaper at every volume
    return max(ctx.break_even_api, ctx.break_even_hosted or 0.0)


def show(name: str, value: Any, tree: Tree) -> str:
    """A fact's value as people read it."""
    if value is None:
        return "unknown"
    spec = tree.facts.get(name)
    kind = spec.type if spec else "text"
    if kind == "volume":
        return f"{human(value)} tokens/day"
    if kind == "ms":
        return f"{value:g} ms"
    if kind == "set":
        return ", ".join(sorted(value)) or "none"
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "fraction":
        return f"{value:.0%}"
    return str(value)


# --- the walk --------------------------------------------------------------------------------------


@dataclass
class Walk:
    path: list[PathStep]
    fired: list[str]
    leaf: str


def walk(ctx: Context, explain: bool = True) -> Walk:
    """Follow the tree from its root to a leaf; with ``explain``, record every step for people."""
    tree: Tree = ctx.k.tree
    fired: list[str] = []
    path: list[PathStep] = []
    name = tree.root
    facts = facts_for(ctx, set())
    for _ in range(len(tree.nodes) + 1):
        node = tree.nodes[name]
        value = facts.get(node.fact)
        branch = next(b for b in node.branches if matches(b.when, value, facts))
        if explain:
            path.append(_step(name, node, branch, value, facts, tree))
        for f in branch.fire:
            if f not in fired:
                fired.append(f)
        if branch.fire:
            _derive(facts, set(fired), tree)
        if branch.leaf:
            return Walk(path, fired, branch.leaf)
        name = branch.next  # type: ignore[assignment]
    raise RuntimeError("tree walk did not reach a leaf")  # the loader rules this out


def _step(name: str, node: Any, branch: Any, value: Any, facts: dict[str, Any], tree: Tree) -> PathStep:
    target = branch.next or branch.leaf or ""
    rule = branch.rule
    for ref in branch.when.referenced_facts():
        rule += f" ({ref.replace('_', ' ')} = {show(ref, facts.get(ref), tree)})"
    fired = "fires " + ", ".join(branch.fire) + "; " if branch.fire else ""
    return PathStep(
        node=name,
        question=node.question,
        fact=node.fact,
        value=show(node.fact, value, tree),
        rule=rule,
        outcome=fired + (f"leaf {target}" if branch.leaf else f"next {target}"),
    )


# --- assembling the recommendation -----------------------------------------------------------------


def findings(
    ctx: Context, fired: list[str], facts: Mapping[str, Any], sources: Mapping[str, str]
) -> tuple[list[Finding], list[Finding]]:
    tree: Tree = ctx.k.tree
    shown = {name: show(name, facts.get(name), tree) for name in tree.facts}
    triggers: list[Finding] = []
    blockers: list[Finding] = []
    for fid in fired:
        spec = tree.findings[fid]
        field = spec.field
        f = Finding(
            id=fid,
            title=spec.title,
            why=spec.why.format_map(_Default(shown)),
            hard=spec.hard,
            source_text=sources.get(field) if field else None,
        )
        (triggers if spec.kind == "trigger" else blockers).append(f)
    return triggers, blockers


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return key


def conflicts(ctx: Context, fired: list[str]) -> list[Conflict]:
    """The tree's conflict rules that match the findings fired, with the way through for this model."""
    out = []
    for cid, spec in ctx.k.tree.conflicts.items():
        anyof = [f for f in spec.any_of if f in fired]
        if all(f in fired for f in spec.all_of) and (anyof or not spec.any_of):
            out.append(Conflict(
                id=cid,
                between=[*anyof, *spec.all_of],
                why=spec.why,
                way_through=spec.way_through.format_map(_Default({"model": ctx.model.name})),
            ))
    return out


def fmt(template: str, facts: Mapping[str, Any], tree: Tree) -> str:
    return template.format_map(_Default({n: show(n, facts.get(n), tree) for n in tree.facts}))


def leaf_headline(leaf: Leaf, facts: Mapping[str, Any], tree: Tree) -> str:
    """The leaf's headline; its ``headline_unknown`` when a fact the headline names is not known."""
    named = {name for _, name, _, _ in string.Formatter().parse(leaf.headline) if name}
    if leaf.headline_unknown and any(facts.get(n) is None for n in named):
        return fmt(leaf.headline_unknown, facts, tree)
    return fmt(leaf.headline, facts, tree)

