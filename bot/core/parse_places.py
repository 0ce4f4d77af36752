"""Where a self-hosted model may run and what the data is, read from how a sentence is built rather than from
one more keyword each: hosting, data sensitivity, availability, model churn (rapid_iteration) and compliance.
The keyword tables (bot/core/parse_lexicon.py, bot/core/parse_team_lexicon.py) give most readings; this module
adds the readings that come from sentence structure, and ``settle`` reconciles them:

- A level said as a label is the level: "data: internal", "(internal)", "internal at worst", "internal-grade",
  "client-confidential". It is stated (strength 2), so it beats a level inferred from a kind of data ("card
  numbers", "privileged comms") but not a statement that the data must stay on the team's own servers.
- "public" said of what the model reads ("our public catalogue", "the lore is public") is public data, unless
  it names something else (public sector, cloud, API, models, company, "the public" as people).
- A predicate at the end of a clause can deny what its subject named, as a negation word before it would:
  "renting from CoreWeave and friends is a no", "FedRAMP doesn't even come into it", "out of PCI DSS scope".
- A reading that encloses another of the same field wins over it: "active-active so a site can go down" is HA,
  not the best-effort "can go down" inside it.
- Model churn is read per sentence: a model refresh and a yearly frequency in one sentence say the model
  stays put ("model refreshes only go through accreditation, so maybe twice a year").

Pure; every regex linear (bounded gaps, no nested unbounded quantifiers).
"""

from __future__ import annotations

import re

from . import parse_stance as stance
from . import parse_team_lexicon as team_lex
from .parse_numbers import FLAGS, Found
from .parse_scope import clause, correction_marks, negated, sentence, value_negated

_REGION_WORDS = "|".join(f"(?:{p})" for p in team_lex.REGIONS.values())
PLACE_FIELDS = ("hosting", "data_sensitivity", "data_region", "connectivity", "availability", "rapid_iteration",
                "compliance")

# --- data sensitivity -------------------------------------------------------------------------------------

_LEVEL = r"(public|internal|confidential|restricted)"
LABELS = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:data|data class(?:ification)?|classification|sensitivity|data sensitivity|inputs?|content)\s{{0,2}}[:=]"
    rf"\s{{0,2}}(?:all |mostly |strictly )?{_LEVEL}\b|"
    # "our data is internal", "the data's all confidential", and a terse item "data internal, HA needed"
    rf"(?:our|the|all|this|its|their) data(?:sets?)?\s(?:is|are|'s|counts as|is classed as|is classified as)\s"
    rf"(?:all |mostly |strictly |entirely |only |just )?{_LEVEL}\b|"
    rf"(?<![\w-])data\s{_LEVEL}(?=\s{{0,2}}(?:[,;.)\n]|$))|"
    rf"\(\s{{0,2}}{_LEVEL}\s{{0,2}}\)|"
    rf"{_LEVEL}[- ](?:grade|level|class)\b|"
    rf"{_LEVEL} at (?:the )?(?:very )?(?:worst|most)\b|"
    rf"(?:classified|rated|graded|marked|labell?ed|tagged) (?:as )?{_LEVEL}\b|"
    r"(?:client|customer|commercially|company|business|strictly|highly)[- ]confidential\b"
    r")",
    FLAGS,
)
# "public" as an adjective of what the model reads, not of something else.
_NOT_DATA = (r"sector|facing|clouds?|compan(?:y|ies)|company's|internet|endpoints?|ips?|holidays?|beta|preview|launch|"
             r"releases?|models?|llms?|weights|providers?|gpus?|wi-?fi|networks?|keys?|transport|health|schools?|"
             r"bod(?:y|ies)|services?|servants?|offerings?|pricing|prices?|benchmarks?|leaderboards?|listing|ipo|"
             r"interest|trust|tenders?|procurement|funding|funds|money|budgets?|entit(?:y|ies)|agenc(?:y|ies)|"
             r"authorit(?:y|ies)|administration|use|uses|using|users|can|could|will|would|and|or|to|who|that|at|in|"
             r"on|for|as|is|are|via|through|with|from|by|sees?|saw|speaking|figures?|apis?(?! (?:docs?|"
             r"documentation|reference|specs?)\b)")
PUBLIC = re.compile(
    rf"(?<![\w-])(?<!(?:of|to|by) the )(?<!for the )(?<!from the )(?<!with the )public(?=[- ](?!(?:{_NOT_DATA})\b)"
    r"[a-z])|"
    r"(?<![\w-])(?:is|are|'s|was|were) (?:all |mostly |entirely |just |purely |completely |already |fully |"
    r"basically |100% )?public\b(?![- ]\w)",
    FLAGS,
)
NOT_DATA_SUBJECT = re.compile(r"\b(?:we|we're|company|firm|business|startup|corporation|org|organi[sz]ation|"
                              r"api|endpoint|repo|model|weights|cloud|bank|agency)\W{0,3}(?:is|are|'s|was|were)?"
                              r"\W{0,2}$", FLAGS)
SENSITIVE = re.compile(
    r"(?<![\w-])(?:(?:commercially|business|highly|very|quite|fairly|pretty|somewhat|super|extremely|really|"
    r"market)[- ]sensitive|(?:highly|very|quite|pretty|super|extremely|really|deeply) (?:private|personal)|"
    r"(?:data|it|this|everything|they|documents|docs|content|files|inputs?) (?:is|are) "
    r"(?:(?!(?:not|nothing|never|hardly|barely|no)\b)\w+ )?sensitive)\b(?! to\b)",
    FLAGS,
)
NO_CONCERNS = re.compile(r"(?<![\w-])no (?:data|privacy|confidentiality|sensitivity) (?:concerns?|issues?|worries|"
                         r"worry|risks?)\b", FLAGS)
