"""The conversation: one message in a thread → facts merged with the thread's → an answer or one question.

Slack-free and shared by Slack events, the console and ``selfhost-bot ask``. The store keeps, per thread,
the profile facts gathered so far, where each came from (the words of the message), a request rate still
waiting for tokens per request, and which questions were already asked.

Each message: extract facts (bot.core.parse) → merge with the thread's facts (a newly stated fact replaces
the old value; the parser already lets "actually ..." corrections win inside one message) → recommend →
explain what changed since the last turn (verdict, facts, findings, the break-even crossed).

When to ask (at most one question per turn, most important first, as ordered by ``rec.missing``):
- a question is asked only for the daily volume (``tokens_per_day``, or tokens per request when a request
  rate was given) or for a fact the engine says could change the verdict (every ``rec.missing`` field that is
  not merely a cost input: capability and ops skills shift the figures, not the branch);
- each field is asked once per thread (ignored questions are not repeated) and at most ``MAX_QUESTIONS``
  per thread, so a conversation always ends in answers;
- while the volume is unknown and no hard constraint (e.g. restricted data, offline) already settles the
  verdict, the turn is the question with a provisional verdict; otherwise the turn is the full answer with
  the one follow-up question under it.
A bare reply to the question ("restricted", "yes", "1500") is read as its answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

from bot.core.advise import COST_FIELDS, recommend
from bot.core.answer import ConceptAnswer, answer
from bot.core.knowledge import Knowledge
from bot.core.parse import Extraction, strip_mentions
from bot.core.profile import ProfileError, WorkloadProfile, build_profile
from bot.core.recommendation import Missing, Recommendation
from bot.core.units import UnitError, fact_text, human, parse_quantity
from bot.llm import ModelReader, read_message
from bot.store import ProfileRecord, Store, ThreadState, Workspace
from bot.workspace_knowledge import for_workspace

MAX_QUESTIONS = 3
MAX_PER_REQUEST = 1e7  # tokens in one request
HISTORY_KEPT = 50
CONFIRM = re.compile(r"^\s*(?:confirm|confirmed|yes,? (?:that's|that is) right|looks right)\W*$", re.IGNORECASE)
RESET = re.compile(r"^\s*(?:reset|start over|new question|forget (?:it|everything))\W*$", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\w.])\d{1,12}(?:,\d{3})*(?:\.\d{1,6})?\s?[kKmMbB]?(?![\w])")
YES = re.compile(r"^\s*(?:yes|yep|yeah|true|we do|we must|correct)\b", re.IGNORECASE)
NO = re.compile(r"^\s*(?:no|nope|false|we don't|we do not|not really)\b", re.IGNORECASE)
PER_REQUEST = Missing(
    field="tokens_per_request",
    question="About how many tokens does one request use (input + output)?",
    why="a request rate becomes a daily token volume only with the tokens per request",
    options=["500", "1500", "4000"],
)
ENUMS = {f: [str(v) for v in get_args(a) if isinstance(v, str)] for f, info in WorkloadProfile.model_fields.items()
         for a in get_args(info.annotation) if get_args(a) and all(isinstance(v, str) for v in get_args(a))}
VOLUME_FIELDS = ("tokens_per_day", "tokens_per_request")
TurnKind = Literal["answer", "question", "concept", "smalltalk", "reset", "error"]
ThreadKey = tuple[str, str]  # (channel id, thread ts)


class FactChange(BaseModel):
    field: str
    old: Any = None
    new: Any = None
    span: str | None = None


class Change(BaseModel):
    old_verdict: str
    new_verdict: str
    reasons: list[str] = Field(default_factory=list)
    facts: list[FactChange] = Field(default_factory=list)

    @property
    def verdict_changed(self) -> bool:
        return self.old_verdict != self.new_verdict


class Turn(BaseModel):
    """One answer: a Recommendation, a concept answer, or the single question to ask (with what changed)."""

    kind: TurnKind
    thread: ThreadKey
    recommendation: Recommendation | None = None
    concept: ConceptAnswer | None = None
    question: Missing | None = None
    change: Change | None = None
    facts: dict[str, Any] = Field(default_factory=dict)  # the thread's profile facts after this turn
    sources: dict[str, str] = Field(default_factory=dict)  # field → the words it came from
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None
    model_facts: dict[str, Any] = Field(default_factory=dict)  # read by the model, used, not yet confirmed
    model: str | None = None  # the model that read them


class Memory(BaseModel):
    """What a thread remembers (stored as ``thread_state.facts``)."""

    profile: dict[str, Any] = Field(default_factory=dict)
    sources: dict[str, str] = Field(default_factory=dict)
    requests_per_day: float | None = None
    asked: list[str] = Field(default_factory=list)
    last_asked: str | None = None
    pending: dict[str, Any] = Field(default_factory=dict)  # model-read facts awaiting the user's Confirm
    pending_model: str | None = None

    @classmethod
    def of(cls, state: ThreadState | None) -> Memory:
        if state is None or not isinstance(state.facts, dict):
            return cls()
        try:
            return cls.model_validate(state.facts)
        except ValueError:
            return cls()


@dataclass
class Conversation:
    """One message in one thread: where and when it was said, by whom, and what the thread remembered
    before it (``state`` as stored, ``mem`` as read from it and updated by the turn)."""

    store: Store
    k: Knowledge
    ws: Workspace
    key: ThreadKey
    user_id: str
    now: datetime
    state: ThreadState | None
    mem: Memory

    @classmethod
    def open(
        cls, store: Store, k: Knowledge, ws: Workspace, key: ThreadKey, user_id: str, now: datetime
    ) -> Conversation:
        state = store.threads.get(ws, *key)
        return cls(store, k, ws, key, user_id, now, state, Memory.of(state))

    def save(self, text: str, kind: str, verdict: str | None) -> None:
        """Record the turn in the thread's history and store what the thread now remembers."""
        state, mem = self.state, self.mem
        history = list(state.history if state and isinstance(state.history, list) else [])
        history.append({"at": self.now.isoformat(), "user": self.user_id, "text": text[:300], "kind": kind,
                        "verdict": verdict, "asked": mem.last_asked})
        self.store.threads.save(self.ws, ThreadState(self.key[0], self.key[1], mem.model_dump(mode="json"),
                                                     history[-HISTORY_KEPT:], verdict), self.now)

    def turn(self, kind: TurnKind, **fields: Any) -> Turn:
        """A Turn in this thread carrying the thread's facts and their sources."""
        if self.mem.pending:
            fields.setdefault("model_facts", dict(self.mem.pending))
            fields.setdefault("model", self.mem.pending_model)
        return Turn(kind=kind, thread=self.key, facts=self.mem.profile, sources=self.mem.sources, **fields)

    def error(self, message: str) -> Turn:
        return self.turn("error", error=message)


