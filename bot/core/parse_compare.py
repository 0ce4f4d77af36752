"""Capability by comparison: "GPT-4o-class", "as good as Sonnet", "Haiku quality is enough", "o3-level would be
overkill", "we don't need Opus". The named model's class comes from the catalog (API models carry their
capability class, open models their size), so a model the catalog learns is understood without new phrases.

A comparison sets a level; "overkill" / "don't need" sets a ceiling one class below the named model. With
both, the lower wins ("GPT-4o-class; o3-level would be overkill" → mid).
"""

from __future__ import annotations

import re

from .knowledge import Knowledge
from .parse_lexicon import SIMPLE_WORDS
from .parse_numbers import FLAGS, Found
from .parse_scope import clause, hypothetical, negated, sentence

CLASSES = ("small", "mid", "frontier")
LEVEL_AFTER = re.compile(r"[- ]?(?:class|level|grade|tier|calibre|caliber|quality|equivalent|style|type|ish|"
                         r"esque|like)\b|"
                         # "Claude Opus or equivalent", "Sonnet 4.5 or something comparable", "o3 or better"
                         r",?\s{1,3}or\s{1,3}(?:an?\s{1,3}|something\s{1,3})?(?:equivalent|similar|comparable|"
                         r"better|above|higher|stronger)\b", FLAGS)
LEVEL_BEFORE = re.compile(
    r"(?:as (?:good|smart|capable|strong|clever) as|(?:(?:at|on) (?:a )?)?par(?:ity)? with|match(?:es|ing)?|"
    r"comparable to|equivalent to|"
    r"similar to|close to|at least|at the level of|level of|quality of|(?:something|model|one) like|like the|roughly|"
    # "nothing below Claude Opus works", "nothing short of o3", "anything weaker than Sonnet fails"
    r"(?:nothing|anything|everything) (?:below|under|short of|less than|weaker than|worse than|beneath)|"
    # "only GPT-5 gets these right" (a verdict follows; see ONLY_VERDICT)
    r"\bonly)"
    r"\s{1,3}(?:the\s{1,3})?(?:a\s{1,3})?$", FLAGS)
LOOSE_BEFORE = re.compile(r"(?:something|model|one|stuff|anything) like\s{1,3}(?:the\s{1,3})?(?:a\s{1,3})?$", FLAGS)
# "…, which is good enough", "… and it's fine", "… — good enough": the verdict in a clause hung on the name
RELATIVE = r"(?:\s{0,3}[,—–-]?\s{0,3}(?:which|that|and (?:it|that|this|they))\s{0,3}(?=is|'s|are|was|were|does|do|did|"\
           r"would|will|should|handles|nails))?"
ENOUGH_AFTER = re.compile(
    r"\s{0,3}[,—–:-]\s{0,3}(?:(?:good|more than|quite|plenty|easily)\s{1,3})?(?:enough|sufficient)\b|" + RELATIVE +
    r"(?:[- ]?(?:class|level|grade|tier|quality|equivalent))?(?:\s{1,3}(?:model|reasoning|quality|answers?))?"
    r"\s{0,3}(?:is|would be|will be|should be|'s|are|does|do|would do)\s{1,3}(?:\w+\s{1,3})?"
    r"(?:enough|fine|plenty|sufficient|ok|okay|adequate|the job|it)\b|"
    r"(?:[- ]?(?:class|level|grade|tier|quality|equivalent))?\s{0,3}(?:would|will|should|could|might) "
    r"(?:probably |likely )?(?:do|work|suffice)\b", FLAGS)
OVERKILL_AFTER = re.compile(
    r"(?:[- ]?(?:class|level|grade|tier|quality|equivalent))?(?:\s{1,3}(?:models?|reasoning|intelligence|smarts))?"
    r"\s{0,3}(?:(?:is|would be|will be|seems|feels|sounds|looks|'s|are)\s{1,3})?(?:\w+\s{1,3})?"
    r"(?:overkill|too much|more than (?:we|i) need|unnecessary|not needed|excessive|way too expensive)", FLAGS)