# The UK government marking: OFFICIAL (and OFFICIAL-SENSITIVE) data may be processed in assured commercial cloud (NCSC
# cloud security principles), so it is confidential unless the message keeps it on the team's own estate; SECRET and
# above is restricted (RESTRICTED below). Upper case, or said as a marking, so "the official docs" is not one.
OFFICIAL = re.compile(
    # (not a shouted word: "OUR OFFICIAL REQUEST")
    r"(?<![\w-])(?:(?<!(?-i:[A-Z]{2}) )(?-i:OFFICIAL)(?:[- ](?-i:SENSITIVE))?(?=[\s,;.:)/-]|$)(?![- ](?-i:SECRET))"
    r"(?! (?-i:[A-Z]{2}))|official[- ]sensitive\b|"
    r"(?:marked|classified|classed|graded|labell?ed|at|marking:?|classification:?) (?:as )?official\b)",
    FLAGS,
)
RESTRICTED = re.compile(
    r"(?<![\w-])(?:(?-i:SECRET|TOP SECRET)\b|(?:secret|classified) and above|privileged (?:\w+ )?(?:docs|comms|"
    r"communications|documents|material|files|emails|correspondence|records)\b)",
    FLAGS,
)
# Forbidding every outside provider is a statement of where the data may go (stated: strength 2).
NO_OUTSIDERS = re.compile(
    r"(?<![\w-])(?:forbids?|prohibits?|bans?|(?:don't|do not|won't|will not) allow) (?:the use of )?(?:any |all )?"
    r"(?:use of )?(?:third[- ]part\w+|external|outside|public cloud|cloud|saas|hosted) (?:\w+ ){0,2}?(?:providers?|"
    r"vendors?|apis?|services?|processors?|tools?)\b",
    FLAGS,
)
# "we'd keep the model in our own cardholder data environment": the team's own physical estate, not a cloud account.
# Keeping, holding or processing there says where the data must be (restricted); running or hosting there says only
# where the model would run ("must stay in Germany ... we'd host it in our own DC": a region lock, confidential).
KEEP_OWN = re.compile(
    r"(?<![\w-])(?:(?P<keep>keep|hold|process)|run|host)\w* (?:the model|it|everything|them|the data|all data|data|"
    r"this) "
    r"(?:\w+ )?(?:in|on|inside|within) (?:our|their) own (?:[\w-]+ ){0,3}?(?:environment|enclave|servers?|"
    r"data ?cent(?:er|re)s?|dcs?|racks?|hardware|network|premises|cage|colo)\b",
    FLAGS,
)

# A level standing as a clause of its own is a label: "It's product and inventory info — internal, not sensitive."
# Unlike a label said with its key ("data: internal"), it does not outrank the other readings ("Internal but
# commercially sensitive" is confidential): the strictest stated level is taken.
LEVEL_WORD = re.compile(rf"(?<![\w-]){_LEVEL}(?![\w-])", FLAGS)
# "internal" said of what the model reads ("internal marketing drafts", "an internal IT helpdesk bot on our wiki"):
# internal, and it encloses any kind-of-content reading inside it ("marketing drafts" as public).
INTERNAL_OF = re.compile(
    r"(?<![\w-])internal (?:[\w-]+ ){0,2}?(?:drafts|copy|posts|content|comms|communications|bots?|assistants?|helpdesk|"
    r"chatbots?|tools?|apps?|wiki|knowledge|faqs?|policies|polic(?:y|ies) docs|announcements|newsletters?|memos?)\b",
    FLAGS,
)
# Not to be public is at least internal: "it shouldn't be on the public internet either".
NOT_PUBLIC = re.compile(
    r"(?<![\w-])(?:shouldn't|should not|mustn't|must not|can't|cannot|can not|isn't|is not|aren't|are not|not meant to|"
    r"not supposed to) (?:be |go )?(?:made |put )?(?:public(?:ly available)?\b|published\b|(?:on|out on|onto) the "
    r"(?:public )?(?:internet|web)\b)",
    FLAGS,
)

# --- hosting ------------------------------------------------------------------------------------------------