# --- entry points ---------------------------------------------------------------------------------


def converse(
    store: Store, k: Knowledge, ws: Workspace, thread_key: ThreadKey, user_id: str, text: str, now: datetime,
    reader: ModelReader | None = None,
) -> Turn:
    """Answer one message in a thread, remembering its facts. Never raises on user input. With a ``reader``
    (the optional model-assisted reader), facts the rules missed are read by the model, used in the answer,
    and kept apart (``Memory.pending``) until the user confirms them: a saved profile never takes them
    unconfirmed."""
    base, k = k, for_workspace(k, store, ws)  # the shipped catalog plus the models this workspace added
    c = Conversation.open(store, k, ws, thread_key, user_id, now)
    mem = c.mem
    clean = strip_mentions(text or "")
    if RESET.match(clean):
        c.mem = Memory()
        c.save(clean, "reset", None)
        return Turn(kind="reset", thread=thread_key)
    if CONFIRM.match(clean) and mem.pending:
        return confirm_model_facts(store, base, ws, thread_key, user_id, now)
    ex = read_message(clean, k, reader)
    _hold_model_facts(ex, mem)
    if ex.intent == "concept":  # the parser calls it a concept only when no workload fact was given
        return _no_new_facts(c, clean, ex)
    updates, sources = _facts_of(ex)
    if mem.last_asked and mem.last_asked not in updates:
        value = read_answer(mem.last_asked, clean, _options(mem.last_asked))
        if value is not None:
            updates[mem.last_asked], sources[mem.last_asked] = value, clean[:200]
    if not updates:
        updates.update({f: v for f, v in bare_value(clean).items()})
        sources.update({f: clean[:200] for f in updates})
    if ex.requests_per_day and "tokens_per_day" not in updates:
        mem.requests_per_day = ex.requests_per_day
    if not updates and not (ex.requests_per_day and ex.intent == "recommend"):
        return _no_new_facts(c, clean, ex)
    return _evaluate(c, clean, updates, sources, ex.warnings)