NO_NEED_BEFORE = re.compile(
    r"(?:(?:don't|do not|dont|doesn't|does not|won't|will not|wouldn't) need|no need for|nothing like|"
    r"not (?:at )?(?:a |an )?|isn't|aren't|beyond|more than)\s{1,3}(?:(?:a|an|the|full|real|actual)\s{1,3})?$",
    FLAGS)


def comparisons(text: str, names: list[Found], k: Knowledge | None) -> tuple[list[Found], list[tuple[int, int]]]:
    """Capability facts from the API and open model names in ``names`` used as comparisons, and the spans of
    names that are only a yardstick ("GPT-4o-class", "don't need Opus": not the API the team uses)."""
    if k is None:
        return generic_classes(text), []
    levels: list[Found] = generic_classes(text)
    # names given as examples inside a class said to be the bar ("only the frontier closed models (gpt-5, opus) get it
    # right") are that bar, not what the team uses
    yardsticks = [(f.start, f.end) for f in names if any(g.start <= f.start and f.end <= g.end for g in levels)]
    ceilings: list[Found] = []
    opens = [f for f in names if f.field == "open_model"]
    chains = _chains(text, names)
    for f in names:
        if f.field != "open_model" and any(o.start < f.end and f.start < o.end for o in opens):
            continue  # "gpt-oss-120b" is also a hosted API's name: the open model's class is the one that counts
        tier = _tier(f, k)
        if tier is None:
            continue
        # names listed together share what is said before and after the list: "only GPT-5 and Claude Opus are
        # good enough", "GPT-5 / Opus-level models", "no need for Opus or GPT-5"
        first, end = chains.get(id(f), (f.start, f.end))
        before = text[max(0, first - 40):first]
        if f.field == "open_model" and not (OVERKILL_AFTER.match(text, end) or NO_NEED_BEFORE.search(before)
                                            or LEVEL_AFTER.match(text, end)):
            # an open model compared with is still the one they would run ("as good as Qwen3 8B, which passes
            # our evals"); "run something like gpt-oss-120b" is no quality bar unless judged ("... would do");
            # "Llama 3.3 70B quality is the bar" sets the class and names a model that meets it
            loose = LOOSE_BEFORE.search(before) and not ENOUGH_AFTER.match(text, end)
            if not loose and (LEVEL_BEFORE.search(before) or ENOUGH_AFTER.match(text, end)):
                levels.append(Found("capability", tier, f.start, f.end,
                                    f"'{text[f.start:f.end]}'-class → {tier}", strength=3))
            continue
        if OVERKILL_AFTER.match(text, end) or NO_NEED_BEFORE.search(before):
            yardsticks.append((f.start, f.end))
            below = CLASSES.index(tier) - 1
            if below >= 0:
                ceilings.append(Found("capability", CLASSES[below], f.start, f.end,
                                      f"'{text[f.start:f.end]}' ({tier}) {CEILING} → {CLASSES[below]}",
                                      strength=3))
        elif LEVEL_AFTER.match(text, end) or LEVEL_BEFORE.search(before) or ENOUGH_AFTER.match(text, end):
            if ONLY.search(before) and not SIZE_VERDICT.match(text, end):
                continue  # "only GPT-5 for the hard cases": no verdict, no bar
            if (not ENOUGH_AFTER.match(text, end) or ONLY.search(before)
                    or (LEVEL_BEFORE.search(before) and not ONLY.search(before))) and f.field != "open_model":
                # an API named as the bar is not the API they use; an open model named as the bar ("DeepSeek-V3
                # quality is what we need") is a model that meets it, the open model (README: open_model)
                yardsticks.append((f.start, f.end))
            levels.append(Found("capability", tier, f.start, f.end,
                                f"'{text[f.start:f.end]}'-class → {tier}", strength=3))
    levels += _level_of_named(text, names, k)
    if levels and ceilings:
        low = min(ceilings, key=lambda c: CLASSES.index(str(c.value)))
        capped = [lv if CLASSES.index(str(lv.value)) <= CLASSES.index(str(low.value)) else low for lv in levels]
        return capped, yardsticks
    return levels + ceilings, yardsticks