_HYPERSCALER = r"(?:aws|gcp|azure|google cloud|oci|oracle cloud|amazon web services|(?:aws )?govcloud)"
HOSTING: list[tuple[str, re.Pattern[str]]] = [
    ("on_prem", re.compile(
        r"(?<![\w-])(?:co-?locat\w*|equinix|(?:our|their) (?:own )?(?:dcs?|data ?halls?)\b|"
        r"(?:stays?|remains?|kept|stored|processed|lives?|runs?|hosted|deployed) on[- ]?site\b|on[- ]?site only\b|"
        r"(?:leave|leaves|leaving|outside(?: of)?|beyond) (?:our|their) (?:own )?(?:[\w-]+ )?(?:network|intranet|lan|"
        r"servers?|data ?cent(?:er|re)s?|dcs?|racks?|premises|building|site|hardware|walls|estate)\b|"
        # the team's own kit, named by what it is: "we'd run on the 2 L4s we own", "has to run on the two
        # workstations we already have", "must run on those servers", "the assistant has to run on board"
        r"(?:run|runs|running|host|hosted|hosting|serve|served|deploy\w*|live|lives|sit|sits)(?: it| this| them| the "
        r"model| everything| inference)? (?:on|in|aboard) (?:the |our |those |these )?(?:[\w-]+ ){0,5}?"
        r"(?:that |which )?(?:we|they) (?:already )?(?:own|have|bought|got|'ve got|run)\b|"
        r"(?:must|has to|have to|needs? to|will|can only|should) (?:all )?(?:run|live) (?:on|in) (?:those|these|"
        r"the same) (?:servers|boxes|machines|gpus|cards|workstations|devices)\b|"
        r"(?:run|runs|running|live|lives|deployed|hosted|inference|models?)(?: \w+){0,2}? (?:on[- ]?board|onboard)\b|"
        r"(?:[0-9]+|gpus?|servers?|cluster|nodes?|boxes|machines)(?: [\w-]+){0,2}? (?:on[- ]campus|in (?:the|our) "
        r"(?:basement|lab|server room|server closet))\b)",
        FLAGS)),
    ("own_cloud", re.compile(
        rf"(?<![\w-])(?:(?:our|their) own {_HYPERSCALER}\b|"
        rf"(?:same|existing|one|company|corporate|the company's) {_HYPERSCALER} (?:account|project|subscription|"
        r"tenant|tenancy|org|organi[sz]ation)s?\b|"
        r"(?:on|in|into) (?:our|their) (?:own |existing )?(?:eks|gke|aks)\b|"
        # "a GovCloud account of our own"
        rf"(?:{_HYPERSCALER} |cloud )?(?:account|subscription|tenant|tenancy|project|vpc)s? of (?:our|their) own\b)",
        FLAGS)),
    ("any", re.compile(
        r"(?<![\w-])(?:(?:rent\w*|leas(?:e|ed|ing)|gpus?|compute|capacity|instances|boxes|servers)\b[^.;!?]{0,40}?"
        r"\b(?:from|on|at|with|by) (?:whoever|whomever|anyone|anybody|any (?:gpu |cloud )?(?:provider|vendor|cloud|"
        r"host|neocloud)s?|whichever (?:\w+ )?(?:provider|cloud|vendor|host)s?|wherever)\b|"
        r"no (?:restrictions?|constraints?|requirements?|preference|rules?) (?:on|about|for|around|as to) where "
        r"(?:it|we|this|the model|they|models?) (?:runs?|is hosted|are hosted|lives?|gets hosted|sits?)\b|"
        r"ovh(?:cloud)?|scaleway|hetzner|datacrunch|fluidstack|genesis cloud|jarvis ?labs|voltage park|gcore)",
        FLAGS)),
]
# "as long as it's our subscription and our tenant" with Azure named in the sentence: the team's cloud account.
OWN_ACCOUNT = re.compile(r"(?<![\w-])(?:our|their) (?:own )?(?:account|subscription|tenant|tenancy|project|vpc)s?\b",
                         FLAGS)
HYPERSCALER = re.compile(rf"(?<![\w-])(?:{_HYPERSCALER}|eks|gke|aks)\b", FLAGS)
# ... and "a BAA'd cloud in the US, our own account": "own" with a cloud named in the sentence.
OWN_OWN_ACCOUNT = re.compile(r"(?<![\w-])(?:our|their) own (?:account|subscription|tenant|tenancy|vpc)\b", FLAGS)
CLOUD = re.compile(r"\bclouds?\b", FLAGS)

# "from whoever, doesn't matter": the indifference affirms 'any', it does not deny it
MATTERS_NOT = re.compile(r"\W{0,3}(?:it |that |which )?(?:doesn't|does not|don't|do not) (?:really )?matter\b", FLAGS)

# --- availability ---------------------------------------------------------------------------------------------

