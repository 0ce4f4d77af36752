"""Availability read as a stance: a TOPIC (the service failing, or its uptime) and what the sentence says of it.

Rather than one phrase per way of saying "HA" or "best effort", a sentence that names the service failing
("downtime", "an outage", "if the bot is down", "a node dying") or its uptime ("uptime", "availability",
"redundancy", "HA") is read for the team's attitude to it, in either order and with negation flipping it:

- failure said to be tolerable ("acceptable", "we can live with it", "annoying but ok", "not the end of the
  world") → best_effort; said to be intolerable ("unacceptable", "can't afford", "costs us sales", "the whole
  call centre stops", "customers would leave") → ha. "isn't acceptable" flips to ha, "no downtime is ok" too.
- uptime said to matter ("is critical", "a must", "top priority", "Availability: high") → ha; said not to
  ("a nice-to-have", "low priority", "secondary", "Uptime: meh") → best_effort; "uptime isn't critical" flips.

A question ("what if it goes down?") or a what-if sentence states nothing. Readings are weak (strength 1): an
explicit requirement ("99.9%", "active-active", "no SLA") read by the tables stands beside them and is chosen
by the usual rules. Pure; every regex linear (bounded gaps, no nested unbounded quantifiers).
"""

from __future__ import annotations

import re

from .parse_numbers import FLAGS, Found
from .parse_scope import hypothetical, negated_before, sentence

# What fails: a pronoun, or "the/our <thing>" that is not a quantity or a network ("the price is going down", "the
# wifi is down" are not the service failing).
_NOT_SERVICE = (r"(?:price|prices|cost|costs|spend|bill|volume|volumes|traffic|usage|load|demand|latency|number|"
                r"numbers|rate|rates|quality|accuracy|share|stock|market|network|internet|wi-?fi|link|uplink|"
                r"connection|signal|vpn|line|power)")
_SERVICE = (rf"(?:it|this|that|they|things?|everything|(?:the|our|their|a|an) (?!{_NOT_SERVICE}\b)[\w-]+"
            rf"(?: (?!{_NOT_SERVICE}\b)[\w-]+)?)")
# The service failing, said as a noun or as a clause with the service as subject.
FAILURE = re.compile(
    rf"(?<![\w-])(?:down ?time|outages?|interruptions?|service (?:loss|disruptions?)|"
    rf"{_SERVICE}(?:'s| is| are| was| were| being| goes| go| going| went| gets| get| ever goes)? (?:down|"
    rf"unavailable|dead)\b|{_SERVICE} (?:dies|died|crashes|crashed|falls over|fell over|breaks|stops working)\b|"
    rf"(?:a |the |one |any )?(?:node|server|box|gpu|machine|instance|host|replica|card)s? (?:failures?|dies|dying|"
    rf"failing|fails|going down|goes down)\b)",
    FLAGS)
# Its uptime, as a requirement.
UPTIME = re.compile(r"(?<![\w-])(?:up ?time|availability|redundancy|resilience|reliability|(?-i:HA)|"
                    r"high[- ]availability)(?: requirements?| needs?| sla)?(?![\w-])", FLAGS)

_TOLERABLE = (
    r"acceptable|tolerable|survivable|(?:totally |perfectly |probably )?(?:fine|ok|okay|alright|all right)\b|"
    r"not (?:a |that )?(?:big |huge |major )?(?:deal|problem|issue|concern|worry|disaster)|no (?:big )?deal|nbd|"
    r"no biggie|no drama|not the end of the world|"
    r"(?:we|they|users|people|staff|folks|everyone|the team|ops)(?:'ll| can| could| will| would)? (?:just )?"
    r"(?:live with|tolerate|cope|survive|wait|retry|re-?run|manage|work around)|"
    r"(?:can|could) (?:be )?(?:live[d]? with|tolerated?|survived?|accepted)|"
    r"(?:nobody|no one) (?:dies|will die|cares|will care|notices|will notice|minds)|"
    r"(?:don't|do not|dont) (?:really )?(?:mind|care)")
