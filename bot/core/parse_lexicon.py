"""Keyword tables for the free-text parser (bot/core/parse.py), kept as data.

Each rule is (field, value, pattern, negated_value). A rule's pattern is matched case-insensitively on
the message; when a negation word ("no", "not", "without", "don't" ...) stands just before the match in
the same clause, ``negated_value`` is used instead (None: the match is dropped). Rules earlier in a
field's list win where two matches overlap ("no MLOps team" beats "MLOps team").

Decisions recorded here (documented in the README's parser section):
- Negated sensitive terms ("no PHI", "not regulated", "no customer data") give ``internal``: the data is
  not restricted, but it is still a company's data. "nothing sensitive" / "public data" give ``public``.
- "voice" gives 100 ms to first token: the guide puts on-device voice pipelines in its sub-100 ms class.
  "real-time" alone gives 300 ms. An explicit figure ("TTFT under 200 ms") always wins over a keyword.
- "latency doesn't matter" / "batch jobs overnight" give no latency figure (nothing was stated; three tuning sets
  written by people who had not read the parser all expect none), and they keep "real-time" from matching there.
- "edge devices in the field", ships, aircraft and submarines give ``offline`` (the guide's fifth trigger).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Negation scope (before and after a match) lives in parse_scope.py.


@lru_cache(maxsize=256)
def cue(pattern: str) -> re.Pattern[str]:
    """A keyword pattern compiled to match only from the start of a word: besides being what the tables mean,
    the engine then tries the alternatives at word starts only (several times faster on long messages)."""
    return re.compile(rf"(?<![\w])(?:{pattern})", re.IGNORECASE)

Rule = tuple[str, object, str, object]
StrongRule = tuple[str, object, str, object, int]  # with how directly it states the fact (default 1)

# Data by families: a word for the kind of data, up to two words, then a noun for data ("therapy session notes",
# "customer chat logs", "private repos"). Queries, requests and prompts are not data nouns (volume talk).
_DATA_NOUN = (r"(?:data|records?|notes|reports?|files?|charts?|images|scans|information|info|details|histor(?:y|ies)|"
              r"transcripts?|summaries|letters|documents?|docs|chats?|conversations?|messages|emails?|tickets?|calls?|"
              r"logs?|code|codebases?|repos|repositories|contracts?|statements?|results)")
_HEALTH = (r"(?:patient|patients'|medical|clinical|health|healthcare|therapy|therapist|mental[- ]health|radiology|"
           r"pathology|diagnostic|psychiatric|hospital|oncology|prescription|lab)")
_PERSONAL = (r"(?:customer|customers'|client|clients'|personal|private|proprietary|employee|employees'|financial|"
             r"banking|payment|citizen|member|members'|student|applicant|candidate|tenant)")
_RESTRICTED = (
    rf"{_DATA_NOUN} (?:of|from|about) (?:our |the |their )?(?:\w+ ){{0,1}}?{_HEALTH}\w*|"
    r"biometric (?:\w+ ){0,2}?(?:data|templates|records|scans|photos|images)|biometrics|genetic (?:data|tests?|"
    r"results)|genomic|"
    r"fingerprints|face scans|"
    rf"{_HEALTH} (?:\w+ ){{0,2}}?{_DATA_NOUN}\b|"
    r"hipaa|\bphi\b(?![- ]?[0-9])|protected health information|patient (?:data|records?|notes|charts)|medical records?|"
    r"health records?|ehr data|clinical notes|classified|top[- ]secret|security clearance|\bitar\b|\bcui\b|"
    r"(?:client|customer|proprietary)(?:'s)? (?:source )?code(?: under nda)?|under (?:an? )?nda|\bnda\b|"
    r"(?:can't|cannot|must not|may not|never|not allowed to) go to (?:openai|anthropic|google|the cloud|any cloud|"
    r"third[- ]part\w+|external \w+|outside \w+|an? (?:external|third[- ]party|public) \w+)|"
    r"unreleased (?:[\w-]+ ){0,2}?(?:games?|products?|features?|hardware|chips?)\b|unreleased (?:financials?|"
    r"financial (?:data|results|statements)|earnings)|material non-public|\bmnpi\b|"
    r"(?:can't|cannot|can not|must not|mustn't|may not|not allowed to|never) (?:ever )?(?:leave|go outside|"
    r"be sent outside|be sent to (?:a |the )?(?:third part(?:y|ies)|cloud)|"
    r"go to (?:the |a |any )?(?:cloud|third part(?:y|ies)|outside (?:vendors?|providers?)))|"
    r"(?:must|has to|have to|needs? to) (?:stay|remain|be kept) (?:on[- ]prem(?:ises?)?|in[- ]house|"
    r"(?:on|in|inside|within) (?:our|the company's) (?:own )?(?:servers|network|infrastructure|premises|walls|"
    r"data ?cent(?:er|re)s?|datacenters?|vpc|building|country))|"
    r"nothing (?:can |may |is allowed to |should )?(?:leaves?|go(?:es)? out(?:side)?|goes to (?:the )?cloud)|"
    r"(?:must|can't|cannot|may not) leave (?:the |our )?"
    r"(?:vpc|building|premises|country|datacenter|data cent(?:er|re))|"
    r"on[- ]prem(?:ises)? only|no (?:public )?cloud allowed|regulated (?:health|medical|defen[cs]e) data|"
    r"attorney[- ]client privilege|privileged (?:legal|documents?|communications?|material)|\bscif\b|secret[- ]level|"
    r"trade secrets?|secret (?:formulas?|recipes?)|(?:unpublished|pre-?patent|unreleased) (?:research|results|"
    r"designs?|ip|inventions?)|pre-?patent|protective order|legal discovery|crown jewels|export[- ]controlled|"
    r"m&a (?:documents|data|deals?)|"
    r"(?:can't|cannot|can not|must not|mustn't|may not|not allowed to|never|won't|will not|shouldn't|should not) "
    r"(?:ever )?(?:\w+ ){0,3}?(?:go|be sent|send|share|upload|pass|expose|hand|leak|be shared|be uploaded|"
    r"be exposed)\w* "
    r"(?:\w+ ){0,3}?(?:to|with|outside|into|off) (?:an? |any |the )?(?:openai|anthropic|google|external|"
    r"third[- ]part\w+|outside|public|cloud|vendors?|providers?|apis?|saas|llm apis?|hosted apis?|us companies)|"
    r"\bno (?:\w+ ){0,3}?(?:data|info\w*|records|documents|files|pii|phi|text|content|code|emails|tickets)\b "
    r"(?:\w+ ){0,2}?(?:can|may|should|must|is allowed to|are allowed to|will|ever)\s+(?:ever\s+)?(?:go|leave|"
    r"be sent|be shared|be uploaded|touch|reach|end up)"
)
_CONFIDENTIAL = (
    rf"{_DATA_NOUN} (?:of|from|about) (?:our |the |their )?(?:customers|clients|users|employees|members|students|"
    r"applicants|citizens|tenants)\b|user (?:info|information|details|data|records|profiles|pii)|"
    r"(?:loan|mortgage|credit|insurance|tax) (?:applications|scores|reports|histories|files|records|returns|claims)|"
    r"credit scores?|income (?:data|statements|details|information|verification)|"
    rf"{_PERSONAL} (?:\w+ ){{0,2}}?{_DATA_NOUN}\b(?<!private cloud)|personal (?:info|information|details)|"
    r"gdpr|\bdpa\b|data processing (?:agreement|addendum)|"
    r"\beu (?:customer|user|citizen|personal) data|customer data|user data|personal data|\bpii\b|"
    r"personally identifiable|ccpa|\bpci\b|card(?:holder)? data|confidential|sensitive (?:data|documents|info)|"
    r"data residency|financial data|customer (?:emails|tickets|conversations|records)|regulated|"
    r"data sovereignty|(?:must|has to|have to|needs? to) (?:stay|remain|be (?:kept|stored|processed)) (?:in|within) "
    r"(?:the )?(?:eu|european union|uk|country|region|europe)|\beu[- ]only\b|"
    r"(?:can't|cannot|can not|not allowed to) use (?:us|american|foreign) (?:cloud|providers|clouds|vendors)|"
    r"(?:home|postal|email|e-mail) addresses|phone numbers|social security numbers?|\bssns?\b|passport (?:numbers|"
    r"scans|details)|national (?:insurance|id) numbers?|"
    r"dates? of birth|tax (?:ids?|returns|records)|\bhr (?:records|data|files|cases|complaints|investigations|"
    r"tickets)|employee (?:records|data|files)|"
    r"(?:salary|payroll) (?:data|records)|"
    r"(?:employee|staff|people's|workers'|employees') salar(?:y|ies)|salar(?:y|ies) (?:and|&) (?:\w+ )?(?:data|records|"
    r"reviews|details)|compensation data|payslips|"
    r"performance reviews|"
    r"bank statements|transaction (?:histories|history|data|records)|financial records|account (?:info|"
    r"information|data|numbers|details)|credit card(?: numbers)?|card numbers|customer (?:names|addresses|"
    r"phone numbers|info|information|details|pii)|names and (?:emails|e-mails|addresses|phone numbers)|"
    r"student records|\bferpa\b|\bcoppa\b|children's data|\bminors\b|insurance claims|claims data|"
    r"(?:customer|client) (?:contracts|documents|files)"
)
_INTERNAL = (
    r"anonymous (?:\w+ )?(?:data|telemetry|usage|logs|stats|metrics|events)|telemetry|usage (?:stats|metrics|logs)|"
    r"not for (?:outsiders|the public|external eyes|public consumption|outside eyes)|not public\b|"
    r"(?:data(?:sets?)?|it|everything|content|the data|inputs?|documents|docs|files|texts?) (?:is|are) (?:all |mostly |"
    r"entirely |just |purely )?internal\b|"
    r"internal (?:[\w-]+ ){0,2}(?:docs|documents|documentation|wiki|knowledge base|data|tools?|code|codebase|"
    r"stuff|notes|"
    r"reports|presentations|spreadsheets|"
    r"material)|company docs|internal only|"
    r"confluence|employee[- ]facing|internal[- ]only|slack messages|jira tickets|meeting notes|internal emails|"
    r"runbooks|engineering docs|(?:anonymi[sz]|pseudonymi[sz]|"
    r"de-?identifi)ed (?:and aggregated )?(?:[\w-]+ ){0,2}?(?:data|logs|usage|records|answers|"
    r"responses|feedback|surveys?|transcripts?|tickets|messages|reviews)\b|"
    r"(?:already |fully )anonymi[sz]ed"
)
_PUBLIC = (
    r"(?:fake|dummy|mock|made-up|synthetic|generated) (?:test )?data|test data,? nothing real|"
    rf"public (?:[\w-]+ ){{0,2}}?(?:{_DATA_NOUN}|law|filings|texts?|material|sources|datasets?)\b|"
    r"(?:inputs?|data|documents|docs|content|material|texts?|sources|it) (?:is|are) (?:all |mostly |entirely |just |"
    r"purely )?public\b|open[- ]source (?:\w+ )?(?:code|docs|documentation|projects?|repos|software|data|manuals)|"
    r"open (?:[\w-]+ ){0,2}?(?:data|datasets?)\b|public[- ]domain|press releases|(?:we|"
    r"they) publish (?:\w+ )?anyway|(?:marketing |public |"
    r"company )?website (?:content|copy|text|"
    r"pages|articles)|published (?:\w+ ){0,2}?(?:books|articles|"
    r"papers|content|docs|documentation|data|reports|"
    r"material|text|pages)|open[- ](?:access|licen[cs]ed) (?:\w+ )?(?:papers|data|content|text)|wikipedia|"
    r"(?:already|all|publicly) (?:published|on the web|online)|"
    r"public (?:[\w-]+ ){0,2}(?:data|docs|documentation|information|info|web ?pages|content|code|listings|website|faq|"
    r"datasets?|pages)|publicly available|open data|"
    r"nothing (?:sensitive|confidential|private)|non[- ]sensitive|not sensitive|no sensitive (?:data|information)|"
    r"marketing copy|open[- ]source code|(?:data|it|everything|content) is (?:all |entirely |completely )?public|"
    r"synthetic (?:data|dataset)|dataset is synthetic|(?:it's|its|it is|they're|all) (?:all )?public\b|"
    r"public (?:blog|marketing)|public github|(?:on|from) (?:the|our) (?:public )?website (?:anyway|already)|"
    r"already public|publicly posted|nothing (?:secret|private|proprietary)|marketing (?:blog )?(?:drafts|posts)|"
    r"blog (?:drafts|posts)"
)

# Connectivity by cue families rather than phrases: a network word near a word for "unreliable", being out
# of coverage, or connected only part of the time.
_NET = (r"(?:dsl|adsl|broadband|vpn|wan|internet|network|connection|connectivity|signal|coverage|wi-?fi|link|backhaul|"
        r"uplink|reception|cell(?:ular)? "
        r"(?:signal|service|coverage)|cellular|mobile data|4g|5g|lte|bandwidth|starlink|satellite|vsat|leased line|"
        r"fib(?:re|er)(?: line| link)?|ethernet)")
# Connected only some of the time, said of a network ("a satellite link when we're lucky", "4G that's down a few
# times a day", "cellular only near the yard").
_PART_TIME = (r"(?:(?:only )?(?:when|if) (?:we're|we are|you're|you are|it's|they're|we get|we) lucky|on a good day|"
              # connected a few times a day, or a share of the time ("satellite maybe twice a day", "up 60% of the
              # time")
              r"(?:once|twice|(?:a few|a couple of|several|two|three|four|[0-9]+) times) (?:a|per|each) (?:day|week|"
              r"shift)|(?:up|available|connected|online|there|working|reachable) (?:maybe |about |roughly |only |"
              r"around |~)?[0-9]{1,2} ?(?:%|percent) of the time|"
              r"(?:some|part) of the time|half (?:of )?the time|now and then|at times|not always|on and off|"
              r"(?:down|out|off(?:line)?|drops?(?: out)?|cuts? out|fails?|goes down|disconnects?) (?:a (?:few|couple "
              r"of)|several|many|multiple|[0-9]+|two|three|four|five|ten) times (?:a|per|each|every) (?:day|week|"
              r"month|shift|hour)|only (?:near|at|in|around|within|when|while|on|close to|by|inside) |"
              r"(?:drops?|dropping|go(?:es)? down|going down|went down|(?:is|are) down|cuts? out|(?:is |are )?out|"
              r"(?:is |are )?offline|disconnects?) for (?:hours|days|weeks|minutes|a while)\b)")
_BAD = (r"(?:can(?:'t|not| not) be (?:relied|counted|depended) (?:on|upon)|(?:isn't|is not|aren't|are not) "
        r"(?:reliable|dependable)|patchy|spotty|flaky|unreliable|poor|weak|bad|intermittent|unstable|limited|sporadic|"
        r"hit[- ](?:and|or)"
        r"[- ]miss|iffy|shaky|inconsistent|dodgy|terrible|awful|not (?:great|good|reliable|stable|guaranteed|always "
        r"(?:there|available|on|up)))")
_NET_BAD = (
    rf"(?:loses?|losing|lost|drops?|dropping) (?:the |its |our |their |all )?{_NET}\b|"
    rf"{_BAD} (?:\w+ ){{0,2}}?{_NET}|{_NET}s? (?:[\w'-]+ ){{0,3}}?(?:is|are|can be|gets?|being|tends to be|is often|"
    rf"is sometimes|is pretty|is really|is very|is quite|is super)? ?{_BAD}|"
    rf"out of (?:coverage|range|signal|reception)|dead ?zones?|(?:no|zero|without) (?:signal|coverage|reception) "
    rf"(?:for|in|at(?! all)|during|when|on|most|half|some)|{_NET}s? (?:[\w'-]+ ){{0,4}}?{_PART_TIME}|"
    rf"otherwise (?:offline|disconnected|(?:no|without) (?:signal|internet|network|connection|coverage))|"
    rf"{_NET},? (?:\w+ ){{0,3}}?(?:(?:only )?(?:for )?(?:a few|some|several|two|three|[0-9]+) (?:hours?|minutes?) "
    rf"(?:a|per|each) (?:day|week)|only (?:when|while|at|in) (?:port|dock\w*|base|range|the depot))|"
    rf"(?:works|up|online|connected|available) most of the time|"
    # connected only somewhere or some time: "online only when they're back at the depot", "a network only back at
    # the warehouse"; back after a while: "then it syncs in port", "uploads everything when it docks" (weeks without
    # a network and nothing said of coming back is offline: "no internet at all for weeks at a time")
    rf"(?:online|connected|networked|in range|{_NET}) (?:only|just) (?:when|while|at|in|during|once|back|near)\b|"
    rf"(?:offline|disconnected)(?: and| then|,) (?:\w+ ){{0,2}}?(?:syncs?|catch(?:es)? up|uploads?|reconnects?)\b|"
    rf"syncs? (?:up |back )?later\b|"
    # offline somewhere, connected otherwise: "offline in tunnels and rural areas but usually on 4G"
    rf"offline (?:in|inside|during|while in|when in) (?:the )?(?:tunnels?|dead zones?|rural|remote|basements?|lifts|"
    rf"elevators|transit|some (?:areas|places|spots))\b|offline (?:[\w'-]+ ){{0,5}}?but (?:\w+ )?(?:usually|mostly|"
    rf"normally|otherwise|generally)\b|"
    rf"(?:connect|sync|go online|come online|check in|phone home|upload)\w* (?:\w+ ){{0,2}}?(?:once|twice|"
    rf"(?:a few|a couple "
    rf"of|several|[0-9]+|two|three) times) (?:a|per|each|every) (?:day|week|month|shift)|"
    rf"{_NET}s?,? (?:which|that) (?:\w+ ){{0,3}}?(?:drops?|cuts? out|goes down|fails|disconnects)\b|"
    rf"(?:then|and then|until) (?:it |they |we |everything )?(?:syncs?|uploads?|catch(?:es)? up|reconnects?|re-?syncs?|"
    rf"comes? back online)\b|(?:syncs?|uploads?|catch(?:es)? up|reconnects?)(?: \w+){{0,3}}? (?:in|at|when|once|"
    rf"whenever|back (?:at|in)) (?:port|base|the depot|the yard|dock\w*|range|the office|the station|the warehouse|"
    rf"(?:it|they) docks?|(?:it's|they're|it is|they are) back)\b|comes? (?:and|n|&) goes|only (?:online|connected|"
    rf"syncs?) (?:when|while|at|in|during|once)|reconnect\w*|"
    rf"re-connect\w*|"
    rf"(?:syncs?|uploads?|connects?) (?:\w+ ){{0,2}}?when (?:it|they) can|comes? back online|"
    rf"{_NET}s? (?:\w+ ){{0,4}}?(?:cuts? out|cutting out|drops? out|keeps? dropping|goes down|comes and goes|"
    rf"disconnects?)|"
    rf"(?:often|sometimes|occasionally|frequently|regularly|at times|for hours|for days|periodically)(?: \w+){{0,4}}? "
    rf"(?:no|without|zero|lose|loses|lost|losing) (?:\w+ )?(?:signal|network|internet|connection|connectivity|coverage|"
    rf"reception|wi-?fi)|(?:when|while) (?:docked|in port|back at "
    rf"(?:base|the depot|the office))|"
    # a network that is there but fails: "keep working with the Wi-Fi down", "whenever the uplink drops"
    rf"(?:when|whenever|if|with|while) (?:the |its |our |their )?(?:[\w-]+ )?{_NET}s? (?:is |are |goes |go |gets? )?"
    rf"(?:down|drops?|"
    rf"dropped|out|cuts? out|fails?|lost)\b|"
    # without a network for a while, not for good: "cope without network for minutes at a time", "offline on site
    # most of the day and sync in the evening"
    rf"(?:offline|without (?:any |a )?(?:network|internet|connection|connectivity|signal|wi-?fi|link)|no (?:network|"
    rf"internet|signal|connectivity|wi-?fi|link|comms|communications?|contact|connection|uplink)|out of (?:contact|"
    rf"touch|comms)|go(?:es|ing)? dark) (?:[\w'-]+ ){{0,3}}?(?:for (?:(?:a few|several|some|many|up to|"
    rf"[0-9]+) )?(?:minutes|hours|days)(?: at a time| on end)?|for an? (?:hour|day|while)\b|"
    rf"at times|(?:most|part|some|much) of the (?:day|time|shift|week)|"
    rf"(?:during|between) (?:the )?(?:day|shifts?|visits?|flights?|trips?) and syncs?)"
)

RULES: dict[str, list[Any]] = {  # Rule or StrongRule
    "data_sensitivity": [
        ("data_sensitivity", "public", _PUBLIC, None),
        ("data_sensitivity", "restricted", _RESTRICTED, "internal"),
        ("data_sensitivity", "confidential", _CONFIDENTIAL, "internal"),
        ("data_sensitivity", "internal", _INTERNAL, None),
    ],
    "connectivity": [
        ("connectivity", "intermittent", _NET_BAD, "online", 2),
        ("connectivity", "online", r"^online\b|offline\s{0,2}[:=?-]\s{0,2}(?:no|false|n/a|nope)\b|(?:normal|"
                                   r"regular|ordinary|standard|usual|office|corporate|wired|stable|"
         r"good|fast) (?:[\w-]+ ){0,2}?(?:wi-?fi|internet|network(?:ing)?|broadband|ethernet|lan|fib(?:re|er))\b|"
         r"always[- ](?:online|connected)|(?:internet|connectivity|network) is always "
         r"(?:available|on|up)|\breliable (?:internet|connectivity)|"
         r"always (?:on|connected to) (?:the |our |a |their )?(?:[\w-]+ ){0,2}?(?:network|lan|wi-?fi|internet|vpn|"
         r"intranet)\b|permanent(?:ly)? (?:connected|online|connection|link|uplink)|(?:connected|online) (?:24/7|"
         r"around the clock|round the clock|all the time|permanently|at all times)|(?:stays?|remains?) (?:connected|"
         r"online)\b[^.;!?]{0,40}?(?:around the clock|round the clock|24/7|all the time|at all times)|"
         r"(?:starlink|satellite|link|uplink|internet|connectivity|network|wi-?fi|connection|fib(?:re|er)|4g|5g|lte)"
         r"(?: \w+){0,2}?,? (?:is |'s |are )?(?:pretty|very|quite|fairly|really|super|totally) (?:reliable|solid|"
         r"stable)\b"
         r"(?! (?:enough )?for)|cloud[- ]connected|(?:has|have|with) (?:good|fast|solid|decent|reliable|"
         r"great) (?:internet|connectivity|"
         r"fib(?:re|er)|broadband)|(?:have|has) fib(?:re|er)|needs? (?:the )?internet anyway|"
         r"(?:internet|connectivity|network|wi-?fi|connection)(?: (?:in|at) (?:the |our )?\w+)? (?:is |'s )?"
         r"(?:reliable|good|solid|fine|stable|ok|okay|decent|great)\b(?! (?:enough )?for (?!now\b)\w)|"
         r"(?:good|decent|solid|reliable|stable|fast|great|excellent|dedicated|"
         r"redundant) (?:[\w-]+ ){0,2}?(?:leased line|fib(?:re|er)|broadband|internet|connectivity|connection|"
         r"uplink|link|wi-?fi|lte|4g|5g|ethernet)\b|(?:link|line|internet|connection|connectivity|network(?:ing)?|"
         r"uplink|lan)s?(?: |,\s|\s[-—–]\s)(?:is |are |'s )?always (?:up|on|available|there)\b|"
         r"always[- ]on (?:internet|connection|link|network|"
         r"connectivity|fib(?:re|er)|broadband|uplink|wi-?fi|backhaul)|"
         r"(?:backhaul|internet|connectivity|network|wi-?fi|connection|link|uplink|fib(?:re|er)|line)s? "
         r"(?:is |are |'s )?(?:rock[- ]solid|bullet-?proof|excellent|never (?:goes )?down)|"
         r"(?:connectivity|internet|network|connection|bandwidth)(?: \w+)? (?:is(?:n't| not)|isnt|are(?:n't| not)) "
         r"(?:a |an )?(?:real |big )?(?:concern|issue|problem|worry|constraint)", None, 2),
        ("connectivity", "intermittent", r"intermittent(?:ly)?(?: connect\w*| internet| network)?|"
         r"(?:starlink|satellite|vsat)(?: \w+){0,2} most of the time|most of the time (?:via|over|with) "
         r"(?:starlink|satellite)|"
         r"spotty (?:internet|connection|connectivity|network)|patchy (?:internet|connection|connectivity)|"
         r"unreliable (?:internet|connection|connectivity|network)|occasionally (?:connected|online)|"
         r"(?:often|sometimes|occasionally|frequently|regularly) (?:offline|disconnected)|"
         r"low[- ]bandwidth|(?:patchy|spotty|flaky|unreliable|poor|weak) (?:\w+ ){0,2}?(?:coverage|connection|"
         r"connectivity|internet|network|signal|wi-?fi|link|reception)|"
         r"connection (?:drops|is flaky|cuts out)|(?:drops|loses|lose) (?:the )?(?:connection|connectivity|signal)|"
         r"cellular (?:connection|link|network)|(?:link|network|connection|wi-?fi|internet|signal|uplink)s? "
         r"(?:\w+ ){0,6}?(?:drops?|is flaky|is spotty|cuts out|comes and goes|goes down)|comes and goes|"
         r"(?:loses?|losing|lost|drops?|dropping) (?:the |its |our |their )?(?:internet|network|wi-?fi|connection|"
         r"connectivity|signal|link|uplink)(?: (?:connection|access))? (?:\w+ ){0,2}?(?:a few times|sometimes|"
         r"often|regularly|occasionally|frequently|now and then|from time to time|every|several times|daily|"
         r"weekly|all the time|a lot|when|whenever|during|in)|"
         r"(?:only )?syncs? (?:when|at|once)|(?:connectivity|internet|network|connection|signal) (?:is )?"
         r"(?:not|isn't|never) (?:guaranteed|reliable|always available|stable)|offline most of|"
         r"no network in (?:many|some|most) places|"
         r"(?:when|if) (?:the )?(?:network|internet|connection|link) (?:drops|goes down|is down)", "online", 2),
        ("connectivity", "offline", r"air[- ]?gapped|(?:no|zero|without) (?:internet|outbound|outside network|"
         r"external network) access|"
         rf"{_NET}s? (?:\w+ ){{0,2}}?(?:has|have|with|gets?) no (?:outside|external|outbound|public) (?:access|"
         r"connection|connectivity|link)|no (?:route|path|access|connection|link) (?:to|into) the "
         r"(?:public )?"
         r"(?:internet|outside world)|(?:closed|isolated|segregated) network\b(?! (?:link|connection))|"
         r"no (?:outside |external |public )?internet|zero internet|"
         r"no (?:outside |external |public |wan |internet |network )?(?:network|connectivity|uplink|wan|"
         r"connection)(?: access| "
         r"connection| link)?(?! in (?:many|some|most))\b|beyond (?:radio |network |signal |wi-?fi )?range|"
         r"(?:can't|cannot|can not|must not|mustn't|never|won't|will not|not allowed to|may not) (?:ever )?"
         r"(?:touch|reach|access|see|connect to|talk to|call out to|phone home to|rely on|depend on|assume) "
         r"(?:the |any |an )?(?:internet|network|outside world|cloud|connection|connectivity)|fully offline|"
         r"no wi-?fi|"
         r"offline(?! (?:batch|processing|jobs?|evaluation|analysis|workloads?))|"
         r"without internet|no network (?:access|connection)|without (?:any )?(?:connection|connectivity|network|"
         r"internet)|"
         r"disconnected|no connectivity|without connectivity|(?:isolated|cut off|walled off|firewalled off|separated|"
         r"segregated|air-?gapped) from (?:the )?(?:internet|outside world|"
         r"public network|corporate network|wan)|(?:never|won't ever|will never) (?:be )?(?:online|connected)\b|"
         r"(?:no|zero|without) (?:any )?(?:signal|coverage|"
         r"reception)(?: (?:at all|whatsoever|anywhere))?(?! (?:for|in|at|during|when|on|most|half|some)\b)",
         "online", 2),
        ("connectivity", "offline", r"(?:on|aboard|on board) (?:our )?(?:ships?|vessels?|submarines?|aircraft|planes?|"
         r"rigs?)\b|at sea|aircraft|in[- ]flight|submarines?|oil rigs?|remote (?:field|sites?|mines?)|"
         r"offshore|trawlers?|(?:in|out in) the field|edge devices|field (?:operations|deployments?)|spacecraft|"
         r"drones?|uavs?|"
         r"unmanned|satellite (?:link|"
         r"internet|uplink)", None, 0),
    ],
    "fine_tuned": [
        ("fine_tuned", False, r"off[- ]the[- ]shelf (?:model )?is (?:fine|enough|ok)|base model is (?:fine|enough)|"
         r"prompting is enough|(?:no|without) (?:custom|fine[- ]?tuned) weights|stock weights|"
         r"stock (?:\w+ )?(?:model|weights|checkpoint)|(?:no|without) (?:custom |own |extra |additional )?"
         r"(?:training|fine[- ]?tuning|retraining)|(?:as[- ]is|vanilla|out[- ]of[- ]the[- ]box|off[- ]the[- ]shelf) "
         r"(?:\w+ )?(?:model|weights|checkpoint)s?|"
         r"(?:might|may|could|will|would) fine[- ]?tune (?:\w+ ){0,2}later|fine[- ]?tun\w* (?:route|later|"
         r"someday|eventually)|not there yet|(?:for now|today) (?:a|the|we use a) base|"
         r"base (?:instruct )?model (?:is what|as is|would do)", None),
        ("fine_tuned", True, r"q?lora|fine[- ]?tun\w*|custom (?:adapters?|weights|model)|our own weights|"
         r"trained (?:our own|a custom)|domain[- ]adapted|peft", False),
    ],
    "rapid_iteration": [
        ("rapid_iteration", False, r"reproducib\w*|same (?:model|weights|version|checkpoint) (?:for|throughout|across) "
         r"(?:the )?(?:whole|entire|full|next|life|lifetime)|(?:can't|cannot|can not|won't|"
         r"couldn't) (?:\w+ )?(?:change|switch|swap|update|"
         r"upgrade|replace) (?:it|the model|models|anything|them) (?:without|before|unless)|recertif\w*|"
         r"re-?validat\w*|stable (?:is|model is|version is|would be) (?:better|fine|ok|enough|preferred|what we want)|"
         r"frozen (?:model|version|weights|checkpoint)|(?:model|version|weight)s? (?:is |are |must be |stays? |"
         r"has to be |have to be |get |kept )?"
         r"(?:frozen|pinned|locked)|pinned (?:model|version)|prefer (?:stability|stable|a stable)|"
         r"stability (?:over|>|matters more|is more important|beats)|"
         r"(?:re-?evaluat|switch|chang|updat|upgrad|swap|revisit|review)\w* (?:\w+ ){0,3}?(?:once|twice) (?:a|per) "
         r"year|(?:once|twice) a year at most|(?:rarely|"
         r"never|seldom|hardly ever|won't often|don't often) (?:change|switch|"
         r"swap|upgrade|update|move)\w*\b|(?:keep|stick with|stay on|stay with|freeze|pin|"
         r"lock)\w* (?:\w+ ){0,3}?(?:for )?the (?:life|lifetime|duration|"
         r"length|whole|entire|rest) of|(?:keep|stick with|stay on|stay with|freeze|pin|lock)\w* (?:\w+ ){0,3}?"
         r"(?:for )?(?:at least |a good |the next )?(?:a|one|two|three|several|many|[0-9]+) (?:years?|months?)|"
         r"stable model is (?:fine|ok|enough)|(?:rarely|never|seldom) (?:change|switch|"
         r"swap|upgrade) models?|pin(?:ned)? (?:a|one|the) model|same model for (?:a year|months|years)|"
         r"(?:don't|do not|dont) need the (?:newest|latest)|freeze (?:it|the model|models)|freez\w* (?:the |"
         r"our )?(?:model )?(?:versions?|weights|checkpoints?)\b|"
         r"(?:no|not) chasing (?:new |the latest )?(?:releases|models|versions)|"
         r"(?:won't|will not|don't|do not|never) (?:be )?(?:chang|swap|switch|upgrad)\w* (?:the |our )?models?|"
         r"new (?:releases|models|versions) (?:don't|do not) matter|keep(?:ing)? (?:using )?the same (?:model|"
         r"version|weights|"
         r"checkpoint)\b|(?:stay|staying|stick|sticking|keep|keeping) "
         r"(?:on|with) (?:one|the same|a single) model|no new versions|keep (?:it|the model|them) "
         r"(?:for )?(?:at least )?[0-9]+ (?:years?|months?)|for a long time|any ?time soon|"
         r"(?:stay|stick|keep) (?:on|with) (?:whatever|what|whichever|the one)(?: model| version| one)? we (?:first )?"
         r"(?:pick|choose|deploy|validate|select|ship)\w*|"
         r"model churn is (?:a |an )?(?:real |big )?(?:concern|problem|issue|risk)|"
         r"(?:can't|cannot|can not) re-?validate|re-certif\w*|"
         r"(?:model|version|weights|checkpoint)s? (?:must|has to|"
         r"have to|should|needs? to|will) (?:stay|remain|be kept) (?:fixed|frozen|unchanged|constant|stable)\b|"
         r"(?:keep|stick|stay)\w* (?:using |with |on )?(?:\w+ ){0,3}?\w+,? for (?:years|many months|"
         r"a long (?:time|while)|the long (?:haul|term))\b|pin(?:s|ned|ning)? (?:the |our |all |"
         r"exact )?(?:model )?(?:versions?|weights|"
         r"checkpoints?|models?)\b|(?:versions?|weights|checkpoints?) (?:get |are |is |stay |stays |must be |will be )?"
         r"(?:pinned|frozen|locked)\b|lock(?:s|ed|ing)? (?:the |our |model )?(?:versions?|weights|checkpoints?)\b|"
         r"(?:no|not|without) (?:rapid|frequent|constant|regular|quick|fast|continuous) (?:upgrades|updates|model "
         r"(?:changes|swaps|updates)|switching|changes|churn)\b|(?:model|version|weights|checkpoint)s? (?:must|"
         r"has to|have to|should|"
         r"needs? to|will|would) (?:stay|remain|be kept) (?:the )?same|no (?:model )?updates\b", None),
        ("rapid_iteration", True, r"every time (?:\w+ ){0,4}?(?:puts?|releases?|ships?|drops?|comes?|launch\w*) "
         r"(?:out )?(?:something|anything|a|one)? ?(?:new|newer|better)|every time (?:a |something )?(?:new|better) "
         r"(?:\w+ )?(?:comes? out|drops?|ships?|is released|lands?)|(?:cares? about|keen on|excited about|"
         r"interested in) "
         r"(?:having |using |running |being on )?(?:the )?(?:newest|latest|new releases|new models)|(?:always|"
         r"ideally) (?:be |stay |run |use |want |need )?(?:on|using|running) "
         r"(?:the )?(?:latest|newest)\b|(?:switch|swap|change|upgrade|update|push|roll out|deploy|ship|try|move|"
         r"rotate)\w* (?:\w+ ){0,4}?(?:models?|checkpoints?|versions?|weights|llms?|releases?) (?:\w+ ){0,3}?(?:every "
         r"(?:few |couple of |other |single )?(?:weeks?|days?|months?|sprints?)|(?:very )?(?:often|frequently|"
         r"regularly|"
         r"constantly|all the time))|(?:upgrade|switch|swap|move|jump|bring|rotate)\w* (?:in |"
         r"to )?(?:\w+ ){0,3}?whenever (?:something|anything|a|one|"
         r"they(?:'re| are)?|it(?:'s| is)?|\w+ (?:is|are)) (?:\w+ )?(?:better|newer|new|released|out)|"
         r"(?:jump|hop|move|switch|upgrade|migrate|get|be|stay|keep|chase|chasing)\w* "
         r"(?:on |to |onto |up with |with )?(?:the |each |every |whatever |any )?(?:newest|latest|new|next|freshest|"
         r"shiny new) (?:[\w.-]+ )?(?:releases?|models?|versions?|checkpoints?|llms?|weights|thing)\b|"
         r"(?:always|need|want)\w* (?:on |to use |to be on |to have )?the (?:newest|latest) "
         r"(?:[\w.-]+ )?models?|always (?:want|need|use|run|be on) the (?:newest|latest)\b|"
         r"(?:upgrade|switch|swap|move|jump)\w* (?:\w+ ){0,2}whenever (?:something|anything|a|one) "
         r"(?:better|newer|new)|"
         r"(?:switch|swap|change|upgrade|try)\w* (?:models? )?every (?:few |couple of |other )?"
         r"(?:weeks?|days?|months?)|"
         r"(?:switch|swap|change|upgrade)\w* models? (?:often|frequently|constantly|all the time)|"
         r"cutting[- ]edge models?|(?:evaluat|test|try|benchmark|adopt)\w* (?:each|every) (?:major |new |"
         r"big )?(?:model |"
         r"open[- ]weights? )?(?:release|model|version)s?\b|(?:stay|staying|keep|keeping) (?:current|up to date|"
         r"up-to-date) with (?:the )?"
         r"(?:newest|latest|new)\b|chas(?:e|es|ing) (?:the )?(?:sota|state[- ]of[- ]the[- ]art|leaderboards?)\b|"
         r"latest and greatest|bleeding[- ]edge|every new (?:open )?(?:model|release)|"
         # "chasing releases" (denied after: "chasing releases isn't worth it" → False); "users expect whatever's
         # newest", "we want the latest, always"
         r"chas(?:e|es|ing) (?:new |the latest |every |each )?(?:releases|models|versions)\b|"
         r"(?:expect|want|need|demand|insist on|ask for)\w* (?:\w+ )?(?:whatever(?:'s| is)|the) (?:newest|latest)"
         r"(?=\s{0,2}(?:[,.;!)\n]|$)|\s(?:one|thing|models?|releases?|versions?|llms?)\b)|"
         r"(?:upgrade|switch|swap|move|jump)\w* (?:to the new )?(?:models? )?(?:whenever|as soon as|the day) "
         r"(?:\w+ ){0,3}(?:ships?|releases?|launch\w*|comes? out|drops?)|within days of (?:release|launch)|"
         r"keep up with (?:new|the latest|every)|(?:as soon as|the (?:week|day)|when|once|whenever) (?:it|"
         r"they) (?:lands?|drops?|"
         r"ships?|comes? out|is out|are out|gets? released)|moves? too fast|each new model|"
         r"(?:whatever|whichever|each|every|any) (?:new|newer|latest|newest|better) (?:\w+ ){0,2}?(?:models?|"
         r"releases?|versions?|checkpoints?|llms?) (?:that )?(?:comes? out|drops?|ships?|lands?|appears?|"
         r"is released|gets released)|(?:swap|switch|move|upgrade|jump|migrate)\w* to (?:whatever|whichever) "
         r"(?:is )?(?:new|newest|latest|best)", False),
    ],
    "capability": [
        ("capability", "frontier", r"top[- ](?:tier|notch|end) (?:quality|models?|reasoning|llms?)|best[- ]in[- ]class|"
         r"highest (?:possible )?quality|frontier|state[- ]of[- ]the[- ]art|\bsota\b|"
         r"(?:gpt-?4(?:o|\.1)?|gpt-?5|o1|o3|claude(?: 3(?:\.5)?)?(?: opus)?|opus|gemini(?: ultra| pro)?)[- ]?"
         r"(?:class|level|quality|grade|tier|calibre|caliber)|best (?:possible|available) model|"
         r"best (?:\w+ )?(?:model|reasoning|quality|llm)s? (?:available|there is|money can buy|on the market|"
         r"out there)|"
         r"(?:as (?:good|smart|capable|strong) as|on par with|match(?:es|ing)?|comparable to|equivalent to) "
         r"(?:the )?(?:gpt-?4|gpt-?5|claude|opus|gemini|o3)|top closed models?|"
         r"(?:model )?like (?:the )?(?:claude )?opus|(?:very )?(?:clever|smart|strongest|best) (?:closed )?models?|"
         r"(?:smartest|most capable|most powerful|strongest|best) (?:\w+ )?models? (?:we can|there is|available|"
         r"money can)|"
         r"nothing else (?:could|can|would) (?:do|handle|manage|cope)|only (?:the )?(?:top|best|frontier|biggest) "
         r"(?:closed )?models?|nothing open(?:[- ](?:source|weights?))? (?:\w+ ){0,2}?(?:comes? close|match\w*|"
         r"is as good|compares|"
         r"competes|beats|cuts it)|(?:can't|cannot|can not) go below (?:that|this|the current) (?:tier|level|quality)",
         "mid", 2),
        ("capability", "small", r"(?:gpt-?4o[- ]mini|gpt-?4\.1[- ]mini|gpt-?5[- ]mini|haiku|gemini(?: 2\.5)? flash)"
         r"[- ]?(?:class|level|quality|grade|tier)|"
         r"(?:a |the )?(?:small|tiny|little|lightweight|compact) (?:local )?(?:model|llm) (?:is|would be|will be|"
         r"should be|could) (?!not\b)(?:\w+ )?"
         r"(?:fine|enough|ok|sufficient|do|plenty)|small model territory|tiny models? (?:nail|handle|do)|"
         r"(?:simple|easy|basic) (?:tasks|classification) only|"
         r"(?<![0-9.])[1-9](?:\.[0-9])?b[- ]class model (?:does|is|would)|"
         r"(?:only|just|mostly) (?:need |needs |do |doing |for )?(?:sentiment|classification|classify\w*|"
         r"entity extraction|(?:data )?extraction|tagging|routing|intent detection)", None, 2),
        ("capability", "mid", r"mid[- ](?:tier|size|sized|range) (?:open )?model|good enough open model|"
         r"[0-9]{2,3}b(?:-ish|[- ]class|[- ]level)(?: model)?(?: quality)?|"
         r"(?:\w+ )?quality is (?:the bar|fine|enough|ok)|fine quality[- ]wise|(?:that|this) quality is enough|"
         r"quality of [\w.-]+(?: [\w.-]+)? is fine", None, 2),
        ("capability", "small", r"reformat\w*|formatting|spell[- ]?check\w*|grammar (?:fixes|checks?)|"
         r"(?:yes/no|yes or no|binary|true/false) (?:questions|answers|decisions|classification)|"
         r"(?:don't|do not|doesn't|does not) need (?:any |much )?(?:fancy|complex|advanced|deep|strong|heavy|real) "
         r"reasoning|triage|(?<!data )(?<!information )(?<!security )classif(?!ied\b)\w*|classified (?=into|as|by)|"
         r"extraction|routing|tagging|"
         r"sentiment|intent detection|"
         r"spam|banter|categori[sz]\w*|(?:sort|bucket|group|file|split)\w* (?:[\w-]+ ){0,3}?into (?:[0-9]+ |a few |"
         r"several |some )?(?:categories|buckets|classes|groups|types|labels|topics)|(?:answer\w* |simple |"
         r"basic )faqs?\b|faqs? (?:questions|answers|lookups)|(?:simple|easy|basic|short) (?:[\w/-]+ )?(?:questions|"
         r"queries|lookups|answers)|\blabel(?:s|l?ing)?\b|\blabell?ed (?=as|into|by|with)|chit-?chat|small talk|"
         r"autocomplet\w*", None, 1),
        ("capability", "frontier", r"complex (?:multi-?step )?reasoning|multi-?step (?:reasoning|\w+ing|refactor\w*|"
         r"plans?|tasks?|workflows?|problems?)|(?:hard|advanced|deep) reasoning|agentic|"
         r"(?:coding|autonomous|ai) agents?|"
         r"(?:really|very|super|extremely|genuinely|truly) (?:smart|clever|capable|intelligent|strong) (?:model|llm)?|"
         r"(?:hard|tricky|complex|difficult) (?:legal |medical |math\w* |code |coding )?(?:analysis|problems|questions|"
         r"reasoning)", None, 1),
        # "summary" as the message's own label ("Bullet summary for the bot:", "Emoji summary 😅:") is no task
        ("capability", "mid", r"summar(?:ies|i[sz]\w*)|(?<!bullet )(?<!emoji )(?<!quick )(?<!short )(?<!brief )"
         r"(?<!tl;dr )(?<!tldr )(?<!\bin )summary(?!\s*(?:from|:|for (?:the |this |our )?(?:bot|you)|of (?:our|my|the) "
         r"(?:rfc|doc\w*|plan\w*|setup|situation|requirements|needs|workload|usage)))|\brag\b|retrieval|q&a over|"
         r"question answering|long rag context", None, 1),
    ],
    "latency_ms": [
        ("latency_ms", None, r"latency (?:doesn't|does not|dont|don't) matter|(?:not|isn't|is not) latency[- ]"
         r"(?:sensitive|critical|bound)|batch (?:jobs?|processing|mode|workloads?)|overnight|asynchronous|"
         r"offline batch|(?:don't|do not|dont) care about latency|latency is(?: not|n't) (?:a concern|critical|"
         r"an issue|important)", None),
        ("latency_ms", 500.0, r"(?:under|within|below|in) half a second", None),
        ("latency_ms", 1000.0, r"(?:under|within|below|in|less than) (?:a|one|1) second|sub[- ]?second", None),
        ("latency_ms", 100.0, r"\bvoice\b(?! ?(?:notes?|memos?|messages?|mails?|recordings?|transcripts?))|"
         r"speech[- ]to[- ]speech|phone calls?", None),
        ("latency_ms", 300.0, r"real[- ]?time|instant(?:aneous)? (?:responses?|answers?)|low[- ]latency", None),
    ],
}

# Output share keywords (fraction of tokens generated).
OUTPUT_SHARE_WORDS: list[tuple[float, str]] = [
    (0.1, r"mostly (?:input|prompts?)|most of (?:it|the tokens) (?:is|are) (?:input|prompts?)|"
          r"input[- ]heavy|short (?:answers|responses|replies|outputs|completions)|"
          r"(?:yes/no|one[- ]word|label) (?:answers|outputs|classifications|labels)|"
          r"long (?:documents|prompts|contexts?) in|"
          r"output is (?:short|small|tiny|a label|one word)"),
    (0.6, r"mostly output|output[- ]heavy|long (?:answers|responses|outputs|generations)|long[- ]form (?:generation|"
          r"writing|content|answers)"),
]
OUTPUT_WORDS = r"output|generated|generation|completion|response|answer|repl(?:y|ies)|bot's"
INPUT_WORDS = r"input|prompt|context"
SIMPLE_WORDS = (r"simple|classif\w*|routing|extraction|easy|trivial|small (?:local )?model|faq|boilerplate|"
                r"tagging|triage|intent detection|sentiment")

# Interrogatives that start a concept question; cues that ask for a recommendation.
CONCEPT_START = (
    r"^(?:what(?:'s| is| are| does)?|whats|why|how (?:does|do|much|many|is|are)|explain|define|"
    r"tell me (?:about|what)|when (?:should|is|does|do)|which|is it true|what's the difference|difference between)\b"
)
RECOMMEND_WEAK = (
    r"\b(?:should (?:we|i|our team)|do we need|can we|could we|would it make sense|is it worth|worth it|"
    r"does it make sense|makes? sense to)\b|self[- ]?host(?:ing)?\?"
)
RECOMMEND_STRONG = (
    r"\b(?:recommend|recommendation|advice|advise|verdict|help us decide|for us|evaluate our|"
    r"our (?:workload|usage|team|setup|case|situation))\b"
)
SMALLTALK = (
    r"^(?:hi|hello|hey|yo|thanks|thank you|thx|cheers|good (?:morning|afternoon|evening)|how are you|"
    r"ok(?:ay)?|cool|great|nice|bye|goodbye|ping)\b[\s!.?,:)]*(?:there|bot|team|all|everyone|again|a lot|"
    r"so much)?[\s!.?,:)]*$"
)
CORRECTION = (
    r"\b(?:actually|correction|sorry|wait|oops|i meant|we meant|scratch that|make (?:that|it)|update(?=\s{0,4}:)|"
    r"rather|to correct|"
    r"i was wrong|my mistake|my bad|instead)\b"
)

# API providers named without a model: the default API model to assume (tried in order against the catalog).
PROVIDER_DEFAULTS: dict[str, tuple[str, ...]] = {
    r"openai|chatgpt|azure openai": ("gpt-4o", "GPT-4o"),
    r"anthropic|claude": ("claude-sonnet-4", "claude-3.5-sonnet", "Claude Sonnet", "claude-3-5-sonnet"),
    r"google|gemini|vertex": ("gemini-2.5-pro", "gemini-1.5-pro", "Gemini Pro"),
    r"mistral api|la plateforme": ("mistral-large", "Mistral Large"),
}
# Mixture-of-experts size names that identify one family on their own ("8x7B" is Mixtral).
MOE_NAMES = {"8x7b": "Mixtral 8x7B", "8x22b": "Mixtral 8x22B"}
# API model names, when no catalog is given (kept as raw text).
API_NAME = (
    r"\b(?:gpt-?(?:3\.5|4(?:\.1|\.5)?|5)(?:o)?(?:[- ]?(?:turbo|mini|nano))?|gpt-?4o(?:[- ]?mini)?|"
    r"o[134](?:-mini|-pro)?|"
    r"claude(?:[- ](?:3(?:\.[57])?|4(?:\.[15])?))?[- ](?:opus|sonnet|haiku)(?:[- ][34](?:\.[0-9])?)?|"
    r"gemini[- ](?:1\.5|2\.0|2\.5|2)[- ](?:pro|flash)(?:[- ]lite)?|mistral[- ]large|command[- ]r\+?)(?![\w.])"
)
QUANT_NAME = (
    r"(?<![\w])(?:i?q[2-8]_(?:k_(?:xl|[sml])|k|[01]|xxs|xs|nl|s|m)|q[2-8](?![\w])|fp(?:4|8|16|32)|bf16|"
    r"int[48]|w4a16|w8a8|awq|gptq|exl2|nf4|mxfp4|[2-8][- ]?bits?)(?![\w])"
)
# Words that are never a catalog name on their own even if a catalog alias says so.
NAME_STOPWORDS = {"phi", "pii", "a", "an", "the", "we", "it", "is", "on", "in", "of", "to", "for", "and", "or",
                  "max", "pro", "ultra", "mini", "large", "small", "base", "chat", "instruct", "s", "m", "b"}
# Counting words before a device name ("four A100s").
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair of": 2, "couple of": 2, "three": 3,
               "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
               "sixteen": 16, "dozen": 12, "thirty-two": 32, "sixty-four": 64}