HA = re.compile(
    r"(?<![\w-])(?:active[-/ ](?:active|passive)|hot[- ]standby|warm[- ]standby|geo[- ]redundan\w*|"
    r"24\s?[x×*]\s?7\b|24-7\b|"
    r"(?:even if|even when|in case|such that|so that) (?:a|one|1|any|either|an entire|a whole|a single|the other) "
    r"(?:\w+ )?(?:site|node|box|server|machine|gpu|zone|region|dc|data ?cent\w+|rack|host|instance|location|az)s? "
    r"(?:can |could |may |might |does |ever )?(?:go(?:es)? down|fails?|dies?|is lost|goes offline|be lost|is down|"
    r"crash\w*)|"
    # "has to keep serving if a machine dies", "must keep going if a server falls over": the service outlives a part
    r"(?:keep|keeps|continue|continues|carry on|stay|stays)\w* (?:serving|going|running|working|answering|up|"
    r"operating|available|online)(?: \w+){0,2}? (?:even )?(?:if|when|whenever|should) (?:a|one|1|any|either|an?|"
    r"a single|the other) (?:\w+ )?(?:site|node|box|server|machine|gpu|zone|region|dc|data ?cent\w+|rack|host|instance|"
    r"location|az|replica|card)s? (?:\w+ )?(?:go(?:es)? down|fails?|dies?|is lost|goes offline|falls? over|crash\w*|"
    r"is down|breaks|is unplugged))",
    FLAGS,
)
BEST_EFFORT = re.compile(
    r"(?<![\w-])(?:(?:if|when|whenever) (?:it|the \w+|our \w+|a \w+|one \w+)(?:(?:'s| is| goes| are| go) (?:down|"
    r"offline|broken|dead)| (?:dies|crashes|fails|falls over|breaks))\b[^.;!?]{0,50}?\b(?:re-?run|restart|"
    r"retr(?:y|ies)|re-?tr(?:y|ies)|reboot|wait|try again|redo|fix it|catch(?:es)? up|pick it up|no biggie|nbd|meh|"
    r"whatever|so be it|no worries|not the end of the world|"
    r"(?:no|not a) (?:big )?deal|no (?:drama|problem|worries)|(?:just |simply )?(?:uses?|fall(?:s)? back (?:on|to)|"
    r"switch(?:es)? to|go(?:es)? back to) (?:the |a |their |his |her )?(?:paper|manual|old|printed|spare|backup)|"
    r"(?:manually|by hand)|"
    r"(?:we|they|users?|people|staff|the \w+) (?:can |will |'ll )?(?:live with it|cope|manage|survive|wait))\w*|"
    # "a plant can live without the assistant for a day", "we could do without it for a while"
    r"(?:can|could|would|will) (?:happily |easily |just )?(?:live|cope|manage|survive|do) without (?:it|the (?:\w+ )?"
    r"(?:assistant|bot|model|tool|service|system|thing))\b(?! (?:at all|ever|for (?:a |one )?(?:second|minute|"
    r"moment)))|"
    r"(?:a |one |1 )?(?:single|one|1) (?:box|server|node|machine|gpu|instance|replica)(?: [\w-]+){0,3}? "
    r"(?:is |would be |will be |should be )?(?:fine|ok|okay|acceptable)\b)",
    FLAGS,
)
CANNOT = re.compile(r"\b(?:can't|cannot|can not|couldn't|won't|no)\s+(?!biggie|drama|problem|worries)\S+\s*$|"
                    r"\b(?:can't|cannot|won't)\s*$", FLAGS)

# --- model churn ----------------------------------------------------------------------------------------------

_CHURN_NOUNS = r"\b(?:models?|weights|versions?|checkpoints?|llms?)"  # what a model change is said of
CHURN_NOUN = re.compile(_CHURN_NOUNS + r"\b", FLAGS)
NOUN_BEFORE = re.compile(_CHURN_NOUNS + r"\s{1,2}$", FLAGS)
CHURN_VERB = re.compile(r"\b(?:refresh|updat|upgrad|swap|switch|chang|mov|migrat|re-?validat|re-?certif|accredit|"
                        r"rotat|replac)\w*", FLAGS)
YEARLY = re.compile(r"(?<![\w-])(?:(?:once|twice|two or three times|a (?:couple|few) (?:of )?times|one or two times) "
                    r"(?:a|per|each) year|yearly|annually|every (?:year|(?:6|six|9|nine|12|twelve|18|eighteen) months)|"
                    r"(?:quarterly|once a quarter|every quarter) at (?:the )?most|at most (?:quarterly|once a quarter))"
                    r"\b", FLAGS)
AT_MOST = re.compile(r"\bmore (?:often )?than\b", FLAGS)
# "a 6-month model cadence", "two-week upgrade cycle", "quarterly model refresh schedule": how often the model changes
CADENCE = re.compile(r"(?<![\w-])(?P<n>[0-9]{1,2}|one|two|three|four|six|nine|twelve|eighteen)[- ](?P<unit>days?|"
                     r"weeks?|months?|quarters?|years?)(?:ly)? (?:model |upgrade |release |refresh |update |swap )+"
                     r"(?:cadence|cycle|rhythm|schedule|window)\b", FLAGS)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12, "eighteen": 18}


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS.get(word.lower(), 0)


OFTEN = re.compile(r"(?<![\w-])(?:every (?:few |couple of |other |two |three |2 |3 |single )?(?:days?|weeks?|"
                   r"sprints?)|every month|weekly|bi-?weekly|fortnightly|monthly)\b", FLAGS)
NEW_FAST = re.compile(
    r"(?<![\w-])(?:(?:need|want|get|adopt|use|run|try|have|ship|deploy|pick up|grab)\w* (?:the |each |every |all )?"
    r"(?:new|newest|latest|newer|fresh) (?:[\w-]+ ){0,2}?(?:models?|releases?|versions?|checkpoints?|llms?|weights) "
    r"(?:fast|quickly|asap|early|right away|immediately|straight away|on day one|on release|as soon as|(?:the (?:day|"
    r"week|moment)|once|when) (?:it's|they're|it is|they are|it gets|they get) (?:released|out|published|available))\b|"
    r"(?:as soon as|the (?:day|week|moment)|whenever|once) (?:a |the |any |each |every )?(?:new|newer|newest|latest|"
    r"better) (?:[\w-]+ ){0,2}?(?:models?|releases?|versions?|checkpoints?|llms?|weights) (?:come out|comes out|drop|"
    r"drops|land|lands|ship|ships|are released|is released|get released|gets released|appear|appears|are out|"
    r"is out)\b)",
    FLAGS,
)