_INTOLERABLE = (
    r"unacceptable|intolerable|(?:can't|cannot|can not|couldn't|could not|can ill) (?:afford|accept|tolerate|have|"
    r"risk|live with|survive)|not an option|(?:a )?(?:disaster|catastrophe|nightmare|showstopper|deal-?breaker)|"
    r"catastrophic|disastrous|(?:costs?|cost us|would cost) (?:us )?(?:\w+ ){0,2}?(?:money|revenue|sales|customers|"
    r"orders|business|thousands|millions|[$€£][0-9][\w.,]*)|"
    r"(?:lose|loses|losing|lost|miss|misses|missed) (?:\w+ ){0,2}?(?:money|revenue|sales|customers|orders|business|"
    r"bookings|trades|deals|shipments)|(?:must|should|can) never happen|"
    r"(?:a )?(?:big|huge|major|serious|real) (?:deal|problem|issue)|"
    r"(?:whole|entire) (?:[\w-]+ ){1,2}?(?:stops?|halts?|grinds? to a halt|is blocked|goes dark)|"
    r"(?:stops?|halts?|blocks?) (?:the )?(?:whole|entire) |grinds? to a halt|everything stops|"
    r"(?:customers|users|clients|people|patients|drivers|agents) (?:will |would |'d )?(?:notice|complain|scream|"
    r"leave|churn|walk|be stuck|are stuck|can't work)")
_IMPORTANT = (r"critical|crucial|essential|vital|paramount|important|key|a must(?:-have)?|must[- ]have|mandatory|"
              r"required|non-negotiable|(?:a |our )?(?:top|high|first) priority|high|matters?(?: a lot)?|"
              r"(?:a |the )?(?:big|huge) (?:deal|thing)|99\.[0-9]+ ?%|[345] nines|(?:three|four|five) nines|24/7")
_UNIMPORTANT = (r"matters? (?:less|little)|less (?:important|critical|of a (?:concern|priority))|"
                r"nice[- ]to[- ]have|(?:would be )?nice\b|(?:a |our )?low(?:er)? priority|low|secondary|optional|"
                r"relaxed|meh|whatever|not (?:a |that )?(?:big |huge )?(?:deal|concern|worry|priority)|"
                r"best[- ]effort|not fussed")
FAILURE_STANCE = re.compile(rf"(?<![\w-])(?:(?P<be>{_TOLERABLE})|(?P<ha>{_INTOLERABLE}))", FLAGS)
UPTIME_STANCE = re.compile(rf"(?<![\w-])(?:(?P<be>{_UNIMPORTANT})|(?P<ha>{_IMPORTANT}))(?![\w-])", FLAGS)
# "Uptime: high", "availability - nice to have", "uptime matters", "HA is a must": the stance right after its topic
STANCE_AFTER_UPTIME = re.compile(r"\s{0,3}(?:[:=\-–]\s{0,3}|(?:is|are|'s|would be|will be|remains?|seems|feels)\s{1,3}"
                                 r"(?:(?:really|very|super|pretty|quite|absolutely|just|only|more of|also|not|n't)"
                                 r"\s{1,3}){0,2})?", FLAGS)
REACH = 70  # characters between a topic and its stance, in the same sentence
OTHER = {"ha": "best_effort", "best_effort": "ha"}


def facts(text: str) -> list[Found]:
    """Availability from what each sentence says of the service failing or of its uptime."""
    out: list[Found] = []
    for m in FAILURE.finditer(text):
        f = _stance(text, m, FAILURE_STANCE, "the service failing")
        if f:
            out.append(f)
    for m in UPTIME.finditer(text):
        after = STANCE_AFTER_UPTIME.match(text, m.end())
        s = UPTIME_STANCE.match(text, after.end()) if after else None
        if s and not _asked(text, m.start()):
            out.append(_found(text, m, s, "uptime"))
    return out


def _asked(text: str, start: int) -> bool:
    _, right = sentence(text, start, start)
    return text[right:right + 1] == "?" or hypothetical(text, start)


def _stance(text: str, m: re.Match[str], pattern: re.Pattern[str], what: str) -> Found | None:
    if _asked(text, m.start()):
        return None
    left, right = sentence(text, m.start(), m.end())
    after = pattern.search(text, m.end(), min(right, m.end() + REACH))
    if after is None:
        before = [s for s in pattern.finditer(text, max(left, m.start() - REACH), m.start())]
        after = before[-1] if before else None
    return _found(text, m, after, what) if after else None


def _found(text: str, topic: re.Match[str], s: re.Match[str], what: str) -> Found:
    value = "best_effort" if s.group("be") else "ha"
    flipped = negated_before(text, s.start(), s.end(), 4)
    if flipped:
        value = OTHER[value]
    start, end = min(topic.start(), s.start()), max(topic.end(), s.end())
    note = f"'{text[start:end]}': {what} said to be {'not ' if flipped else ''}'{s.group()}' → {value}"
    return Found("availability", value, start, end, note)