# Between two names of one list: commas, slashes, "and", "or", "&", "+", brackets.
LIST_JOIN = re.compile(r"(?:\s{0,3}(?:,|/|&|\+|\(|\)|\band\b|\bor\b)\s{0,3}){1,3}", FLAGS)


def _chains(text: str, names: list[Found]) -> dict[int, tuple[int, int]]:
    """For each name listed next to others ("GPT-5 / Opus", "gpt-5, opus", "GPT-5 and Claude Opus"), where its list
    starts and ends (keyed by id of the Found); names standing alone are not in the result."""
    ordered = sorted(names, key=lambda f: f.start)
    groups: list[list[Found]] = []
    for f in ordered:
        last = groups[-1][-1] if groups else None
        if last is not None and last.end <= f.start and LIST_JOIN.fullmatch(text, last.end, f.start):
            groups[-1].append(f)
        else:
            groups.append([f])
    out: dict[int, tuple[int, int]] = {}
    for group in groups:
        if len(group) > 1:
            span = (group[0].start, max(g.end for g in group))
            out.update({id(g): span for g in group})
    return out


CEILING = "is more than needed"
# "that level is enough", "its quality is fine", "that tier is what we need": the class of the model named just before
THAT_LEVEL = re.compile(r"\b(?:that|this|its|their|the same)\s{1,3}(?:level|quality|tier|class|calibre|caliber|grade)\b"
                        r"(?:\s{1,3}of\s{1,3}(?:quality|output|answers))?", FLAGS)
REACH = 160  # characters back from "that level" to the model it refers to


def _level_of_named(text: str, names: list[Found], k: Knowledge) -> list[Found]:
    out = []
    for m in THAT_LEVEL.finditer(text):
        verdict = GENERIC_VERDICT.match(text, m.end())
        if not verdict or GENERIC_DENIED.search(verdict.group()) or hypothetical(text, m.start()):
            continue
        before = [f for f in names if f.end <= m.start() and m.start() - f.end <= REACH]
        if not before:
            continue
        named = max(before, key=lambda f: f.end)
        tier = _tier(named, k)
        if tier:
            out.append(Found("capability", tier, m.start(), verdict.end(),
                             f"'{text[m.start():verdict.end()].strip()}' of '{text[named.start:named.end]}' → {tier}"
                             + JUDGED, strength=3))
    return out
ONLY = re.compile(r"\bonly\s{1,3}(?:the\s{1,3})?(?:a\s{1,3})?$", FLAGS)


def under_ceiling(items: list[Found]) -> list[Found]:
    """A ceiling is an upper bound: other evidence at or below it ("don't need Opus, it's just tagging" →
    small) is kept; evidence above it is not."""
    ceilings = [f for f in items if CEILING in f.note]
    if not ceilings:
        return items
    cap = min(CLASSES.index(str(f.value)) for f in ceilings)
    under = [f for f in items if CEILING not in f.note and CLASSES.index(str(f.value)) <= cap]
    return under or ceilings


# The class of work a comparison with an API asks for, where it differs from the API's price class in the catalog
# (knowledge/api_prices.yaml, which picks the APIs a team is compared with). GPT-4o is priced as a flagship, but
# "GPT-4o-level" work is what 30-70B open models do today (Llama 3.3 70B's model card reports GPT-4o-comparable
# scores; gpt-oss-120b's exceeds them), and every tuning writer who wrote such a bar read it as mid (tuning A t046,
# E e076 and e255; retired held-out v1 h072, h162, h211).
BAR_CLASS = {"openai/gpt-4o": "mid"}