# A new model, and taking it up: "want to jump to each new flagship the day it's out", "we'd want each new Claude as
# it lands", "try the latest open-weight release within days of it coming out"; denied, the team does not need it
# ("no need for the latest releases", "chasing every new release is not something we want").
NEW_THING = re.compile(
    r"(?<![\w-])(?:the |each |every |any |whatever |whichever )?(?:shiny |brand )?(?:new|newer|newest|latest|next|"
    r"freshest)(?: and greatest)? (?:[\w.-]+ ){0,2}?(?:models?|releases?|versions?|checkpoints?|llms?|weights|"
    r"flagships?|stuff|things?|claude|llama|qwen|gpt|gemini|mistral|deepseek|gemma)\b",
    FLAGS,
)
ADOPT_BEFORE = re.compile(
    r"\b(?:jump\w*|hop\w*|move|moves|moving|switch\w*|upgrad\w*|migrat\w*|want\w*|need\w*|like|love|tr(?:y|ies|ying)|"
    r"test\w*|adopt\w*|chas\w*|keep up with|stay on|be on|ship\w* on|grab\w*|pick up|swap\w*|roll out|bring in)"
    r"(?: (?:to|on|onto|with|for|in|up))?(?: \w+){0,2}?\s{1,2}$",
    FLAGS,
)
FAST_AFTER = re.compile(
    r"\s{1,2}(?:[\w'-]+ ){0,3}?(?:(?:as soon as|the (?:day|week|moment)|when|once|as) (?:it|they)(?:'s|'re| is| are|"
    r" gets?| get)? ?(?:lands?|drops?|ships?|comes? out|coming out|out|released|published|available)|within "
    r"(?:a few |several )?(?:days|hours|weeks|a week|a day) of|right away|immediately|asap|on day one|on release|"
    r"fast|quickly|every (?:month|quarter|few weeks)|each month|that month)\b",
    FLAGS,
)
# "new models as they come out would be nice but not required": a wish, not a need (not required: it stays put).
NICE_AFTER = re.compile(r"[^.;!?]{0,60}?\b(?:(?:would be|is|'d be|are) (?:nice|a bonus|a plus|cool|great|good)|"
                        r"nice[- ]to[- ]have|optional)\b", FLAGS)
NOT_REQUIRED_AFTER = re.compile(r"[^.;!?]{0,80}?\b(?:not|n't) (?:strictly |really |actually )?(?:required|needed|"
                                r"essential|necessary|a must|a requirement|critical)\b", FLAGS)
# "whatever model tops the leaderboards that month": the model of the moment, whichever it is.
TOP_OF_THE_MOMENT = re.compile(r"(?<![\w-])(?:whatever|whichever) (?:[\w-]+ )?(?:models?|llms?|releases?|checkpoints?) "
                               r"(?:currently |then )?(?:tops?|leads?|wins?|is (?:best|top|on top|winning|leading)|"
                               r"ranks? (?:first|top)|comes? out on top)\b", FLAGS)
# "we'd be happy on one model for a year or so": content to stay put.
STAY_PUT = re.compile(r"(?<![\w-])(?:happy|fine|ok|okay|content|good|glad)(?: to stay| staying| sticking| to stick)? "
                      r"(?:on|with) (?:one|a single|the same|one single) (?:model|version|checkpoint)\b", FLAGS)


# --- data region ---------------------------------------------------------------------------------------------

_REGION_CODES = tuple(team_lex.REGIONS)
# "data has to stay in the US... actually EU": a region right after a correction word corrects the region read.
CORRECTED_REGION = re.compile(r"\b(?:actually|sorry|i mean|i meant|or rather|rather|correction|no wait|make that|"
                              r"scratch that)\W{0,3}(?:the |in the |in )?(" + _REGION_WORDS + r")", FLAGS)
# "data can't leave the country (Spain)": the place in brackets names the country or region.
NAMED_IN_BRACKETS = re.compile(r"\b(?:country|region|jurisdiction|in-country)\s{0,2}\(\s{0,2}(" + _REGION_WORDS +
                               r")\s{0,2}\)", FLAGS)
# "we don't have any data residency requirements", "no residency rules": no region lock.
NO_RESIDENCY = re.compile(
    r"(?<![\w-])(?:no|without|zero|(?:don't|do not|doesn't|does not) have (?:any|a)|not any|there are no) (?:data )?"
    r"(?:residency|region(?:al)?|location|geographic|sovereignty|locali[sz]ation) (?:requirements?|constraints?|"
    r"restrictions?|rules?|needs?|concerns?|issues?|obligations?)\b",
    FLAGS,
)


def _region_code(word: str) -> str | None:
    return next((c for c in _REGION_CODES if re.fullmatch(team_lex.REGIONS[c], word, FLAGS)), None)


def _region_readings(text: str) -> list[Found]:
    out = []
    for pattern, how in ((CORRECTED_REGION, "corrected to"), (NAMED_IN_BRACKETS, "named as")):
        for m in pattern.finditer(text):
            code = _region_code(m.group(1))
            if code:
                out.append(Found("data_region", code, m.start(1), m.end(1), f"{how} '{m.group(1)}' → {code}",
                                 correction=pattern is CORRECTED_REGION, strength=2))
                out.append(Found("data_sensitivity", "confidential", m.start(1), m.end(1),
                                 f"data kept in one region ({code}) → confidential", strength=2))
    for m in NO_RESIDENCY.finditer(text):
        out.append(Found("data_region", "any", m.start(), m.end(), f"'{m.group()}' → any region", strength=2))
    return out


# --- predicates that deny their subject -----------------------------------------------------------------------

