"""The decision tree as data (knowledge/tree.yaml): strict models, conditions, and the loader's checks.

Nodes ask about one fact (a profile field or an engine figure); branches carry conditions and may fire
findings (triggers, reasons against); a branch leads to another node or to a leaf, and leaves carry the
outcome. The loader checks that every path ends in a leaf, every fact and finding it names exists, there
are no cycles and no node is unreachable. Adding a trigger is a YAML edit plus a test.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .recommendation import Verdict

FactKind = Literal["profile", "engine", "derived"]
FactType = Literal["number", "text", "bool", "set", "volume", "ms", "fraction"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactSpec(Strict):
    kind: FactKind
    type: FactType
    description: str


class FindingSpec(Strict):
    kind: Literal["trigger", "blocker"]
    title: str
    why: str  # a template: {name} fields come from the facts (formatted for people)
    hard: bool = False
    field: str | None = None  # the profile fact it stems from (to quote the user's words)


class ConflictSpec(Strict):
    """Findings that pull opposite ways: fires when all of ``all_of`` and one of ``any_of`` fired."""

    all_of: list[str] = Field(min_length=1)
    any_of: list[str] = []
    why: str
    way_through: str  # a template: {model} is the open-weight model planned for


Operand = float | str | bool | dict[str, str]  # dict form: {"fact": "other_fact"}


class Condition(Strict):
    """One test on the node's fact. Exactly one operator; `else` matches anything."""

    eq: Operand | None = None
    ne: Operand | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    lt: Operand | None = None
    lte: Operand | None = None
    gt: Operand | None = None
    gte: Operand | None = None
    is_true: bool | None = None
    missing: bool | None = None
    has: str | None = None  # set facts: contains this id
    has_any: list[str] | None = None
    else_: bool | None = Field(default=None, alias="else")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [k for k, v in self.__dict__.items() if v is not None]
        if len(given) != 1:
            raise ValueError(f"a condition needs exactly one operator, got {given or 'none'}")
        return self

    @cached_property
    def operator(self) -> tuple[str, Any]:
        return next((k.rstrip("_"), v) for k, v in self.__dict__.items() if v is not None)

    def referenced_facts(self) -> list[str]:
        _, value = self.operator
        return [value["fact"]] if isinstance(value, dict) and "fact" in value else []


class Branch(Strict):
    when: Condition
    rule: str  # the condition in words, shown in the reasoning path
    fire: list[str] = []
    next: str | None = None
    leaf: str | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Branch:
        if (self.next is None) == (self.leaf is None):
            raise ValueError("a branch needs exactly one of 'next' or 'leaf'")
        return self


class Node(Strict):
    question: str
    fact: str
    branches: list[Branch] = Field(min_length=1)

    @model_validator(mode="after")
    def _ends_with_else(self) -> Node:
        if self.branches[-1].when.operator[0] != "else":
            raise ValueError("the last branch must be `else: true` so every value leads somewhere")
        return self


class Leaf(Strict):
    verdict: Verdict
    deployment: Literal["self_host_plan", "edge", "api_tier", "hosted_open", "hybrid"]
    headline: str  # a template, formatted with facts
    # said instead when a fact the headline names is unknown (no "cheaper … at unknown")
    headline_unknown: str | None = None


class Tree(Strict):
    about: str = ""
    root: str
    facts: dict[str, FactSpec]
    findings: dict[str, FindingSpec]
    conflicts: dict[str, ConflictSpec] = {}
    nodes: dict[str, Node]
    leaves: dict[str, Leaf]


class TreeError(ValueError):
    pass


def parse_tree(file: str, raw: Any) -> Tree:
    """Validate the tree; errors name the file, the node and the field."""
    from .knowledge import KnowledgeError

    try:
        tree = Tree.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise KnowledgeError(f"{file}: {loc}: {err['msg']}") from None
    problems = check_tree(tree)
    if problems:
        raise KnowledgeError(f"{file}: {problems[0]}")
    return tree


