"""Where a statement holds: clauses and sentences, and the scope of negation ("not 120M", "X, not Y",
"rather than"), of hypotheticals ("if we ever", "suppose", "what would ... cost") and of corrections
("actually", "scratch that", "I misspoke"). Pure; every regex linear."""

from __future__ import annotations

import re
from functools import lru_cache

FLAGS = re.IGNORECASE
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n|;(?=\s)")
CLAUSE_BREAK = re.compile(r"[.;:!?\n,()—–]|\s-\s|\bbut\b|\bhowever\b|\bwhereas\b|\bwhile\b", FLAGS)

# A negation word in the few words before a statement flips or drops it (same clause only).
NEGATION = (
    r"\b(?:no|not|non|without|never|nothing|none|zero|neither|nor|isn't|isnt|aren't|arent|don't|dont|"
    r"doesn't|doesnt|didn't|won't|wont|free of|lacks?|lacking|nobody|no one|rather than|instead of|"
    r"haven't|hasn't|no longer|not even|can't|cannot|mustn't|shouldn't|couldn't)\b|❌|✗|✘"
)
BOUND = re.compile(r"\b(?:no|not) (?:more|less|fewer|over|under|above|below|later|earlier) than\s{0,3}$|"
                   r"\bnot (?:over|above|exceed\w*)\s{0,3}$|\bno (?:more|less) than\s{0,3}$", FLAGS)
# "can't go anywhere outside our network", "never leaves the building": what is denied is leaving the place,
# so the place itself is affirmed.
LEAVING = re.compile(r"\b(?:leave|leaves|leaving|outside|beyond|out of|off of|away from|exit|cross)\b", FLAGS)
# "X, not Y" and "(not 24M)": a negator right before a value.
# "no compliance requirements beyond SOC 2": the negation is of everything else.
EXCEPT = re.compile(r"\b(?:beyond|except(?: for)?|other than|apart from|besides|but|save for|aside from)\s{0,3}"
                    r"(?:the |our |a )?$", FLAGS)
NOT_BEFORE = re.compile(r"(?:\bnot|\bnor|\brather than|\binstead of|\bno longer|\bnot even|\(not|❌)\s{0,3}"
                        r"(?:the |a |an |some |on |at |in |with |per )?\s{0,2}(?:~|about |around |like )?$", FLAGS)
NEGATION_AFTER = re.compile(
    r"\W{0,3}(?:data\s{1,4})?(?:is|are|was|isn't|aren't|isnt|arent|wasn't)?\s{0,4}(?:not|n't|never)?\s{0,4}"
    r"(?:not\s{1,4})?(?:involved|an issue|a concern|a problem|relevant|critical|important|needed|required|"
    r"a factor|a big deal|applicable|in scope|overkill|necessary|a thing|a requirement|a priority|worth it|"
    r"worth the (?:effort|hassle|risk|trouble))\b|"
    r"\W{0,3}(?:(?:it|that|this|which)\s{1,4})?(?:doesn't|does not|don't|do not|won't|will not)\s{1,4}"
    r"(?:apply|matter)\b|"
    # "chasing every new release is not something we want", "we'd like the latest models, it's not essential"
    r"\W{0,3}(?:(?:it|that|this|which)(?:'s|\s{1,4}is|\s{1,4}was)|is|are|was|'s)(?:\s{1,4}not|\s{1,4}never|n't)\s{1,4}"
    r"(?:really\s{1,4}|strictly\s{1,4})?(?:(?:something|anything|what|a thing)\s{1,4}(?:we|i|they|the team)(?:'d)?"
    r"\s{1,4}(?:want|need|care about|do|plan|are after)\w*|essential|a must|a must-have|crucial|vital|mandatory|"
    r"for us)\b|"
    # a label answered no: "Data residency: none", "PCI - n/a"
    r"[^\S\n]{0,2}[:=–-][^\S\n]{0,2}(?:none|no|nope|nil|n/a)[^\S\n]{0,2}(?=[,.;)\n]|$)",
    FLAGS,
)
NEG_AFTER_REQUIRES = re.compile(r"\b(?:not|n't|isnt|arent|never|none|no|nope|nil)\b|n't|overkill|n/a", FLAGS)

# A condition on what has not happened yet, not on the self-hosting the message asks about.
IF_OPEN = (r"\b(?:if|in case|once|should|assuming) (?:we|they|the \w+|our \w+|a \w+|that)\b(?! (?:ever\b|self-?host|go "
           r"self|move (?:it|this|everything|to)|run it|host it|do (?:it|this)|went|go ahead|switch))")