DENY_AFTER = re.compile(
    r"(?:(?!\b(?:but|while|whereas|fine|ok|okay|acceptable|allowed)\b)[^.;!?,()]){0,40}?\b(?:"
    r"(?:is|are|'s|would be|will be) (?:a (?:hard |firm |flat |definite |big )?no\b|a no-?go|a non-?starter|off the "
    r"table|out of the question|not an option|ruled out|not allowed|forbidden|banned|unacceptable|not acceptable|"
    r"a dealbreaker|out\b)|"
    # "US hyperscaler regions are not.", "AWS isn't OK": the predicate of the clause before, denied
    r"(?:is|are|would be)(?: not|n't)(?: (?:ok|okay|fine|allowed|permitted|an option|approved))?"
    r"(?=\s{0,2}(?:[.;!?,)\n]|$))|"
    r"(?:doesn't|does not|don't|do not|won't|will not) (?:even |really |actually )?(?:apply|come into (?:it|play|"
    r"the picture|question)|factor in|fly)|(?:is|are) (?:irrelevant|not relevant|not applicable|out of scope|"
    r"not in scope))",
    FLAGS,
)
OUT_OF_SCOPE = re.compile(r"\b(?:out of|outside(?: of)?|not in|no longer in|beyond) (?:the |our |any )?$", FLAGS)
SCOPE_AFTER = re.compile(r"\s{0,2}-?\s{0,2}(?:scope|audit scope)\b", FLAGS)
DENIABLE = ("hosting", "compliance", "data_region", "data_sensitivity")
_NET_WORDS = re.compile(r"\b(?:link|line|internet|network(?:ing)?|lan|connection|connectivity|wi-?fi|4g|5g|lte|uplink|"
                        r"satellite|starlink|broadband|fib(?:re|er)|signal)\b", FLAGS)


WHEN_THEY = re.compile(r"(?:as soon as|the (?:week|day)|when|once|whenever) (?:it|they)\b", FLAGS)
RELEASED_THING = re.compile(r"\b(?:models?|weights|versions?|checkpoints?|llms?|releases?|qwen|llama|deepseek|"
                            r"mistral|gemma|gpt-oss|open[- ](?:source|weights?)|anthropic|openai|meta|latest|newest|"
                            r"next)\b", FLAGS)


def _ok(text: str, m: re.Match[str]) -> bool:
    return not negated(text, m.start(), m.end()) and not value_negated(text, m.start())


def facts(text: str) -> list[Found]:
    """Readings of the place fields from sentence structure (see the module's decisions)."""
    out: list[Found] = []
    for m in LABELS.finditer(text):
        if _ok(text, m):
            level = next((g for g in m.groups() if g), "confidential").lower()
            out.append(Found("data_sensitivity", level, m.start(), m.end(), f"'{m.group()}' → {level}", strength=2))
    for m in LEVEL_WORD.finditer(text):
        left, right = clause(text, m.start(), m.end(), 40)
        if text[left:right].strip(" *_'\"").lower() == m.group().lower() and not value_negated(text, m.start()):
            level = m.group().lower()
            out.append(Found("data_sensitivity", level, m.start(), m.end(), f"'{m.group()}' as a label → {level}"))
    for m in INTERNAL_OF.finditer(text):
        if _ok(text, m):
            out.append(Found("data_sensitivity", "internal", m.start(), m.end(), f"'{m.group()}' → internal"))
    for m in NOT_PUBLIC.finditer(text):
        out.append(Found("data_sensitivity", "internal", m.start(), m.end(), f"'{m.group()}': not public → internal"))
    for m in PUBLIC.finditer(text):
        if _ok(text, m) and not NOT_DATA_SUBJECT.search(text, max(0, m.start() - 40), m.start()):
            out.append(Found("data_sensitivity", "public", m.start(), m.end(), f"'{m.group()}' → public"))
    for pattern, level, strength in ((SENSITIVE, "confidential", 1), (NO_CONCERNS, "public", 1),
                                     (OFFICIAL, "confidential", 1),
                                     (RESTRICTED, "restricted", 1), (NO_OUTSIDERS, "restricted", 2)):
        for m in pattern.finditer(text):
            if _ok(text, m):
                out.append(Found("data_sensitivity", level, m.start(), m.end(), f"'{m.group()}' → {level}",
                                 strength=strength))
    for value, pattern in HOSTING:
        for m in pattern.finditer(text):
            if _ok(text, m) or (value == "any" and MATTERS_NOT.match(text, m.end())
                                and not value_negated(text, m.start())):
                out.append(Found("hosting", value, m.start(), m.end(), f"'{m.group()}' → {value}"))
    for m in OWN_ACCOUNT.finditer(text):
        left, right = sentence(text, m.start(), m.end())
        if HYPERSCALER.search(text, left, right) and _ok(text, m):
            out.append(Found("hosting", "own_cloud", m.start(), m.end(),
                             f"'{m.group()}' with a cloud named in the sentence → own_cloud"))
    for m in OWN_OWN_ACCOUNT.finditer(text):
        left, right = sentence(text, m.start(), m.end())
        if CLOUD.search(text, left, right) and _ok(text, m):
            out.append(Found("hosting", "own_cloud", m.start(), m.end(),
                             f"'{m.group()}' with a cloud named in the sentence → own_cloud"))
    for m in KEEP_OWN.finditer(text):
        if _ok(text, m):
            if m.group("keep"):
                out.append(Found("data_sensitivity", "restricted", m.start(), m.end(), f"'{m.group()}' → restricted",
                                 strength=3))
            out.append(Found("hosting", "on_prem", m.start(), m.end(), f"'{m.group()}' → on_prem", strength=2))
    for m in HA.finditer(text):
        if _ok(text, m):
            out.append(Found("availability", "ha", m.start(), m.end(), f"'{m.group()}' → ha", strength=2))
    for m in BEST_EFFORT.finditer(text):
        if negated(text, m.start(), m.end()) or CANNOT.search(text, max(0, m.end() - 30), m.end()):
            continue
        out.append(Found("availability", "best_effort", m.start(), m.end(), f"'{m.group()}' → best_effort"))
    out += stance.facts(text)
    out += _churn(text)
    out += _region_readings(text)
    return out


