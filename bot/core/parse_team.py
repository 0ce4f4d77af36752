"""Who the team is and where its data and models may go, read clause by clause: infra skills, hosting, data
region, compliance regimes, availability, and the data-sensitivity readings that depend on them (see the
decisions in bot/core/parse_team_lexicon.py). Pure; every regex linear."""

from __future__ import annotations

import bisect
import itertools
import re

from . import parse_team_lexicon as lex
from .parse_lexicon import cue
from .parse_numbers import FLAGS, Found, overlaps
from .parse_scope import CLAUSE_BREAK, clause, conditional_need, hypothetical, negated, sentence, value_negated

CLOUD_OK = "_cloud_ok"  # not a profile field: lowers a data-type reading of restricted to confidential


def facts(text: str) -> list[Found]:
    out: list[Found] = []
    out += _strict(text)
    out += _cloud_ok(text)
    out += _regions(text)
    out += _table(text, "hosting", lex.HOSTING)
    out += _table(text, "compliance", lex.COMPLIANCE)
    out += _table(text, "availability", lex.AVAILABILITY)
    skills = _skills(text)
    if skills:
        out.append(skills)
    return out


NEED_DENIED = re.compile(r"\b(?:don't|do not|dont|doesn't|does not|won't) (?:really |actually )?(?:need|require)\s{1,3}"
                         r"(?:any\s{1,3}|an?\s{1,3})?(?:\w+\s{1,3}){0,2}$|\bno need for\s{1,3}(?:\w+\s{1,3}){0,2}$",
                         FLAGS)


def _ok(text: str, m: re.Match[str]) -> bool:
    return not negated(text, m.start(), m.end()) and not value_negated(text, m.start()) and not hypothetical(
        text, m.start())


def _strict(text: str) -> list[Found]:
    """Data that must not leave the team's own infrastructure: restricted, and where it may run."""
    out = []
    for pattern, hosting in lex.STRICT:
        for m in cue(pattern).finditer(text):
            if hypothetical(text, m.start()) or negated(text, m.start(), m.end()):
                continue
            left, right = sentence(text, m.start(), m.end())
            if hosting == "own_cloud" and REGION_WORD.search(text, left, right):
                # "must stay in our own Azure tenant in UK South": data kept in one region, in a cloud there (the
                # team's account) is confidential; the account alone ("stays in our own AWS account") is restricted
                out.append(Found("data_sensitivity", "confidential", m.start(), m.end(),
                                 f"'{m.group()}' with a region named → confidential", strength=2))
                out.append(Found("hosting", hosting, m.start(), m.end(), f"'{m.group()}' → {hosting}", strength=2))
                continue
            note = f"'{m.group()}' → restricted"
            # "it can't leave" names no place: a cloud said to be fine in the message lowers it ("data can't leave
            # it (an EU cloud is ok)"); leaving the team's own servers or account is stated (3) and is not lowered
            out.append(Found("data_sensitivity", "restricted", m.start(), m.end(), note, strength=3 if hosting else 2))
            if hosting:
                out.append(Found("hosting", hosting, m.start(), m.end(), f"'{m.group()}' → {hosting}", strength=2))
    return out


def _cloud_ok(text: str) -> list[Found]:
    """'PHI may go to AWS under our BAA', 'Azure under our DPA is fine': at most confidential ('can't go to any
    vendor, even with a BAA' concedes the cloud nothing)."""
    return [Found(CLOUD_OK, "confidential", m.start(), m.end(), f"'{m.group()}': a cloud is acceptable", strength=2)
            for m in cue(lex.CLOUD_OK).finditer(text) if _ok(text, m) and not EVEN.search(text, 0, m.start())]


REGION_WORD = re.compile("|".join(f"(?:{p})" for p in lex.REGIONS.values()) + "|" + lex.REGION_CODE, FLAGS)
EVEN = re.compile(r"\beven\s{1,3}$", FLAGS)