def confirm_model_facts(
    store: Store, k: Knowledge, ws: Workspace, thread_key: ThreadKey, user_id: str, now: datetime
) -> Turn:
    """The user confirmed what the model read (the Confirm button, or "confirm"): the facts become the thread's."""
    k = for_workspace(k, store, ws)
    c = Conversation.open(store, k, ws, thread_key, user_id, now)
    updates, model = dict(c.mem.pending), c.mem.pending_model or "the model"
    c.mem.pending, c.mem.pending_model = {}, None
    sources = {f: f"read by {model}, confirmed by <@{user_id}>" for f in updates}
    return _evaluate(c, "confirm", updates, sources, [])


def _hold_model_facts(ex: Extraction, mem: Memory) -> None:
    """Move the model-read facts out of the extraction into the thread's pending facts."""
    model = {f: fact for f, fact in ex.facts.items() if fact.by == "model"}
    for f in model:
        del ex.facts[f]
    fresh = {f: fact.value for f, fact in model.items() if f not in mem.profile}
    if fresh:
        mem.pending.update(fresh)
        mem.pending_model = next(iter(model.values())).note.split(";")[0].removeprefix("read by the model ")


def apply_answer(
    store: Store, k: Knowledge, ws: Workspace, thread_key: ThreadKey, user_id: str, field: str, value: str,
    now: datetime,
) -> Turn:
    """A button answer (``answer_<field>``) to the thread's question: set the fact and re-evaluate."""
    k = for_workspace(k, store, ws)  # the shipped catalog plus the models this workspace added
    c = Conversation.open(store, k, ws, thread_key, user_id, now)
    return _evaluate(c, f"{field} = {value}", {field: value}, {field: value}, [])


def team_profile_name(profile: WorkloadProfile, thread_key: ThreadKey, fallback_name: str) -> str:
    """The name a thread's facts are saved under: the team, else ``fallback_name`` (the channel's name)."""
    return (profile.team or fallback_name or thread_key[0]).strip()[:80]


def save_team_profile(
    store: Store, ws: Workspace, thread_key: ThreadKey, fallback_name: str, user_id: str, now: datetime,
    expected_version: int | None = None,
) -> ProfileRecord:
    """Save a thread's facts as a team profile (named by ``team_profile_name``) bound to the thread's
    channel; a new version is recorded with ``user_id`` as its author. With ``expected_version`` (0: the
    name must be new) the save is refused with ConflictError when the profile is at another version."""
    profile = thread_profile(store, ws, thread_key)
    if profile is None:
        raise ProfileError("profile", "this thread has no facts yet; tell me about the workload first")
    name = team_profile_name(profile, thread_key, fallback_name)
    record = store.profiles.save(ws, name, profile, by=user_id, now=now, expected_version=expected_version)
    store.profiles.bind(ws, thread_key[0], name, by=user_id, now=now)
    return record


def thread_profile(store: Store, ws: Workspace, thread_key: ThreadKey) -> WorkloadProfile | None:
    """The profile a thread's facts describe, or None when the thread has none."""
    mem = Memory.of(store.threads.get(ws, *thread_key))
    return build_profile(mem.profile) if mem.profile else None


# --- the steps --------------------------------------------------------------------------------------