def _churn(text: str) -> list[Found]:
    out = []
    for pattern, value in ((YEARLY, False), (OFTEN, True)):
        for m in pattern.finditer(text):
            left, _ = sentence(text, m.start(), m.end())  # a model change said before it in the sentence
            verbs = [v for v in CHURN_VERB.finditer(text, left, m.start())
                     if (CHURN_NOUN.search(text, v.end(), min(m.start(), v.end() + 30))  # "swap models every week"
                         or NOUN_BEFORE.search(text, max(left, v.start() - 14), v.start()))  # "model refreshes"
                     and (not negated(text, v.start(), v.end())
                          # "can't change models more than once a year": a bound, at most that often
                          or (value is False and AT_MOST.search(text, v.end(), m.start()) is not None))]
            if verbs:
                out.append(Found("rapid_iteration", value, m.start(), m.end(),
                                 f"model changes '{m.group()}' → rapid iteration {value}"))
    for m in CADENCE.finditer(text):
        if _ok(text, m):
            slow = m.group("unit").lower().startswith(("month", "quarter", "year")) and _count(m.group("n")) >= 3
            out.append(Found("rapid_iteration", not slow, m.start(), m.end(),
                             f"a '{m.group()}' → rapid iteration {not slow}"))
    for m in NEW_FAST.finditer(text):
        if _ok(text, m):
            out.append(Found("rapid_iteration", True, m.start(), m.end(), f"'{m.group()}' → rapid iteration"))
    for m in NEW_THING.finditer(text):
        left, _ = sentence(text, m.start(), m.end())
        wished_not_needed = bool(NICE_AFTER.match(text, m.end()) and NOT_REQUIRED_AFTER.match(text, m.end()))
        if not (ADOPT_BEFORE.search(text, max(left, m.start() - 40), m.start()) or FAST_AFTER.match(text, m.end())
                or wished_not_needed):  # "the latest versions would be great, but it's not essential"
            continue
        value = not (negated(text, m.start(), m.end()) or value_negated(text, m.start())
                     or NOT_REQUIRED_AFTER.match(text, m.end()))
        if value and NICE_AFTER.match(text, m.end()):
            continue
        out.append(Found("rapid_iteration", value, m.start(), m.end(),
                         f"'{m.group()}' taken up{'' if value else ' (denied)'} → rapid iteration {value}"))
    for m in TOP_OF_THE_MOMENT.finditer(text):
        if _ok(text, m):
            out.append(Found("rapid_iteration", True, m.start(), m.end(), f"'{m.group()}' → rapid iteration"))
    for m in STAY_PUT.finditer(text):
        if _ok(text, m):
            out.append(Found("rapid_iteration", False, m.start(), m.end(), f"'{m.group()}' → stays on one model"))
    return out


# What may not be left, when it is a region ("nothing leaves the US", "data can't leave APAC", "can't leave the
# country (Spain)"), is a region lock: confidential with a region, not the team's own servers (restricted, on_prem).
LEAVE_VERB = re.compile(r"\b(?:leaves?|leaving|go (?:outside|out of|beyond)|(?:be )?(?:sent|moved|transferred) "
                        r"(?:outside|out of)|cross)\b", FLAGS)
REGION_OBJECT = re.compile(rf"\s{{1,3}}(?:of\s)?(?:the\s)?(?:{_REGION_WORDS}|(?:home |our |this )?(?:country|"
                           r"region|jurisdiction|continent)\b)", FLAGS)


def region_left(text: str, f: Found) -> bool:
    """The reading says data may not leave somewhere, and that somewhere is a region."""
    last = None
    for m in LEAVE_VERB.finditer(text, f.start, min(len(text), f.end + 1)):
        last = m
    return bool(last and REGION_OBJECT.match(text, last.end()))


# A place the team has given up is not where the model may run ("we closed our data centre last year").
ABANDONED = re.compile(r"\b(?:closed|closing|shut|shutting|decommission\w*|got rid of|getting rid of|sold|exited|"
                       r"moved out of|migrated (?:out of|off|away from)|gave up|giving up|retired|retiring|left|"
                       r"phased out|phasing out)(?: down)?\s{1,3}$", FLAGS)
# Places offered as options, one of them anywhere ("RunPod, Lambda, our own AWS, whatever is cheapest"): any.
LIST_GAP = re.compile(r"(?:[\s,/&]|\bor\b|\band\b)*", FLAGS)


def _offered_with_any(text: str, f: Found, hosting: list[Found]) -> bool:
    """A hosting reading listed next to an 'any' reading, nothing but commas, slashes or 'or' between them."""
    if f.value == "any":
        return False
    chain = sorted(hosting, key=lambda g: g.start)
    i = chain.index(f)
    for step in (-1, 1):  # walk the list both ways from f while only separators come between readings
        j = i
        while 0 <= j + step < len(chain):
            a, b = (chain[j + step], chain[j]) if step < 0 else (chain[j], chain[j + step])
            if a.end > b.start or not LIST_GAP.fullmatch(text, a.end, b.start):
                break
            j += step
            if chain[j].value == "any":
                return True
    return False


