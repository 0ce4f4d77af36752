"""Whether the team owns a device the message names. Hardware is a fact only when the team has it: not when a
vendor quoted or proposed it, when it is a cloud rate, when the team would need, buy or is considering it, when
the message says they do not have it ('we don't own one yet', 'we own zero GPUs', 'we don't have those GPUs'), or
when the devices they have are spoken for by other work ('64 H100s in the training cluster but those are spoken
for'). Read clause by clause: an ownership cue right before the device ('we have', 'our', 'already') keeps it.
Pure; every regex linear."""

from __future__ import annotations

import re

from .parse_numbers import FLAGS, Found, sentence_bounds

# "we have 2 A100s", "our H100 box", "already running on", "sitting in the basement"
OWN_BEFORE = re.compile(r"\b(?:we|i)\s{1,3}(?:have|own|run|got|'ve got|have got|bought|operate|already have)\b"
                        r"|\b(?:our|my|already|existing)\b|\bsitting\b|\bin[- ]house\b|\bon hand\b", FLAGS)
# "on the 2 L40S we already own", "the 4090 I have at home"
OWN_AFTER = re.compile(r"(?:s|'s)?\s{0,3}(?:\([^)]{0,30}\)\s{0,3})?(?:that\s{1,3}|which\s{1,3})?(?:we|i)\s{1,3}"
                       r"(?:already\s{1,3})?(?:have|own|got|'ve got|bought|run)\b", FLAGS)
# The team does not have it: said of the device just named, or of all GPUs.
DENIED = re.compile(
    r"\b(?:we|i)\s{1,3}(?:don'?t|do not|didn'?t|haven'?t|have not)\s{1,3}(?:yet\s{1,3})?(?:own|have|got|bought|buy)"
    r"\s{1,3}(?:one|them|those|these|it|any|that|the (?:gpus?|cards?|hardware|boxes|servers))\b|"
    r"\b(?:we|i)\s{1,3}(?:don'?t|do not)\s{1,3}(?:own|have)\s{1,3}(?:those|these|the|any)\s{1,3}(?:gpus?|cards?|"
    r"boxes|servers|machines)\b|"
    r"\b(?:we|i)\s{1,3}(?:own|have)\s{1,3}(?:zero|no)\s{1,3}(?:gpus?|cards?|hardware|servers)\b|"
    r"\bno (?:gpus?|hardware) (?:of our own|yet)\b|\bnot ours\b", FLAGS)
# Someone else's offer, a price, or a plan: the device is not the team's.
OFFER = re.compile(
    r"\b(?:quote[ds]?|quoting|proposed|proposals?|offered|offering|pricing|rates?|list price|"
    r"would need|we'd need|need to buy|we'd (?:get|buy|be looking)|would (?:get|buy|cost|be looking)|"
    r"(?:looking|thinking) (?:at|of|about) (?:buying|getting|renting)|considering|plan(?:ning)? to (?:buy|get|order)|"
    r"to buy|purchase|würde|wäre|hätten|kosten würde|coûterait|costaría|costerebbe)\b", FLAGS)
PRICE_AFTER = re.compile(r"(?:s|'s)?(?:\s{0,3}[0-9]{2,3}\s?gb|\s{0,3}pcie|\s{0,3}sxm[0-9]?)?\s{0,3}"
                         r"(?:at|for|@|costs?|is|=|goes for|go for|runs?|rents? for|sells? for|lists? (?:at|for))"
                         r"\s{0,3}(?:~\s{0,2})?[$€£]\s{0,2}[0-9]", FLAGS)
SPOKEN_FOR = re.compile(r"\b(?:those|they|these|all of them|it|that|which)(?:\s{1,3}(?:are|is)|'re|'s)\s{1,3}"
                        r"(?:all\s{1,3})?"
                        r"(?:spoken for|taken|booked|busy with \w+|reserved for (?:training|research|other \w+)|"
                        r"not available for (?:this|inference))", FLAGS)


def not_owned(text: str, found: list[Found]) -> list[Found]:
    """``found`` without the devices (and their counts) the message says the team does not have."""
    devices = [f for f in found if f.field == "hardware"]
    if not devices:
        return found
    drop = [d for d in devices if _not_theirs(text, d)]
    if not drop:
        return found
    return [f for f in found if f not in drop and not (f.field == "hardware_count" and any(
        f.start <= d.start and d.end <= f.end for d in drop))
            and not (f.field == "hardware_count" and all(d in drop for d in devices))]


def _not_theirs(text: str, d: Found) -> bool:
    left, right = sentence_bounds(text, d.start, d.end, 200)
    before = text[max(left, d.start - 40):d.start]
    owned_here = bool(OWN_BEFORE.search(before) or OWN_AFTER.match(text, d.end))
    if PRICE_AFTER.match(text, d.end):
        return True  # "H100 at $2.19/hr", "the H100s are $25k each"
    if not owned_here and (OFFER.search(text, left, right)):
        return True
    # a denial in the same sentence or the next one ("... 8x B200 we lease — we don't own them yet.")
    _, next_end = sentence_bounds(text, right, right + 1, 200) if right < len(text) else (right, right)
    denial = DENIED.search(text, d.end, max(right, next_end))
    if denial and not OWN_BEFORE.search(text, d.end, denial.start()):
        return True
    if DENIED.search(text, left, d.start) and not owned_here:
        return True
    return bool(SPOKEN_FOR.search(text, d.end, right))