def _facts_of(ex: Extraction) -> tuple[dict[str, Any], dict[str, str]]:
    return ex.profile_facts(), {name: fact.span for name, fact in ex.facts.items()}


def _no_new_facts(c: Conversation, text: str, ex: Extraction) -> Turn:
    if ex.intent == "concept" or (ex.intent == "unknown" and text.endswith("?")):
        concept = answer(ex.question or text, c.k)
        c.save(text, "concept", c.state.last_verdict if c.state else None)
        return c.turn("concept", concept=concept, warnings=ex.warnings)
    if ex.intent == "recommend" or (c.mem.profile and ex.intent != "smalltalk"):
        # "should we self-host?" with nothing measurable yet, or a message in a thread with facts
        return _evaluate(c, text, {}, {}, ex.warnings)
    return c.turn("smalltalk", warnings=ex.warnings)


def _evaluate(
    c: Conversation, text: str, updates: dict[str, Any], sources: dict[str, str], warnings: list[str]
) -> Turn:
    mem, state = c.mem, c.state
    updates = dict(updates)
    per_request = updates.pop(PER_REQUEST.field, None)
    if per_request is not None:
        span = sources.pop(PER_REQUEST.field, str(per_request))
        if not mem.requests_per_day:
            return c.error("tokens_per_request: give a request rate first (e.g. '3k requests an hour').")
        try:
            per = float(per_request)
        except ValueError:
            return c.error(f"tokens_per_request: {per_request!r} is not a number of tokens.")
        if not 0 < per <= MAX_PER_REQUEST:
            return c.error(f"tokens_per_request: {per_request} is outside 1 to {MAX_PER_REQUEST:,.0f}.")
        updates["tokens_per_day"] = mem.requests_per_day * per
        sources["tokens_per_day"] = f"{human(mem.requests_per_day)} requests/day × {span}"
    mem.pending = {f: v for f, v in mem.pending.items() if f not in updates and f not in mem.profile}
    try:
        old = build_profile(mem.profile)
        new = old.merged(**updates)
        new_sources = {**mem.sources, **{f: s for f, s in sources.items() if f in updates}}
        used = new.merged(**mem.pending) if mem.pending else new  # model-read facts count, unsaved
        model_sources = {f: f"read by {mem.pending_model or 'the model'} (not yet confirmed)" for f in mem.pending}
        rec = recommend(c.k, used, sources={**new_sources, **model_sources}, today=c.now.date())
        before = recommend(c.k, old, sources=mem.sources) if state and state.last_verdict and mem.profile else None
    except (ProfileError, ValueError, LookupError) as e:
        return c.error(_sentence(e))
    change = explain(old, new, before, rec, new_sources)
    mem.profile = {f: v for f, v in new.model_dump(mode="json", exclude_none=True).items() if v not in ({}, [])}
    mem.sources = {f: s for f, s in new_sources.items() if f in mem.profile}
    if "tokens_per_day" in updates:
        mem.requests_per_day = None
    question = pick_question(rec, mem)
    mem.last_asked = question.field if question else None
    if question:
        mem.asked.append(question.field)
    kind: TurnKind = "question" if question and question.field in VOLUME_FIELDS and not _settled(rec) else "answer"
    c.save(text, kind, rec.verdict)
    return c.turn(kind, recommendation=rec, question=question, change=change, warnings=warnings)


def pick_question(rec: Recommendation, mem: Memory) -> Missing | None:
    """The single most important unknown fact worth asking about, under the rule in the module docstring."""
    if len(mem.asked) >= MAX_QUESTIONS:
        return None
    if mem.requests_per_day and "tokens_per_day" not in rec.profile and PER_REQUEST.field not in mem.asked:
        return PER_REQUEST
    for m in rec.missing:
        if m.field in mem.asked:
            continue
        if m.field == "tokens_per_day" or m.field not in COST_FIELDS:
            return m
    return None


def _settled(rec: Recommendation) -> bool:
    """A hard constraint decides the verdict whatever the volume."""
    return any(f.hard for f in [*rec.triggers, *rec.blockers])