def _regions(text: str) -> list[Found]:
    out = []
    for m in cue(lex.ANY_REGION).finditer(text):
        out.append(Found("data_region", "any", m.start(), m.end(), f"'{m.group()}' → any region", strength=1))
    for code, pattern in lex.REGIONS.items():
        for m in cue(pattern).finditer(text):
            word = m.group()
            if code == "us" and word.lower() == "us" and word != "US" and not US_AFTER.match(text, m.end()):
                continue  # the pronoun
            left, right = clause(text, m.start(), m.end(), 80)
            near = text[max(left, m.start() - 60):min(right, m.end() + 40)]
            s_left, s_right = sentence(text, m.start(), m.end(), 120)
            bare = (word.lower(), f"{word.lower()} only", f"all {word.lower()}", f"in {word.lower()}")
            own_clause = text[left:right].strip(" .!,;:-*").lower() in bare
            if not re.search(lex.REGION_CONTEXT, near.replace(word, " "), FLAGS) and re.search(
                    r"\bregion\b", text[s_left:s_right], FLAGS):
                near = text[s_left:s_right]  # "Our region is wrong in the profile — should be UK, not EU"
            elif (own_clause or text[left - 1:left] == "(") and re.search(
                    lex.WHERE_IT_RUNS, text[s_left:s_right].replace(word, " "), FLAGS):
                # a region standing as its own clause or in brackets qualifies where its sentence says things run
                # ("our own Azure subscription (Sweden Central)"), not a description ("(automotive, Germany)")
                near = text[s_left:s_right]
            if re.fullmatch(lex.CITIES, word, FLAGS) and not own_clause and not re.search(
                    r"\b(?:aws|azure|gcp|google cloud|oci|bedrock|vertex|region|zone|cloud)\W{1,3}$",
                    text[max(0, m.start() - 16):m.start()], FLAGS) and not CLOUD_PLACE_AFTER.match(text, m.end()):
                continue  # "we're based in Paris": where the team is, not where the data goes ("the Toronto region" is)
            coded = re.match(lex.REGION_CODE, text[m.start():], FLAGS)
            alone = text[s_left:s_right].strip(" .!,;:-*").lower() in bare or (  # "EU. and GDPR obviously", "All EU."
                own_clause
                and (re.search(r"\w\s?:\s*$", text[max(0, left - 30):left + 1]) is not None  # "region: EU"
                     or not text[right:].strip(" .!)")  # "…, peak 2x, EU"
                     or text[right:].lstrip(" .").startswith("\n")  # a list line ending "…, EU"
                     or re.search(lex.REGION_LOCK, text, FLAGS) is not None  # "(Singapore). Data stays in the region"
                     # an item of a list of requirements, next to a regime or a data level: "GDPR, EU, best effort OK"
                     or REQUIREMENT_ITEM.search(text, max(0, left - 24), min(len(text), right + 24)) is not None))
            if not coded and not alone and not re.search(lex.REGION_CONTEXT, near.replace(word, " "),
                                                         FLAGS) and not re.match(
                    r"[- ]?(?:only|hosted|based|data|region)", text[m.end():m.end() + 8], FLAGS):
                continue
            if value_negated(text, m.start()) or hypothetical(text, m.start()) or ASKED.match(text, s_left) or \
                    BARRED_TO.search(text, max(s_left, m.start() - 50), m.start()):
                continue  # "Does the data have to stay in the EU? Not sure yet": asked, not said
            if coded and not re.search(lex.REGION_CONTEXT, near.replace(word, " "), FLAGS):
                out.append(Found("data_region", code, m.start(), m.end(), f"'{coded.group()}' is a {code} region"))
                continue  # where it runs, not a lock on the data
            out.append(Found("data_region", code, m.start(), m.end(), f"'{word}' → data stays in {code}"))
            out.append(Found("data_sensitivity", "confidential", m.start(), m.end(),
                             f"data kept in one region ({code}) → confidential", strength=2))
    return out