def _tier(f: Found, k: Knowledge) -> str | None:
    value = f.value
    if f.field == "api_model" or f.field == k.prices.kind:
        entry = value if hasattr(value, "capability") else k.prices.find(str(value))
        return BAR_CLASS.get(str(getattr(entry, "id", "")), getattr(entry, "capability", None))
    entry = value if hasattr(value, "capability") else k.models.find(str(value))
    cap = getattr(entry, "capability", None)
    return None if cap is None else ("small" if cap == "small" else "mid")


# --- a model size or name as the quality bar --------------------------------------------------------------
#
# A size ("an 8B model", "70B") or a named open model says what quality the work needs only when the message
# says so: a class word ("70B-class"), a verdict on it ("is good enough", "handles it", "passed our evals",
# "isn't enough") or a need ("we need at least a 70B"). Named as what the team runs, tries, compares or plans
# ("Llama 3.1 8B on a single 3090", "would gpt-oss-120b fit?", "room 4B") it is not a capability: the advice
# assumes the class of the model named, and says so (bot/core/context.py).
# A verdict on a model, right after it: "is good enough", "handles it", "passed our evals", "would do".
VERDICT = (
    r"(?:,\s{0,3})?(?:(?:and|but)\s{1,3}(?:it|that|they)\s{0,3}|which\s{1,3})?"
    r"(?:(?:(?:is|was|are|were|'s|(?:would|will|should)(?: probably| likely| surely| definitely)? be|seems|looks|"
    r"felt|feels)\s{1,3}(?:\w+\s{1,3})?"
    r"(?:enough|fine|plenty|sufficient|ok|okay|adequate|decent|good|great|solid|ideal|perfect|the bar)\b)|"
    # "is all we need", "is the ceiling of what we need", "is the most we'd need": the bar, from above
    r"(?:is|'s|are|would be)\s{1,3}(?:(?:all|what|exactly what)\s{1,3}(?:we|i|you|they|it)\s{1,3}(?:really\s{1,3})?"
    r"(?:need|needs|require|requires|want)|(?:the|our)\s{1,3}(?:ceiling|max(?:imum)?|most|upper (?:bound|limit)|"
    r"limit|sweet spot|target)|the most (?:we|i|you|it)(?:'d| would)? (?:need|needs))\b|"
    # "have passed", "consistently handle": the verdict with an auxiliary or an adverb before it
    r"(?:(?:have|has|had|always|consistently|reliably|only)\s{1,3})?"
    r"(?:(?:would|will|should|could|can) do|(?:does|did|do)\s{1,3}(?:it|that|this|fine|well|great|ok|okay|"
    r"the (?:job|trick))|handles|handle (?:it |this |that |them )?(?:well|fine|reliably|easily)|handled|"
    r"can handle|will handle|would handle|nails?|nailed|passe[sd]|"
    r"(?:works|worked|would work|will work)\s{1,3}(?:fine|well|great|ok|okay|for us)|suffices|sufficed|"
    r"would suffice|(?:gets?|got|getting) (?:\w+\s{1,3}){0,2}?right|meets|met|matched|matches|covers)\b)")
SIZE_CLASS = re.compile(r"[- ]?(?:class|level|grade|tier|ish|quality|range)\b", FLAGS)
SIZE_VERDICT = re.compile(
    r"(?:[- ]?\+)?(?:[- ]\w+(?:-class)?)?(?:\s{1,3}(?:models?|llms?|ones?|checkpoints?))?\s{0,3}(?:,\s{0,3})?"
    + VERDICT, FLAGS)
# "we need at least a 70B", "something in the 30-70B range", "anything above 30B"
SIZE_NEED_BEFORE = re.compile(
    r"\b(?:need|needs|needed|require[sd]?|means|meaning|at least|minimum(?: of)?|something (?:in the|like|around)|"
    r"anything (?:above|over|like|around|below|under)|(?:good|fine|enough) with)\s{1,3}(?:an?\s{1,3}|the\s{1,3})?"
    r"(?:~\s?)?$", FLAGS)