def _options(field: str) -> list[str]:
    if field == PER_REQUEST.field:
        return PER_REQUEST.options
    from bot.core.advise import QUESTIONS

    return QUESTIONS[field].options if field in QUESTIONS else []


def read_answer(field: str, text: str, options: list[str]) -> Any:
    """Read a bare reply ("restricted", "yes", "about 1500") as the answer to the question on ``field``."""
    words = re.findall(r"[a-z_]+", text.lower())
    named = [o for o in options if o.lower() in words]
    if set(options) >= {"true", "false"}:
        return True if YES.match(text) else False if NO.match(text) else None
    if len(named) == 1:
        return named[0]
    if field in ("tokens_per_request", "latency_ms", "simple_share", "tokens_per_day"):
        m = NUMBER.search(text)
        if m:
            try:
                return parse_quantity(m.group().replace(" ", ""), field=field, max_value=1e13)
            except UnitError:
                return None
    return None


def bare_value(text: str) -> dict[str, str]:
    """A one-word message that is a value of exactly one profile field ("restricted", "offline")."""
    word = text.strip().strip(".!").lower()
    fields = [f for f, options in ENUMS.items() if word in options and word != "none"]
    return {fields[0]: word} if len(fields) == 1 else {}


# --- what changed -----------------------------------------------------------------------------------


def explain(
    old: WorkloadProfile, new: WorkloadProfile, before: Recommendation | None, after: Recommendation,
    sources: dict[str, str],
) -> Change | None:
    """What changed since the last turn, and why the verdict moved (or did not)."""
    if before is None:
        return None
    a, b = old.known(), new.known()
    facts = [FactChange(field=f, old=a.get(f), new=b.get(f), span=sources.get(f))
             for f in sorted(set(a) | set(b)) if a.get(f) != b.get(f)]
    if not facts and before.verdict == after.verdict:
        return None
    reasons = [_fact_reason(fc, before, after) for fc in facts]
    was = {f.id for f in [*before.triggers, *before.blockers]}
    now_ids = {f.id for f in [*after.triggers, *after.blockers]}
    reasons += [f"{f.title}: {f.why}" for f in [*after.triggers, *after.blockers] if f.id not in was][:3]
    reasons += [f"no longer: {f.title}" for f in [*before.triggers, *before.blockers] if f.id not in now_ids][:3]
    return Change(old_verdict=before.verdict, new_verdict=after.verdict, reasons=reasons, facts=facts)


def _fact_reason(fc: FactChange, before: Recommendation, after: Recommendation) -> str:
    if fc.field != "tokens_per_day" or fc.new is None:
        return f"{fc.field} {fact_text(fc.old)} → {fact_text(fc.new)}"
    if fc.old is None:
        known = break_evens(after)
        tail = f" (break-even {human(known[0])})" if known else ""
        return f"tokens_per_day unknown → {human(float(fc.new))} tokens/day{tail}"
    lo, hi = sorted((float(fc.old), float(fc.new)))
    moved = f"{human(float(fc.old))} → {human(float(fc.new))} tokens/day"
    crossed = [t for t in break_evens(before) + break_evens(after) if lo < t <= hi]
    if crossed:
        return f"{moved} crosses the {human(crossed[0])} break-even"
    known = break_evens(after)
    return f"{moved} (break-even {human(known[0])})" if known else moved


def break_evens(rec: Recommendation) -> list[float]:
    """Volumes at which the verdict flips: the sensitivity on tokens_per_day first, then the cost break-even."""
    out: list[float] = []
    for s in rec.sensitivity:
        if s.input == "tokens_per_day":
            try:
                out.append(parse_quantity(s.flips_at, field="flips_at", max_value=1e15))
            except UnitError:
                continue
    if rec.costs and rec.costs.break_even_tokens_per_day:
        out.append(rec.costs.break_even_tokens_per_day)
    return out


# --- errors -----------------------------------------------------------------------------------------


def _sentence(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text if text.endswith((".", "?", "!")) else text + "."