_REGIME = r"(?:gdpr|hipaa|soc ?2|pci(?:[- ]dss)?|fedramp|iso ?27001|data residency)"
REQUIREMENT_ITEM = re.compile(rf"(?<![\w-])(?:{_REGIME}|(?:public|internal|confidential|restricted)(?:\s{{0,2}}data)?)"
                              rf"(?![\w-])\s{{0,2}}[,;/|]|[,;/|]\s{{0,2}}{_REGIME}(?![\w-])", FLAGS)
# Where data may NOT go: "no more data to China-based providers", "it can't be sent to the US" (not a lock there;
# "nothing outside the UK" is, the region is what it must stay in)
BARRED_TO = re.compile(r"\b(?:no|never|not|nothing|don't|do not|can't|cannot|mustn't|must not|won't|may not|"
                       r"shouldn't)\b[^.;,!?\n]{0,30}?\b(?:to|into|via|through)\s{1,3}(?:any\s{1,3}|the\s{1,3})?$",
                       FLAGS)
# "the Toronto region", "Frankfurt data centre", "Mumbai zone": a city naming a cloud's place
CLOUD_PLACE_AFTER = re.compile(r"[- ](?:regions?|zones?|data ?cent(?:er|re)s?|dcs?|az)\b", FLAGS)
# A yes/no question about where data must be: "Does the data have to stay in the EU?", "must it stay in the US?"
ASKED = re.compile(r"\s*(?:does|do|is|are|must|should|has|have|can|could|would|will)\b[^.?!\n]{0,120}\?", FLAGS)
US_AFTER = re.compile(r"[- ](?:cloud|region|regions|hosted|based|only|data ?cent\w+|vendor|provider)\b", FLAGS)


# A denied requirement gives the other value: "we don't need HA" → best effort.
DENIED = {("availability", "ha"): "best_effort"}
# A denied HA word says best effort however it is denied ("no failover needed", "HA isn't a thing here").
DENIED_ANYHOW = {("availability", "ha")}
# A requirement that holds only if something happens later ("SOC 2 and FedRAMP if we're ever going to sell to
# the government") is a what-if, as much as one after "if we ever".
IF_LATER = re.compile(r"[^.;!?]{0,80}?\b(?:if|once|when|in case) (?:we(?:'re| are)? |we'll )?(?:ever|one day|someday|"
                      r"eventually|going to|start|begin|expand|decide)\b|(?:\s\w+){0,2}\s(?:eventually|one day|someday|"
                      r"down the (?:road|line)|in the (?:future|long run)|long[- ]term|later on|later|next year)\b|"
                      # "SOC 2 is on the roadmap for 2027", "FedRAMP is planned for next year"
                      r"(?:\s\w+){0,2}\s(?:on (?:the|our) roadmap|planned|scheduled|slated)\b", FLAGS)
# "What would HA cost us?": a requirement priced in a question, not stated
COST_QUESTION = re.compile(r"\b(?:what|how much) (?:would|will|does|do|did|might)\b[^?.!\n]{0,60}\bcost\b"
                           r"[^?.!\n]{0,30}\?", FLAGS)


def _table(text: str, field: str, table: dict[str, str]) -> list[Found]:
    out = []
    for value, pattern in table.items():
        for m in cue(pattern).finditer(text):
            if field in ("compliance", "hosting", "availability") and (IF_LATER.match(text, m.end())
                                                                       or conditional_need(text, m.start(), m.end())):
                continue
            left, right = sentence(text, m.start(), m.end())
            if COST_QUESTION.search(text, left, min(len(text), right + 1)):
                continue
            if _ok(text, m):
                out.append(Found(field, value, m.start(), m.end(), f"'{m.group()}' → {value}"))
            elif (field, value) in DENIED_ANYHOW and (other := DENIED.get((field, value))) and not hypothetical(
                    text, m.start()):
                out.append(Found(field, other, m.start(), m.end(), f"'{m.group()}' is denied → {other}"))
            elif (other := DENIED.get((field, value))) and NEED_DENIED.search(text, max(0, m.start() - 40), m.start()):
                out.append(Found(field, other, m.start(), m.end(), f"'{m.group()}' is not needed → {other}"))
    return out