def check_tree(tree: Tree) -> list[str]:
    """Structural checks: names resolve, no cycles, nothing unreachable, every path ends in a leaf."""
    problems: list[str] = []
    if tree.root not in tree.nodes:
        problems.append(f"root {tree.root!r} is not a node")
    for name, spec in tree.findings.items():
        if spec.field is not None and spec.field not in tree.facts:
            problems.append(f"finding {name}: field 'field': unknown fact {spec.field!r}")
    for name, conflict in tree.conflicts.items():
        for f in [*conflict.all_of, *conflict.any_of]:
            if f not in tree.findings:
                problems.append(f"conflict {name}: unknown finding {f!r}")
    for name, node in tree.nodes.items():
        if node.fact not in tree.facts:
            problems.append(f"node {name}: field 'fact': unknown fact {node.fact!r}")
        for i, b in enumerate(node.branches):
            where = f"node {name}: branch {i + 1}"
            for ref in b.when.referenced_facts():
                if ref not in tree.facts:
                    problems.append(f"{where}: field 'when': unknown fact {ref!r}")
            for f in b.fire:
                if f not in tree.findings:
                    problems.append(f"{where}: field 'fire': unknown finding {f!r}")
            if b.next is not None and b.next not in tree.nodes:
                problems.append(f"{where}: field 'next': unknown node {b.next!r}")
            if b.leaf is not None and b.leaf not in tree.leaves:
                problems.append(f"{where}: field 'leaf': unknown leaf {b.leaf!r}")
    if problems:
        return problems
    problems += _cycles(tree)
    reached_nodes, reached_leaves = _reachable(tree)
    for name in tree.nodes:
        if name not in reached_nodes:
            problems.append(f"node {name}: unreachable from root {tree.root!r}")
    for name in tree.leaves:
        if name not in reached_leaves:
            problems.append(f"leaf {name}: unreachable from root {tree.root!r}")
    return problems


def _cycles(tree: Tree) -> list[str]:
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(name: str, trail: list[str]) -> str | None:
        if state.get(name) == 1:
            return " → ".join([*trail, name])
        if state.get(name) == 2:
            return None
        state[name] = 1
        for b in tree.nodes[name].branches:
            if b.next and (cycle := visit(b.next, [*trail, name])):
                return cycle
        state[name] = 2
        return None

    cycle = visit(tree.root, [])
    return [f"cycle: {cycle}"] if cycle else []


def _reachable(tree: Tree) -> tuple[set[str], set[str]]:
    nodes, leaves, todo = set(), set(), [tree.root]
    while todo:
        name = todo.pop()
        if name in nodes:
            continue
        nodes.add(name)
        for b in tree.nodes[name].branches:
            if b.next:
                todo.append(b.next)
            if b.leaf:
                leaves.add(b.leaf)
    return nodes, leaves


# --- evaluation ------------------------------------------------------------------------------------


def matches(cond: Condition, value: Any, facts: dict[str, Any]) -> bool:
    """Does a fact's value satisfy a condition? Missing values only match `missing` and `else`."""
    op, operand = cond.operator
    if op == "else":
        return True
    if op == "missing":
        return (value is None) == bool(operand)
    if value is None:
        return False
    if isinstance(operand, dict):
        operand = facts.get(operand["fact"])
        if operand is None:
            return False
    if op == "eq":
        return value == operand
    if op == "ne":
        return value != operand
    if op == "in":
        return value in operand
    if op == "is_true":
        return bool(value) == operand
    if op == "has":
        return operand in value
    if op == "has_any":
        return any(x in value for x in operand)
    if isinstance(value, bool) or not isinstance(value, int | float) or not isinstance(operand, int | float):
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return {"lt": value < operand, "lte": value <= operand, "gt": value > operand, "gte": value >= operand}[op]