HYPOTHETICAL = re.compile(
    r"\b(?:if (?:it|they|we're|we are) ever|if (?:we|i|you|they) (?:ever|had|were|went|moved|get|got|grow|need(?:ed)?|"
    r"did|switch(?:ed)?|bought|buy|rent(?:ed)?|purchased?|add(?:ed)?|order(?:ed)?|upgrade[d]?|scale[d]? (?:up|out)|"
    r"double[d]?|triple[d]?|launch(?:ed)?|went with|go with|used|use)|hypothetical(?:ly)?|"
    r"suppose|supposing|imagine|say we|"
    r"what would (?:happen|it cost|that cost|[^?.]{0,40}\bcost)|what if|would it|"
    r"in (?:the )?future|someday|one day|"
    r"if (?:we|it) (?:ever )?(?:reach|hit)|we (?:might|may|could) (?:\w+ ){0,2}(?:later|someday|eventually)|"
    r"we (?:might|may|could) (?:get|buy|add|purchase|order|grab)|(?:thinking|thought) (?:about|of) (?:buying|"
    r"getting|renting|adding)|consider(?:ing)? (?:buying|getting|renting|adding)|"
    r"by (?:q[1-4] |next |the end of )?(?:20[0-9]{2}|year|quarter)|we expect|expected to grow|plan(?:ning)? to|"
    r"(?:got|have|had) a quote|just a quote|quoted?|"
    # what others ask about is not what the team states: "clients are now asking whether their documents leave the EU"
    r"(?:clients?|customers?|users?|people|auditors?|prospects?|buyers?|partners?|someone|they)(?: \w+){0,3}? "
    r"(?:ask|asks|asking|asked|wonder|wonders|wondering|want to know|wants to know)(?: us| me)? (?:whether|if)|"
    # a need that follows from a condition: "if we land the hospital contract we'd need HIPAA" (not the premise of
    # the question itself: "if we self-host we'd need it in our own account")
    rf"{IF_OPEN}[^.;!?]{{0,70}}?\b(?:we'd|we would|they'd|they would|it'd|it would|would|we'll|we will) (?:then |also |"
    r"still )?(?:need|require|have to (?:meet|comply with|get|pass|be))\b)\b",
    FLAGS,
)
# "If we sign the bank next quarter, PCI would apply": the condition before, the need after what it names.
WOULD_APPLY = re.compile(r"\s{0,3}(?:would|will|'d|'ll|might|may)\s{1,3}(?:then\s{1,3}|also\s{1,3})?(?:apply|"
                         r"come in(?:to (?:play|it))?|kick in|be (?:needed|required|mandatory|in scope))\b", FLAGS)
CONTRAST = re.compile(r"\b(?:but|today|currently|right now|for now|at the moment)\b|\(", FLAGS)

CORRECTION = re.compile(
    r"\b(?:actually|correction|sorry|wait|oops|i meant|we meant|scratch that|make (?:that|it)|update(?=\s{0,4}:)|"
    r"rather|to correct|i was wrong|my mistake|my bad|instead|misspoke|mis-spoke|i got it wrong|restate|"
    r"let me (?:correct|restate|fix)|typo|small correction|misplaced|closer to|more like|nearer to|"
    r"more accurately|to be (?:precise|exact)|(?:i|we) (?:added|dropped|missed) a zero|no wait|"
    r"(?:i|we) (?:should|shouldn't) have said|(?:let me|lemme) rephrase|not quite|nope|nah|no\s{0,2}(?=,)|"
    r"i said|(?:it's|its|it is) (?=[0-9]))\b",
    FLAGS,
)


def clause(text: str, start: int, end: int, reach: int = 120) -> tuple[int, int]:
    """The clause around [start, end): from the last break before to the first break after."""
    lo = max(0, start - reach)
    left = max((m.end() for m in CLAUSE_BREAK.finditer(text, lo, start)), default=lo)
    m = CLAUSE_BREAK.search(text, end, min(len(text), end + reach))
    return left, m.start() if m else min(len(text), end + reach)


def sentence(text: str, start: int, end: int, reach: int = 300) -> tuple[int, int]:
    lo = max(0, start - reach)
    left = max((m.end() for m in SENTENCE_END.finditer(text, lo, start)), default=lo)
    m = SENTENCE_END.search(text, end, min(len(text), end + reach))
    return left, m.start() if m else min(len(text), end + reach)


def negated(text: str, start: int, end: int, words: int = 5) -> bool:
    """A negation word in the same clause within ``words`` words before, or 'X is not needed' after."""
    if negated_before(text, start, end, words):
        return True
    after = NEGATION_AFTER.match(text, end)
    return bool(after and NEG_AFTER_REQUIRES.search(after.group()))


def negated_before(text: str, start: int, end: int, words: int = 5) -> bool:
    """A negation word in the same clause within ``words`` words before (what follows is not looked at: a verdict
    word such as 'acceptable' is not denied by the next clause's 'not critical')."""
    left, _ = clause(text, start, end, 60)
    before = " ".join(text[left:start].split()[-words:])
    no = list(re.finditer(NEGATION, before, FLAGS))
    leaving = no and LEAVING.search(f"{before[no[-1].end():]} {text[start:end]}")  # "can't leave our racks"
    return bool(no and not BOUND.search(before) and not EXCEPT.search(before) and not leaving)


def value_negated(text: str, start: int) -> bool:
    """'12M tokens per day, not 120M', '(not 24M)', 'rather than Llama': the value itself is denied."""
    return bool(NOT_BEFORE.search(text[max(0, start - 24):start]))


def hypothetical(text: str, start: int) -> bool:
    """A statement in the same sentence after 'if we ever', 'suppose', 'what would' (until a 'but' or
    'today') is a what-if, not a fact about the team."""
    left, _ = sentence(text, start, start)
    return any(not CONTRAST.search(text, m.end(), start) for m in HYPOTHETICAL.finditer(text, left, start))


def conditional_need(text: str, start: int, end: int) -> bool:
    """'If we sign the bank next quarter, PCI would apply': a requirement that holds only under a condition opened
    earlier in the sentence, said to apply after it is named."""
    if not WOULD_APPLY.match(text, end):
        return False
    left, _ = sentence(text, start, end)
    return any(not CONTRAST.search(text, m.end(), start) for m in _IF_OPEN.finditer(text, left, start))


_IF_OPEN = re.compile(IF_OPEN, FLAGS)


def correction_marks(text: str) -> list[int]:
    return list(_marks(text))


@lru_cache(maxsize=32)
def _marks(text: str) -> tuple[int, ...]:
    return tuple(m.end() for m in CORRECTION.finditer(text))


def is_correction(text: str, marks: list[int], start: int) -> bool:
    """After a correction word in the same sentence."""
    return any(mark <= start and not SENTENCE_END.search(text, mark, start) for mark in marks)