# --- skills ---------------------------------------------------------------------------------------------


def _clauses(text: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.end() for m in CLAUSE_BREAK.finditer(text)), len(text)]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


WOULD = re.compile(r"\b(?:we'd|we would|would|we'll|we will|plan(?:ning)? to|want to|going to|go with|"
                   r"consider\w*|evaluat\w*|should|might|whether|if)\s+(?:\w+\s+){0,3}$", FLAGS)
Hit = tuple[bool, int, int, str]  # (stated positively, start, end, words)


# "GPUs and serving would be new to us" denies the things before it in its clause, not across a contrast
# ("comfortable with Terraform, but GPUs would be new to us": Terraform stands)
NEW_TO = re.compile(r"(?:(?:(?!\b(?:but|however|though|although|whereas|while)\b)[^.;!?]){0,60}?\s)?" + lex.NEW_TO,
                    FLAGS)
# "k8s yes, ML serving no", "GPUs: none", "serving ❌": a terse list item denied after the thing
DENIED_AFTER = re.compile(r"\s{0,3}[:=\-–]?\s{0,3}(?:no|nope|none|nil|zero|never|not really|not yet|n/a|❌|✗|✘)"
                          r"(?=\s{0,3}(?:[,.;)\n]|$))", FLAGS)
# "k8s: yes", "docker ✅": a terse list item affirmed after the thing (the verb of a full sentence)
AFFIRMED_AFTER = re.compile(r"\s{0,3}[:=\-–]?\s{0,3}(?:yes|yep|yeah|sure|✅|✔️?|✓)(?=\s{0,3}(?:[,.;)\n]|$))", FLAGS)
# "nobody knows anything beyond Docker", "no one here but Sam touches Linux": the exception is had
EXCEPTED = re.compile(r"\b(?:beyond|except(?: for)?|other than|apart from|besides|save for|aside from|more than|"
                      r"outside of)\b", FLAGS)
# A clause without a verb that narrows the one before ("not having experience with GPU servers, only with web
# servers on Linux") takes that clause's verb, and not its denial.
ELLIPSIS = re.compile(r"\s*(?:(?:but|and)\s{1,3})?(?:only|just|mainly|mostly|mostly just|only really|except|"
                      r"apart from|other than)\b", FLAGS)
OPERATE = re.compile(lex.OPERATE, FLAGS)
LEVEL_LABEL = re.compile(r"(?<![\w-])(?:infra(?:structure)?[ _]|team |ops |technical )?skills?\s{0,2}[:=]\s{0,2}"
                         r"(none|basic|mlops)\b", FLAGS)
# A line labelled as the team's skills lists what it runs: "Skills: Kubernetes, Terraform", "- experience: docker"
SKILLS_LABEL = re.compile(r"(?:^|\n)[^\S\n]*[-*•]?[^\S\n]*(?:[\w-]+\s)?(?:skills?|experience|expertise|know-how|"
                          r"stack|tooling)\s{0,2}[:=\-–][^\n]*$", FLAGS)
RUN_BY = re.compile(r"[^.;!?]{0,50}?" + lex.RUN_BY, FLAGS)


def _operated(text: str, part: str, m: re.Match[str], a: int, verbs: list[int]) -> bool:
    """A thing ("servers", "GPU nodes") is a skill when people operate it: an operating verb before it in the
    clause whose subject is people, not a thing ("IT can rack a server", "the platform team runs AKS with GPU node
    pools"; not "the robot arms run a model on an onboard GPU"), or "run by" after it in the sentence.
    ``verbs``: where the clause's operating verbs start, in order."""
    i = bisect.bisect_left(verbs, m.start())
    if i:
        subject = part[max(0, verbs[i - 1] - 80):verbs[i - 1]]
        if not subject.strip(" -–—*:") or PEOPLE.search(subject):
            return True
    by = RUN_BY.match(text, a + m.end())
    return by is not None and not OUTSIDER.match(text, by.end())  # "servers managed by an MSP": not the team