# "a 70B open model at least", "30B or bigger"
SIZE_NEED_AFTER = re.compile(r"(?:[- ]?\+)?(?:\s{1,3}[\w-]+)?(?:\s{1,3}(?:models?|llms?))?\s{0,3},?\s{0,3}"
                             r"(?:at (?:the )?(?:very )?least|minimum|or (?:bigger|larger|more|above|better))\b", FLAGS)
# "70B was too slow / didn't fit / too expensive": about speed, memory or cost, not the quality it needs
NOT_QUALITY = re.compile(r"\W{0,3}(?:model\s{1,4})?(?:is|are|was|were)?\s{0,4}(?:too (?:slow|big|large|expensive)|"
                         r"(?:didn't|did not|doesn't|does not|won't) fit)", FLAGS)
SIZE_NOTE = re.compile(r"parameters → |is not enough → ")
# A size or class said to be enough or needed: evidence of the bar itself, which beats a yardstick of a higher class
# ("gpt-4o level at least; Llama 3.3 70B was ok in our blind test" → mid)
JUDGED = " (said to be enough or needed)"
YARDSTICK = "'-class → "


def stated_sizes(text: str, sizes: list[Found]) -> list[Found]:
    """The size facts of ``names.model_sizes`` without the capability of a size merely named; a size judged
    ("an 8B model is good enough") is a statement about quality and outranks a task word ("summaries")."""
    out = []
    for f in sizes:
        if f.field == "capability" and SIZE_NOTE.search(f.note):
            size = f.note.split(" parameters → ")[0]
            if "parameters → " in f.note and (over := SIZE_OVERKILL.match(text, f.end)):
                # "anything 70B+ is overkill": the bar is under that class; "405B would be overkill" leaves 70B
                below = BELOW[str(f.value)] if _billions(size) <= HUGE else "mid"
                if below is None and OVERKILL_WORD.search(over.group()):
                    below = "small"  # "a 4B model is overkill": nothing below small, so small
                if below:
                    out.append(Found("capability", below, f.start, over.end(), f"'{size}' {CEILING} → {below}",
                                     strength=3))
                continue
            if "parameters → " in f.note and SIZE_SHORT.match(text, f.end) and not NOT_QUALITY.match(text, f.end):
                f.value = ABOVE[str(f.value)] or f.value  # "8B models miss nuance": the class above
                f.note = f"{size} is not enough → {f.value} class"
            if "is not enough" in f.note:
                if NOT_QUALITY.match(text, f.end):
                    continue
            elif SIZE_VERDICT.match(text, f.end) or SIZE_NEED_AFTER.match(text, f.end) or SIZE_NEED_BEFORE.search(
                    text, max(0, f.start - 40), f.start):
                f.note += JUDGED
            elif not SIZE_CLASS.match(text, f.end):
                continue
            f.strength = max(f.strength, 2)
        out.append(f)
    return out


OVERKILL_WORD = re.compile(r"overkill|more than (?:we|i) need|unnecessary|excessive", FLAGS)
HUGE = 100  # billions of parameters: a size said to be overkill above this says nothing of the 30-70B class


def _billions(size: str) -> float:
    """'70B' → 70, '8x7B' → 56, '1.5B' → 1.5 (a size as the reader wrote it; 0 when unreadable)."""
    m = re.fullmatch(r"(?:([0-9]{1,3})\s?x\s?)?([0-9]+(?:\.[0-9]+)?)\s?b\w*", size.strip(), FLAGS)
    return float(m[2]) * (int(m[1]) if m[1] else 1) if m else 0.0


