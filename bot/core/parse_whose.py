"""Whose API model a name is, and when: ``api_model`` is the API the team uses, so a name said as anything else
is not read as it. Read from the clause the name stands in, not from the name:

- a what-if ("if we ever moved to Claude Opus, ..."), or asked about in a question clause ("what would GPT-5 cost
  us?", "is Gemini cheaper?");
- planned, considered or tried next ("thinking about switching to Gemini 2.5 Pro", "considering Claude Sonnet for
  the hard stuff", "we might move to o3"): the object of a move TO is planned, the object of a move FROM, OFF or a
  replacement is the current one ("replace GPT-4o with a local model" keeps GPT-4o);
- someone else's ("our competitor uses GPT-4o", "the agency we replaced ran Claude");
- given up ("we used to use GPT-4 but cancelled it", "we dropped Claude last year").

A price said of a model, even a quote, is the team's ("gpt-4o is $2.50 per 1M input tokens for us", "OpenAI quoted
us $2.50 per 1M input for 4o"): the tuning writers read both as the API in use.

Pure; every regex linear (bounded gaps).
"""

from __future__ import annotations

import re

from .parse_numbers import FLAGS, Found
from .parse_scope import CLAUSE_BREAK, hypothetical, sentence

REACH = 50  # characters back from the name, inside its clause
_GAP = r"[^,.;:!?()\n]{0,40}?"
ASKED = re.compile(r"^\W{0,3}(?:(?:and|but|so|ok|okay|also)\s{1,3})?(?:what|how|would|could|should|will|is|are|does|"
                   r"do|did|can|which|why|whether|isn't|aren't)\b", FLAGS)
PLANNED = re.compile(
    r"\b(?:consider\w*|thinking (?:about|of)|think(?:ing)? about|looking (?:at|into)|evaluat\w*|plan(?:s|ned|ning)? "
    r"(?:to|on)|want(?:s|ed)? to|hop(?:e|es|ing) to|about to|"
    # a move not yet made: "switching to", "move over to" (a move made, "moved to X", names the current one)
    r"(?:switch|swap|move|moving|migrate|migrating|upgrade|upgrading|transition|jump)(?:ing)? (?:over )?"
    r"(?:\w+ ){0,2}?to|"
    r"(?:trial|pilot|prototyp)\w*|tempted by|eyeing|exploring|weighing)\b" + _GAP + r"$", FLAGS)
# "switching from GPT-4o to ...", "replace Claude with ...": the name after these is the current one
FROM = re.compile(r"\b(?:from|off|off of|away from|replac\w*|instead of|rather than|swap out|get rid of|ditch\w*|"
                  r"currently|today|now|still)\b" + _GAP + r"$", FLAGS)
OTHERS = re.compile(r"\b(?:competitors?|rivals?|other (?:teams?|companies|firms|vendors)|everyone else|another team|"
                    r"(?:the|an?) (?:agency|vendor|contractor|consultanc\w*|partner) (?:that|who|we)\b)(?:'s)?"
                    + _GAP + r"$", FLAGS)
GIVEN_UP = re.compile(r"\b(?:used to (?:use|be on|run|pay for)|(?:cancel|dropp|ditch|abandon|retir|sunset|stopp)\w* "
                      r"(?:using |paying for )?|moved (?:away )?(?:off|from)|(?:got|gotten) rid of|no longer "
                      r"(?:use|on|pay for))" + _GAP + r"$", FLAGS)
OURS = re.compile(r"\b(?:our|my)\s{1,3}$|\b(?:we|we're|we've|i|i'm)\b[^,.;!?\n]{0,20}\b(?:use|using|on|pay|paying|run|"
                  r"running)\b[^,.;!?\n]{0,12}$", FLAGS)
QUOTE = re.compile(r"\bquot(?:e|es|ed|ing)\b", FLAGS)
STILL_OURS = re.compile(r"\b(?:we|we're|we've|our|us)\b[^,.;!?\n]{0,30}(?:use|using|used|on|pay|paying|run|running)"
                        r"\b[^,.;!?\n]{0,20}$", FLAGS)


def not_the_teams(text: str, f: Found) -> str | None:
    """Why the API named at ``f`` is not the one the team uses (None when it may be)."""
    left = max((m.end() for m in CLAUSE_BREAK.finditer(text, max(0, f.start - REACH), f.start)),
               default=max(0, f.start - REACH))
    before = text[left:f.start]
    start, end = sentence(text, f.start, f.end)
    if text[end:end + 1] == "?" and ASKED.search(before) and not OURS.search(before):
        return "asked about"
    if hypothetical(text, f.start) and not QUOTE.search(text, start, f.start):  # a quote is a what-if for spend,
        return "a what-if"  # not for the API it prices
    if OTHERS.search(before):
        return "someone else's"
    if GIVEN_UP.search(before):
        return "given up"
    plan = PLANNED.search(before)
    if plan and not FROM.search(before, plan.start()) and not STILL_OURS.search(before, plan.start()):
        return "planned or considered"
    return None