# Serving on data-centre GPUs is operating inference whatever it is for ("we run DeepSeek-V3.1 on rented H200s for a
# side project"); on a laptop or with Ollama it is not
DATACENTRE_GPU = re.compile(r"\b(?:[ahb]100s?|h200s?|b200s?|gb200|l40s?|mi[23]00x?s?|gpu (?:cluster|nodes?|"
                            r"servers?))\b", FLAGS)
# Someone outside the team who runs things for it
OUTSIDER = re.compile(r"\s{1,3}(?:an?\s|our\s|the\s)?(?:msp|managed service provider|agency|contractors?|"
                      r"third[- ]party|vendors?|partners?|outside|external|consultan\w+|hosting provider|provider|"
                      r"it partner|parent company|head office|group it)\b", FLAGS)


ABOUT_A_THING = re.compile(rf"(?:{lex.INFRA_THINGS}|{lex.SERVING_THINGS}|machines?|cards?|hardware|nodes?|"
                           rf"[\w-]{{2,}}s)\s+(?:that\s+|which\s+)?$", FLAGS)
# A list item or clause that opens on a bare verb ("- host Qwen3 for the bot", "Goal: serve Llama internally") says
# what is wanted; the team's skills are said with a subject ("our SREs run k8s") or a past ("we've served models").
WANTED_ITEM = re.compile(r"[\s\-*•·>]*$")
BARE_VERB = re.compile(r"(?:serve|host|deploy|run|self-?host)\b", FLAGS)
PEOPLE = re.compile(r"\b(?:we|we're|we've|we'd|our|us|i|i've|i'm|they|they're|who|team|teams|folks|people|engineers?|"
                    r"admins?|sysadmins?|staff|guys?|person|devs?|developers?|ops|sres?|everyone|someone|one of us|"
                    r"groups?|labs?|"
                    r"nobody|no one|none of us|(?-i:IT))\b|\bcan\s*$", FLAGS)