WHOLE = 0.9  # a simple share this large is the workload
# A part of the work said as a share ("2/3 of the calls", "3 in 4 requests", "7 parts extraction to 3 parts
# writing", "40%"), and the rest of it named as other work ("the rest need a proper model", "the other 10% is
# dispute letters", "the remaining 40%"): the message splits the workload.
PART = re.compile(r"(?<![\w.])(?:(?P<pct>[0-9]{1,2}(?:\.[0-9])?)\s?%|(?P<num>[1-9])\s?/\s?(?P<den>[1-9])(?![\w/])|"
                  r"(?P<a>[1-9]|one|two|three|four|five|six|seven|eight|nine) (?:in|out of) "
                  r"(?P<b>[1-9][0-9]?|two|three|four|five|six|ten|twenty)\b|"
                  r"(?:half|a third|two[- ]thirds|a quarter|three[- ]quarters|a fifth)\b|"
                  r"(?:[1-9]|two|three|four|five|six|seven|eight|nine) parts\b)", FLAGS)
REST = re.compile(r"\bthe (?:(?:rest|remainder|remaining|other (?:half|third|quarter|fifth|part|ones|calls|requests|"
                  r"messages|tickets|queries))\b(?! of (?:the |our )?(?:team|company|staff|stack|org))|"
                  r"other [0-9]{1,2} ?%)|"
                  r"\bthat part\b", FLAGS)
# The words of simple work: a share counts as a split of the work only when its clause names such work ("2/3 of the
# calls are intent classification"), not of the time or the traffic ("40% of it at night").
SIMPLE = re.compile(SIMPLE_WORDS, FLAGS)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "twenty": 20}


def _share(m: re.Match[str]) -> float:
    """The share a PART says (0.5 when it is only a share in words, which is never the whole)."""
    if m["pct"]:
        return float(m["pct"]) / 100
    if m["num"]:
        return int(m["num"]) / int(m["den"])
    if m["a"]:
        a, b = (int(x) if x.isdigit() else _WORDS[x.lower()] for x in (m["a"], m["b"]))
        return a / b if b else 1.0
    return 0.5


def _names_work(text: str, m: re.Match[str], found: list[Found]) -> bool:
    left, right = clause(text, m.start(), m.end())
    return bool(SIMPLE.search(text, left, right)) or any(
        f.field == "capability" and left <= f.start < right for f in found)


def whole_workload(text: str, found: list[Found]) -> list[Found]:
    """Capability is the class the whole workload needs. A small-model cue in a sentence that gives the simple
    share ("70% of calls are simple classification", "a third are easy enough for an 8B") describes that share,
    which simple_share carries, so it is not the capability; the class the rest needs ("the rest needs a
    70B-class model") is. Nearly all of it is the whole ("90% is spam y/n, small model territory"; "all of it is
    simple extraction"); 85% is a share ("85% is classification, the other 15% is drafting"), and so is 95% when
    the rest is named as other work ("95% is intent classification, the rest need a proper model").
    Once the message splits the work, a task word for small work anywhere in it ("Haiku for routing. ~65% of calls
    are the routing bits") names the simple part, not the whole."""
    shares = [sentence(text, f.start, f.end) for f in found
              if f.field == "simple_share" and isinstance(f.value, float) and f.value < WHOLE]
    rest = [sentence(text, m.start(), m.end()) for m in REST.finditer(text)]
    parts = [sentence(text, m.start(), m.end()) for m in PART.finditer(text)
             if (_share(m) < WHOLE or rest) and _names_work(text, m, found)]
    spans = shares + parts + rest if (shares or rest or parts) else []
    if not spans:
        return found
    return [f for f in found if not (f.field == "capability" and f.value == "small" and CEILING not in f.note
                                     and (f.strength <= 1 or any(a <= f.start < b for a, b in spans)))]