# "what does 'best effort' mean?": a term quoted to ask about it is mentioned, not stated.
QUOTED = re.compile(r"(?<!\w)['\"‘“`]([^'\"’”`\n]{1,40})['\"’”`](?!\w)")
MEANING = re.compile(r"\b(?:what (?:does|do|is|are)|what's|whats|meaning of|means?\b|meant\b|defin\w+|explain\w*)",
                     FLAGS)


def _asked_about(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not MEANING.search(text):  # most messages ask about no term: skip the per-quote sentence scan
        return spans
    for m in QUOTED.finditer(text):
        left, right = sentence(text, m.start(), m.end())
        if MEANING.search(text, left, right):
            spans.append((m.start(), m.end()))
    return spans


def _withdrawn_regimes(text: str, found: list[Found]) -> list[Found]:
    """'We need HIPAA — sorry, not HIPAA, PCI': a regime denied after a correction word withdraws what was said of it
    before."""
    marks = correction_marks(text)
    drop = []
    for code, pattern in team_lex.COMPLIANCE.items():
        for m in re.finditer(pattern, text, FLAGS):
            if not (value_negated(text, m.start()) or negated(text, m.start(), m.end())):
                continue
            drop += [f for f in found if f.field == "compliance" and f.value == code and f.end <= m.start()
                     and any(f.end <= mark <= m.start() for mark in marks)]
    return drop


# A regime answered no in a terse list: "HIPAA and SOC 2 yes, PCI no", "FedRAMP: n/a", "PCI ❌".
TERSE_NO = re.compile(r"\s{0,3}[:=\-–]?\s{0,3}(?:no|nope|nah|none|n/a|na|not needed|not required|not applicable|"
                      r"not relevant|irrelevant|❌|✗|✘|🚫)(?=\s{0,3}(?:[,.;()\n]|$))", FLAGS)


def denied(text: str, f: Found) -> bool:
    """'Renting from CoreWeave and friends is a no', 'FedRAMP doesn't even come into it', 'out of PCI DSS
    scope', 'PCI no': the clause's predicate denies what the reading named."""
    if DENY_AFTER.match(text, f.end) or (f.field == "compliance" and TERSE_NO.match(text, f.end)):
        return True
    return bool(OUT_OF_SCOPE.search(text, max(0, f.start - 30), f.start) and SCOPE_AFTER.match(text, f.end))


# "internal" said of who uses the thing ("an internal research tool", "internal users"), not of what it reads: a
# reading of last resort (strength 0), beaten by anything said of the data itself
AUDIENCE = re.compile(r"\binternal (?:[\w-]+ ){0,2}?(?:tools?|bots?|apps?|applications?|assistants?|chatbots?|helpdesk|"
                      r"copilots?|users?|use|staff|teams?|portal|dashboards?|employees)\b", FLAGS)
# Slack strikethrough: "we're ~~HIPAA~~ no, GDPR only" (also "~HIPAA~"): what is struck is withdrawn.
STRUCK = re.compile(r"~~[^~\n]{1,200}~~|(?<![\w~])~(?=\S)[^~\n]{1,200}(?<=\S)~(?![\w~])")


def settle(text: str, found: list[Found]) -> list[Found]:
    """Drop readings inside struck-through text, place readings their clause denies, those enclosed by a stronger
    reading of another value, and 'always up' said of a network link (connectivity, not availability)."""
    struck = [(m.start(), m.end()) for m in STRUCK.finditer(text)]
    kept = [f for f in found if not (f.field in DENIABLE and denied(text, f))
            and not any(a <= f.start and f.end <= b for a, b in struck)
            and not ((f.field, f.value) in (("data_sensitivity", "restricted"), ("hosting", "on_prem"))
                     and region_left(text, f))]
    kept = [f for f in kept if not (f.field == "hosting" and ABANDONED.search(text, max(0, f.start - 24), f.start))]
    asked = _asked_about(text)
    withdrawn = _withdrawn_regimes(text, kept)
    kept = [f for f in kept if f not in withdrawn
            and not (f.field in PLACE_FIELDS and any(a <= f.start and f.end <= b for a, b in asked))]
    hosting = [f for f in kept if f.field == "hosting"]
    kept = [f for f in kept if not (f.field == "hosting" and _offered_with_any(text, f, hosting))]
    for f in kept:
        if f.field == "data_sensitivity" and f.value == "internal" and AUDIENCE.search(text, f.start, f.end):
            f.strength = 0  # "an internal research tool": who uses it; what it reads ("public web data") says more
    out = []
    for f in kept:
        if f.field in PLACE_FIELDS and any(
                g.field == f.field and g.value != f.value and g.start <= f.start and f.end <= g.end
                and (g.end - g.start) > (f.end - f.start) and g.strength >= f.strength for g in kept):
            continue
        if f.field == "rapid_iteration" and f.value is True and WHEN_THEY.match(text, f.start):
            left, right = sentence(text, f.start, f.end)
            if not RELEASED_THING.search(text, left, right):
                continue  # "sync when they land" (drones), not a model release
        if f.field == "availability" and text[f.start:f.end].lower().startswith("always"):
            left, _ = sentence(text, f.start, f.end)
            if _NET_WORDS.search(text, max(left, f.start - 60), f.start):
                continue
        out.append(f)
    return out