def _skills(text: str) -> Found | None:
    """mlops if the team runs model serving; basic if it runs other infrastructure; none if it says nobody does."""
    label = LEVEL_LABEL.search(text)
    if label:  # "skills: basic": the profile's own word, stated
        level = label.group(1).lower()
        return Found("infra_skills", level, label.start(), label.end(), f"'{label.group()}' → {level}")
    serving: list[Hit] = []
    infra: list[Hit] = []
    nobody: list[Hit] = []
    residency = [(m.start(), m.end()) for m in cue(lex.RESIDENCY).finditer(text)]
    nobody += [(False, m.start(), m.end(), m.group()) for m in cue(lex.NONE_LABEL).finditer(text)]
    before_verb = False  # the clause before had a skill verb (for a verbless clause that narrows it)
    for a, b in _clauses(text):
        part = text[a:b]
        none_here = [m for m in cue(lex.NO_SKILL).finditer(part) if m.group().strip()
                     and not overlaps(residency, a + m.end() - 1, a + m.end())  # "nobody in the office is technical"
                     and not ABOUT_A_THING.search(part, 0, m.start())]  # "a cluster nobody has touched"
        nobody += [(False, a + m.start(), a + m.end(), m.group().strip()) for m in none_here]
        own_verb = bool(cue(lex.SKILL_VERBS).search(part)) or bool(SKILLS_LABEL.search(text, max(0, a - 120), a))
        narrows = not own_verb and before_verb and bool(ELLIPSIS.match(part))
        has_verb = own_verb or narrows
        before_verb = own_verb or narrows
        low = part.lower()
        verbs: list[int] | None = [0] if narrows else None  # where the clause's operating verbs start
        following = [(a + m.start(), a + m.end()) for m in cue(lex.CAN_FOLLOW).finditer(part)]
        seen: list[tuple[int, int]] = []
        if "expert" in low or "specialist" in low or "guru" in low:
            infra += [(True, a + m.start(), a + m.end(), m.group()) for m in cue(lex.NOT_EXPERT).finditer(part)]
        for pattern, hits, need_verb in ((lex.SERVING, serving, False), (lex.INFRA, infra, True),
                                         (lex.ROLES, infra, False), (lex.ML_ROLES, serving, False),
                                         (lex.SERVING_THINGS, serving, False),
                                         (lex.INFRA_THINGS, infra, False), (lex.KNOWS_CLOUD, infra, False),
                                         (lex.CAN_FOLLOW, infra, False)):
            thing = pattern in (lex.SERVING_THINGS, lex.INFRA_THINGS)
            for m in cue(pattern).finditer(part):
                s, e = a + m.start(), a + m.end()
                if thing and verbs is None:
                    verbs = [v.start() for v in OPERATE.finditer(part)]
                if need_verb and not has_verb and not AFFIRMED_AFTER.match(text, e):
                    continue
                if (thing and not _operated(text, part, m, a, verbs or [])) or hypothetical(text, s) or (
                        WOULD.search(part[:m.start()]) or overlaps(residency, s, e)):
                    continue
                if pattern == lex.ML_ROLES and re.search(lex.WANTED, part[:m.start()], FLAGS):
                    continue  # "we'd have to hire an ML engineer": people they do not have yet
                if pattern == lex.SERVING and WANTED_ITEM.match(part[:m.start()]) and BARE_VERB.match(m.group()):
                    continue  # "- serve our own fine-tuned Llama adapters" in a list of needs: wanted, not run
                if pattern != lex.CAN_FOLLOW and overlaps(following, s, e):
                    continue  # "we can follow the vLLM quickstart": following a guide, read once as basic
                if thing and overlaps(seen, s, e):
                    continue  # "GPU servers" is one thing, read once
                seen.append((s, e))
                denied = negated(text, s, e, 6) or any(
                    n.start() <= m.start() and not EXCEPTED.search(part, n.end(), m.start()) for n in none_here
                ) or bool(NEW_TO.match(text, e)) or bool(DENIED_AFTER.match(text, e))
                if denied and not none_here and pattern != lex.SERVING and re.search(lex.POSSESSION, part[:m.start()],
                                                                                      FLAGS):
                    continue  # "we don't own a single GPU": about hardware, not skills
                if hits is serving and not denied and (re.search(lex.LOCAL_ONLY, part, FLAGS)
                                                       or cue(lex.LIMITED).search(part)) and not (
                        DATACENTRE_GPU.search(part) and not re.search(lex.LOCAL_ONLY, part, FLAGS)):
                    infra.append((True, s, e, m.group()))  # "we've run models locally with ollama", "one person
                    continue  # who's deployed TGI before", "running vLLM for a prototype": basic
                hits.append((not denied, s, e, m.group()))
    if not [h for h in serving + infra if h[0]] and (gpu := re.search(lex.NO_GPU, text, FLAGS)):
        return Found("infra_skills", "none", gpu.start(), gpu.end(), f"'{gpu.group()}' → none")
    for level, hits in (("mlops", serving), ("basic", infra)):
        yes = [h for h in hits if h[0]]
        if yes:
            return Found("infra_skills", level, yes[0][1], yes[0][2], f"'{yes[0][3]}' → {level}")
    denied_hits = nobody + [h for h in serving + infra if not h[0]]
    if denied_hits:
        h = min(denied_hits, key=lambda x: x[1])
        return Found("infra_skills", "none", h[1], h[2], f"'{h[3]}' → none")
    return None