# "a small model handles it fine", "small model ok", "a mid-size model would do": a class named generically, with a
# verdict on it (a judged class is a statement about quality, like a judged size). "open" models are no class of their
# own: enough, they say an open model does it (mid); not enough, that only the closed frontier does.
GENERIC = {
    "small": r"small|smaller|tiny|little|lightweight|compact|mini",
    "mid": r"mid-?size(?:d)?|medium(?:-sized?)?|mid-?range|mid-?tier|mid-?sized",
    "frontier": r"frontier|top-?tier|state-of-the-art|sota|(?:top|best|biggest|strongest|leading)(?:[- ](?:closed|"
                r"proprietary|commercial))?|(?:closed|proprietary) frontier",
    "open": r"open(?:[- ](?:weights?|source))?",
}
BELOW = {"small": None, "mid": "small", "frontier": "mid", "open": "small"}  # the class under one said to be overkill
ABOVE = {"small": "mid", "mid": "frontier", "frontier": None, "open": "frontier"}  # over one said not to be enough
GENERIC_NAME = re.compile(
    r"\b(?:(?P<small>" + GENERIC["small"] + r")|(?P<mid>" + GENERIC["mid"] + r")|(?P<frontier>" + GENERIC["frontier"]
    + r")|(?P<open>" + GENERIC["open"] + r"))(?:\s{1,3}|-)(?:(?:local|open|open-weights?|open-source|on-device|"
    r"instruct|closed|proprietary)\s{1,3})?(?:models?|llms?|ones)\b(?:'s|’s)?"
    r"(?:[- ](?:quality|level|class|grade|tier|output|answers))?", FLAGS)
GENERIC_VERDICT = re.compile(
    r"(?:\s{0,3}\([^)]{0,30}\))?\s{0,3}[,:]?\s{0,3}(?:(?:(?:is|'s|are|(?:would|will|should)(?: probably| likely|"
    r" surely| definitely)? be|seems)\s{1,3})?"
    r"(?:(?:probably|likely|totally|perfectly|more than|really)\s{1,3})?"
    r"(?:enough|fine|plenty|sufficient|ok|okay|adequate)\b|(?:is|are|would be)\s{1,3}(?:all\s{1,3}(?:that's\s{1,3})?)?"
    r"(?:needed|required|necessary)\b|" + VERDICT + ")", FLAGS)
# "we only need a small model", "it needs just a small LLM": a class said to be what the work needs
GENERIC_NEED = re.compile(r"\b(?:need|needs|needed|require[sd]?)\s{1,3}(?:only\s{1,3}|just\s{1,3})?(?:an?\s{1,3})?$",
                          FLAGS)
GENERIC_DENIED = re.compile(r"\b(?:not|isn't|wasn't|aren't|won't|can't|couldn't|never|no)\b", FLAGS)
# A verdict that a class or size falls short: "the smaller models made too many mistakes", "8B models miss nuance",
# "open models weren't good enough", "small ones fell over"
SHORT = re.compile(
    r"(?:\s{0,3}\([^)]{0,30}\))?\s{0,3},?\s{0,3}(?:(?:they|those|these|which|it)(?:'re|'s| are| were| was|"
    r" is)?\s{1,3})?"
    r"(?:(?:we tried|just|simply|all|both|really|clearly|consistently|still|"
    r"also|always|kept|keep|often)\s{1,3})?"
    r"(?:(?:are|were|is|was)(?:n't|\s{1,3}not)\s{1,3}(?:\w+\s{1,3})?(?:enough|up to (?:it|the job|the task|scratch)|"
    r"there yet|an option|cutting it)|(?:made|make|makes|making)\s{1,3}(?:\w+\s{1,3}){0,2}?(?:mistakes|errors)|"
    r"miss(?:es|ed)?\s{1,3}(?:\w+\s{1,3})?(?:nuance|details|things|the point|context)|"
    r"(?:fell|fall|falls) (?:over|short|apart|flat)|fail(?:s|ed)?\b|struggl\w+|hallucinat\w+|"
    r"(?:couldn't|can't|cannot|could not|didn't|don't|doesn't|won't) (?:cope|handle|"
    r"do (?:it|this|that)|keep up|cut it|pass|manage)|too (?:dumb|weak|"
    r"unreliable|inaccurate|sloppy)|(?:aren't|weren't|isn't|wasn't) (?:accurate|smart|good|reliable|capable) enough)",
    FLAGS)
# a size said to fall short, with the words a size takes before the verdict ("8B models miss nuance")
SIZE_SHORT = re.compile(r"(?:[- ]\w+(?:-class)?)?(?:\s{1,3}(?:models?|llms?|ones?|checkpoints?))?" + SHORT.pattern,
                        FLAGS)
# "frontier models are overkill", "anything 70B+ would be overkill": a ceiling one class below
SIZE_OVERKILL = re.compile(r"(?:[- ]?\+|\s{1,3}(?:and|or) (?:up|above|bigger|larger|more))?" + OVERKILL_AFTER.pattern,
                           FLAGS)


# The class said as a label: "quality: mid", "Capability - frontier", "model tier: small"
CLASS_LABEL = re.compile(r"(?<![\w-])(?:quality(?: bar| needed| level)?|capability|model (?:class|size|tier)|tier)"
                         r"\s{0,2}[:=\-–]\s{0,2}(?:(?P<small>small|basic|tiny)|(?P<mid>mid|medium|mid-?tier|moderate|"
                         r"mid-?size)|(?P<frontier>frontier|top|best(?![- ]effort)|sota))\b", FLAGS)


def generic_classes(text: str) -> list[Found]:
    out = [Found("capability", level, m.start(), m.end(), f"'{m.group()}' → {level}" + JUDGED, strength=3)
           for m in CLASS_LABEL.finditer(text) for level in CLASSES if m.group(level)]
    for m in GENERIC_NAME.finditer(text):
        name = next(name for name in GENERIC if m.group(name))
        if hypothetical(text, m.start()):
            continue
        short = SHORT.match(text, m.end())
        if short:
            above = ABOVE[name]
            if above:
                out.append(Found("capability", above, m.start(), short.end(),
                                 f"'{text[m.start():short.end()].strip()}' is not enough → {above}", strength=2))
            continue
        overkill = SIZE_OVERKILL.match(text, m.end())
        if overkill:
            below = BELOW[name]
            if below:
                out.append(Found("capability", below, m.start(), overkill.end(),
                                 f"'{text[m.start():overkill.end()].strip()}' {CEILING} → {below}", strength=3))
            continue
        verdict = GENERIC_VERDICT.match(text, m.end())
        if verdict and GENERIC_DENIED.search(verdict.group()):
            continue
        if not verdict:
            need = GENERIC_NEED.search(text, max(0, m.start() - 24), m.start())
            if not need or negated(text, need.start(), need.end()):
                continue
            verdict = m
        level = "mid" if name == "open" else name
        only = ONLY_BEFORE.search(text, max(0, m.start() - 16), m.start())
        note = f"'{text[m.start():verdict.end()].strip()}' → {level}" + ("" if only and level == "frontier" else JUDGED)
        out.append(Found("capability", level, m.start(), verdict.end(), note, strength=3))
    out += plain_tasks(text)
    return out


ONLY_BEFORE = re.compile(r"\bonly\s{1,3}(?:the\s{1,3})?$", FLAGS)
# Work said to need no cleverness: "it only needs to look things up", "paraphrase a page, nothing clever"
PLAIN_TASKS = re.compile(
    r"\b(?:look(?:s|ing)?\s{1,3}(?:things|stuff|it|them|facts|answers|a few things)\s{1,3}up|paraphras\w+|rephras\w+|"
    r"reword\w*|(?:nothing|(?:don't|doesn't|do not|does not|won't|never) need anything|no need for anything) "
    r"(?:clever|fancy|smart|sophisticated|complicated|complex|hard|difficult|demanding|big|heavy|powerful)|"
    r"no (?:clever|fancy|heavy|deep|real) (?:reasoning|thinking|lifting)|doesn't (?:need|have) to be (?:clever|smart|"
    r"brilliant|very good))\b", FLAGS)


def plain_tasks(text: str) -> list[Found]:
    return [Found("capability", "small", m.start(), m.end(), f"'{m.group()}' → small", strength=1)
            for m in PLAIN_TASKS.finditer(text) if not hypothetical(text, m.start())]
