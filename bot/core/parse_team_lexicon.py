"""Phrase tables for who the team is and where its data and models may go (read by bot/core/parse_team.py).

Decisions:
- A region lock ("must stay in the EU", "UK-only data", "US regions only") gives ``data_region`` and, as the
  least strict reading that respects it, ``data_sensitivity: confidential``; it is ``restricted`` only when
  the data must not leave the team's own servers, data centre, building or cloud account.
- Data types that are usually restricted (PHI, patient records, NDA code) are read as ``confidential`` when
  the message says a cloud is fine for them ("PHI may go to AWS under our BAA", "Azure under our DPA is OK").
- Skills: running model serving (vLLM, TGI, Triton, GPU inference) is ``mlops``; running general
  infrastructure (Kubernetes, Docker, Terraform, servers) without model serving is ``basic``; saying nobody
  runs infrastructure (or only notebooks / app code) is ``none``.
"""

from __future__ import annotations

# "our own EU data centres", "our own accredited kit", "the hospital servers", "company infrastructure": up to two
# describing words between the owner and the place, none of them a cloud or a vendor.
_QUALIFIER = (r"(?:(?!(?:cloud|vendor|provider|third|external|public|hosted|aws|azure|gcp|google|openai)\b)"
              r"[\w-]+ \(?){0,2}?")  # "our own Rechenzentrum (data centre)": a word glossed in brackets
OWN_PHYSICAL = (r"(?:our|the|their|its|company|the company's|(?:the )?(?:hospital|clinic|bank|firm|ministry|council|"
                r"university|school|agency|practice|office|company)(?:'s)?)(?: \w+'s)? (?:own )?" + _QUALIFIER +
                r"(?:servers?|hardware|data ?cent(?:er|re)s?|datacenters?|dcs?\b|"
                r"premises|building|walls|racks?|network|hospital network|kit|metal|gear|tin|iron|boxes|basement|"
                r"server room|site|boat|ship|"
                r"vessel|device|machines?|cages?|on-?prem\w*|facility|facilities|office|four walls|"
                r"infrastructure|infra|colo|colocation|estate|environment|enclave)\b")
OWN_CLOUD = (r"(?:our|the|their) (?:own )?(?:aws |gcp |azure |google cloud |cloud )?(?:vpc|account|cloud account|"
             r"aws account|gcp project|project|subscription|tenant|tenancy)")
LEAVE = (r"(?:can't|cannot|can ?not|must not|mustn't|may not|never|not allowed to|won't|will not|shall not|"
         r"does not|doesn't|do not|don't|"
         r"should not|shouldn't|(?:must|has to|have to|needs? to) never|is not to|are not to) (?:ever )?"
         r"(?:leaves?|go (?:outside(?: of| from)?|out of|out from|beyond|off)|be sent (?:outside(?: of| from)?|"
         r"out of|off)|exit|cross)")
HOSTED_ON = (r"(?:need|needs|has to be|have to be|must be|should be|will be|would be|want)(?: it| them| this)? "
             r"(?:hosted|run|kept|processed|stored|deployed) (?:on|in|inside|within) ")
STAY = (r"(?:must|has to|have to|needs? to|should|will|shall)? ?(?:stays?|remains?|be kept|be stored|be processed|"
        r"be hosted|lives?|resides?|reside) (?:in|on|inside|within|at)")

# Data that must not leave the team's own infrastructure: restricted (strength 2 beats any cloud-is-fine).
STRICT = [
    (rf"{LEAVE} {OWN_PHYSICAL}", "on_prem"),
    (rf"{STAY} {OWN_PHYSICAL}", "on_prem"),
    (rf"{HOSTED_ON}{OWN_PHYSICAL}", "on_prem"),
    # "so it would have to be our own kit", "it has to be on our own servers": the place itself is the requirement
    (rf"(?:it|this|that|they|everything|the model|inference) (?:would |will )?(?:has|have|needs?) to be (?:on |in "
     rf"|inside )?{OWN_PHYSICAL}", "on_prem"),
    (rf"{STAY} [^.;,]{{1,30}}, (?:and |but |i\.e\. )?(?:on|in|inside|within) {OWN_PHYSICAL}", "on_prem"),
    # "must stay in the EU on our own servers", "in Canada and inside our own data centres": a place, then where in it
    (rf"{STAY} (?:the )?[\w-]+(?: [\w-]+)? (?:and |but |i\.e\. )?(?:also )?(?:on|in|inside|within) {OWN_PHYSICAL}",
     "on_prem"),
    (rf"{LEAVE} {OWN_CLOUD}", "own_cloud"),
    (rf"(?:stays?|remains?|kept) (?:inside|within|in) {OWN_CLOUD}", "own_cloud"),
    (r"nothing(?: [\w-]+){0,2}? (?:can |may |is allowed to |should |ever )?(?:leaves?|go(?:es)? (?:out(?:side)?|off)|"
     r"be sent (?:out(?:side)?|off|beyond))"
     r"(?: (?:the|our) \w+(?: \w+)?)?", "on_prem"),
    (r"nothing (?:goes|can go|may go|is sent) to (?:any|a|the) (?:public )?cloud|"
     r"no (?:public )?cloud (?:at all|allowed|whatsoever)|"
     # "no cloud for player messages", "no SaaS for patient notes": the data named may not go to one
     r"no (?:public |third[- ]party )?(?:cloud|saas|external apis?|hosted apis?) (?:for|with) (?:our |the |any )?"
     r"(?:[\w-]+ ){0,2}?(?:data|messages|records|notes|files|documents|docs|chats|emails|transcripts|code|logs|"
     r"tickets|content|information|info)\b|"
     r"(?:never|not) (?:even )?(?:to )?(?:a|any) (?:baa |public )?cloud|"
     r"(?:can't|cannot|can not|must not|mustn't|may not|not allowed to|won't|never) (?:put|run|host|send|store|"
     r"upload) (?:anything|it|data|this|them|any data|our data)? ?(?:in|on|to|into) (?:the |a |any )?(?:public )?"
     r"cloud", "on_prem"),
    (rf"(?:on|in|at|inside|within) {OWN_PHYSICAL} only\b", "on_prem"),
    (r"on[- ]prem(?:ises)? only|(?:only|strictly|exclusively) on[- ]prem(?:ises)?", "on_prem"),
    (r"(?:stays?|remains?|be kept|kept|be stored|lives?|resides?) (?:on[- ]?prem(?:ise)?s?|in[- ]house)\b", "on_prem"),
    (r"(?:it|they|data|documents|records) (?:can't|cannot|must not|mustn't|may not|never) leave\b(?! (?:the )?"
     r"(?:eu|us|uk|u\.s|usa|country|region|europe|canada|japan|australia|singapore|india|korea|germany|france|"
     r"spain|italy|switzerland|the kingdom|\w+ region))", ""),
    (r"(?:processing|storage|storing|transfer\w*|hosting|sending|use|moving)(?: of)? (?:[\w-]+ ){0,4}?(?:outside|off|"
     r"beyond) (?:of )?(?:our |the |company |company-|org\w*-)?(?:[\w-]+ )?(?:infrastructure|infra|servers|systems|"
     r"premises|data ?cent(?:er|re)s?|network|environment)s? (?:is|are) (?:strictly |expressly )?(?:prohibited|"
     r"forbidden|banned|not (?:allowed|permitted))", "on_prem"),
    (r"classified (?:network|data|material|information)|top[- ]secret|\bscif\b|secret[- ]level", "on_prem"),
]
# A cloud is acceptable for the data (possibly in one region): confidential at most.
CLOUD_OK = (
    r"(?:may|can|could|is allowed to|are allowed to) (?:go|be sent|be processed|run|be hosted) (?:to|on|in|at) "
    r"(?:aws|azure|gcp|google|the cloud|a cloud|cloud|vendors|third part|providers|an? (?:us|eu|uk)|bedrock|"
    r"vertex|openai)|"
    r"(?:under|with|covered by) (?:our |a |an |the )?(?:baa|dpa|contract|agreement|data processing agreement|"
    r"cloud contract)|(?:baa|dpa)s? (?:is |are )?(?:in place|signed)|(?:signed|have|has) (?:a |an |our )?(?:baa|dpa)s? "
    r"(?:with|w/)|"
    r"(?:cloud|clouds|azure|aws|gcp|vendors?|providers?|cloud apis?|apis?|a [\w-]+ cloud|[\w-]+[- ]region cloud|"
    r"cloud there|cloud in [\w-]+)(?: \w+){0,4} (?:is|are|would be) (?:fine|ok|okay|acceptable|allowed|approved|"
    r"permitted|cleared|signed off|whitelisted)|"
    # "the publisher OKs OpenAI", "legal approved Azure": someone with the say allows a provider
    r"(?:oks?|okays?|ok'd|okayed|approves?|approved|allows?|permits?|permitted|cleared|signed off on) (?:the use of |"
    r"use of )?(?:aws|azure|gcp|google|openai|anthropic|bedrock|vertex|the cloud|cloud|(?:cloud |third[- ]party )?"
    r"(?:vendors?|providers?|apis?))\b|"
    r"ok with (?:cloud|vendors|providers)|(?:fine|ok|okay) (?:with|under) (?:a |our |the )?(?:cloud|baa|dpa)|"
    r"in-country cloud|cloud (?:is|would be) (?:fine|ok)|cloud contract"
)
# Cities that name a cloud region ("Bedrock Frankfurt", "our OCI tenancy, Frankfurt"): read only as a cloud's
# place or as a clause of their own, never from where a team is based.
CITIES_EU = r"\b(?:frankfurt|paris|amsterdam|dublin|stockholm|milan|zurich)\b"
# ... and the other regions' (read under the same rule: "the Toronto region", "AWS Mumbai", not "a team in Toronto")
CITIES_CA = r"\b(?:toronto|montreal|montréal)\b"
CITIES_US = r"\b(?:virginia|ohio|oregon|iowa|n\. ?virginia|northern virginia)\b"
CITIES_APAC = r"\b(?:mumbai|seoul|osaka|melbourne|jakarta|hyderabad)\b"
CITIES_UK = r"\b(?:london|cardiff)\b"
CITIES = "|".join((CITIES_EU, CITIES_CA, CITIES_US, CITIES_APAC, CITIES_UK))
# Flags say the region in terse messages ("🇪🇺 data only")
FLAGS_EU = "🇪🇺|🇩🇪|🇫🇷|🇪🇸|🇮🇹|🇳🇱|🇮🇪|🇸🇪|🇫🇮|🇩🇰|🇵🇱|🇵🇹|🇧🇪|🇦🇹|🇨🇭|🇳🇴"
REGIONS = {
    "eu": r"\beu\b|\be\.u\.?|european union|\beurope\b(?!-)|eu[- ]only|\beea\b|eu-(?:central|west(?!-2)|north|south)|"
    "europe-west(?!2)|"
          r"(?:west|north) europe|"
          r"\b(?:switzerland|swiss|norway|iceland|germany|france|spain|italy|netherlands|ireland|belgium|austria|"
          r"sweden|"
          r"finland|denmark|poland|"
          r"portugal|czechia|greece|luxembourg|croatia|slovakia|slovenia|romania|bulgaria|hungary|estonia|latvia|"
          r"lithuania|cyprus|malta)\b|" + CITIES_EU + "|" + FLAGS_EU,
    "uk": CITIES_UK + r"|🇬🇧|🇺🇰|\buk\b|united kingdom|\bbritain\b|\bengland\b|uk[- ]only|uk south|uk west|"
          r"europe-west2|eu-west-2",
    "us": CITIES_US + r"|🇺🇸|\bus\b(?!-)|\bus(?=-(?:hosted|based|only|located)\b)|\bu\.s\.?|\busa\b|"
          r"united states|america\b|"
          r"us[- ]only|us-(?:east|west|gov|central|south)\w*|"
          r"(?:east|west|central|north central|south central) us\b|"
          r"us gov(?:ernment)? regions?|us regions?",
    "ca": CITIES_CA + r"|🇨🇦|\bcanada\b|canadian|ca-central|canada central|\bquebec\b|\bontario\b|"
          r"northamerica-northeast\w*",
    "apac": CITIES_APAC + r"|🇯🇵|🇸🇬|🇦🇺|🇮🇳|🇰🇷|\bjapan\b|\bsingapore\b|\baustralia\b|\bindia\b|\bkorea\b|"
            r"\bapac\b|\b(?:malaysia|thailand|vietnam|philippines|new zealand|china|pakistan|bangladesh|sri lanka)\b|"
            r"asia[- ]pacific|ap-(?:northeast|"
            r"southeast|south|east)\w*|asia-(?:east|northeast|southeast|south)\w*|australia-\w+|"
            r"\btokyo\b|\bsydney\b|\bhong kong\b|\btaiwan\b|\bindonesia\b",
}
# A cloud region code ("eu-west-1", "us-central1", "europe-west4") names where the work runs by itself.
REGION_CODE = (r"[a-z]{2,12}-[a-z]+(?:-[a-z]+)?-?[0-9]{1,2}\b|"
               r"(?:west|north|east|south|central|southeast|northeast) ?(?:europe|us|uk|canada|japan|india|"
               r"australia|asia)(?: ?[0-9])?\b|(?:uk|canada|japan|australia|us) ?(?:south|west|east|central)\b")
# A lock on the region said without naming it ("data has to stay in the region").
REGION_LOCK = (r"\b(?:in the (?:same )?region|residency|(?:data|it) (?:has|have|needs?|must) (?:to )?stay "
               r"(?:in|there))\b")
REGION_CONTEXT = (r"leav\w*|cloud|vendors?|process\w*|stays?|remains?|kept|stored|hosted|residen\w*|reside|only|"
                  # a verb of keeping with its object ("keep it in the US", "hold the transcripts in the UK", "which we
                  # house in the US"), not a noun ("EU + UK stores", "a UK housing association", "a holding company")
                  r"\b(?:keep(?:s|ing)?|hold(?:s|ing)?|hous(?:e|es|ed)|stor(?:e|es|ing)) (?:it|them|this|that|the|all|"
                  r"our|"
                  r"their|data|everything|files|records)\b|\bwe (?:keep|hold|house|store)\b|"
                  r"traffic|servers|workloads?|account|tenancy|tenant|subscription|"
                  r"in-country|"
                  r"regions?|must|"
                  r"leave|outside|"
                  r"sovereign\w*|data|processed|host\w*|locked|confined|based in|go outside|not leave")
# Where things run or data goes, for a region that qualifies its sentence.
WHERE_IT_RUNS = (r"\b(?:clouds?|account|tenancy|tenant|subscription|project|vpc|hosted|hosting|self-?host\w*|servers|"
                 r"traffic|stays?|residen\w*|deploy\w*|runs? (?:in|on)|goes (?:in|to))\b")
ANY_REGION = (r"(?:doesn't|does not|don't|do not) (?:really )?matter where (?:the )?(?:data|it|this|they) (?:is |"
              r"are |gets )?"
              r"(?:processed|stored|hosted|lives?|goes|runs?)|(?:any|whatever) region(?: is| would be)? (?:fine|ok|"
              r"okay)|region (?:doesn't|does not|don't) matter|"
              r"no (?:data )?(?:residency|region(?:al)?|location|geographic) (?:requirements?|constraints?|"
              r"restrictions?)|anywhere is fine|no restrictions? on where|"
              r"(?:can|may) be (?:processed|stored|hosted) anywhere|"
              # where the data may be, said to be anywhere: "data can go anywhere", "it can live anywhere"
              r"(?:data|it|this|everything|they|documents|docs|content|files|inputs?)(?: \w+)? (?:can|may|could) "
              r"(?:go|live|sit|be|reside|run|be (?:stored|hosted|processed|kept))(?: \w+){0,2}? anywhere\b"
              r"(?! (?:in|within|inside)\b)|"
              # a region said to be any: "any cloud region is fine", "whichever region", "Region: any"
              r"(?:any|whichever|whatever) (?!(?:us|u\.s\.|eu|uk|european|american|british|canadian|"
              r"australian|japanese|asian|apac|emea|german|french)\b)(?:[\w-]+ )?regions?\b|"
              r"regions?\s{0,2}[:=]\s{0,2}(?:any|anywhere|whatever|"
              r"n/a|none|no preference)\b|no (?:preference|requirements?|constraints?|restrictions?) "
              r"(?:on|about|for|as to) (?:the )?(?:region|location)|"
              r"(?:in )?any (?:data ?cent(?:er|re)|country|jurisdiction)s? in the world|"
              r"(?:data |server )?(?:location|residency|geography|jurisdiction)s? (?:\w+ )?(?:(?:doesn't|does not|"
              r"don't|"
              r"do not) (?:really )?matter|(?:is|are) (?:irrelevant|not relevant|not a (?:concern|factor|constraint|"
              r"issue)|no (?:concern|issue)))")

HOSTING = {
    # "Cloud is a no-go": where it may run (the data's level is not said: a writer may have other reasons)
    "on_prem": r"(?:the |public |any )?cloud (?:is|'s|would be) (?:a )?(?:no-?go|not an option|out of the question|"
               r"off the table|ruled out|forbidden|not allowed|banned)|on[- ]?prem(?:ises|ise)?\b|(?:on|in|"
               r"at) (?:our|their) (?:own )?premises|"
               r"our (?:own )?(?:data ?cent(?:er|re)s?|datacenters?|racks?|server room|"
               r"cages?|basement|campus cluster)|own racks|colo(?:cated|cation)?\b|server room|under (?:a|my|our) desk|"
               r"on[- ]device|(?:runs?|running|deployed|lives?) (?:on|inside|in|aboard) (?:the |each |our )?"
               r"(?:ship|vessel|device|robot|car|truck|vehicle|drone|kiosk|boat|phone|laptop|edge)\w*|"
               r"(?:on|in) (?:the )?(?:machines|servers|hardware|boxes|gpus|kit|metal) (?:that )?(?:we|they) (?:own|"
               r"control|run|operate|manage)\b|air[- ]?gapped|their own hardware|our own (?:hardware|servers|gpus|"
               r"machines|metal|kit|gear|tin|boxes)|"
               # "Hosting: own hardware only": said as a label or with "only", not in a question ("with own servers?")
               r"(?:(?<=hosting: )|(?<=hosting:)|(?<!their )(?<!our )\b(?=own [\w ]{3,20} only\b))own (?:hardware|"
               r"servers|racks|metal|kit|gpus|machines|boxes|data ?cent\w+|dcs?)\b|"
               r"bare[- ]metal we own|in[- ]house (?:servers|hardware|data ?cent\w+)|hospital network|"
               r"own (?:server room|data ?cent\w+)|campus cluster|private cloud|openstack|"
               r"(?:runs?|run|running|deployed|deploy|lives?)(?: it| this| them)? (?:on|inside|in|aboard) "
               r"(?:the |each |our |their )?(?:\w+ )?(?:laptops?|tablets?|phones?|workstations?|desktops?)\b",
    "own_cloud": r"(?:our|their) (?:own |existing |company |company's |corporate )?(?:aws|gcp|azure|google cloud|cloud|"
                 r"oracle cloud|oci)(?: [\w-]+){0,3} "
                 r"(?:account|project|subscription|tenant|tenancy|vpc|org|organi[sz]ation)s?\b|"
                 r"\bown (?:aws|gcp|azure|google cloud|cloud) (?:acct|account|project|sub|subscription|tenant|vpc)\b|"
                 r"(?:our|their) (?:own )?vpc\b|own cloud account|(?:in|inside|within|under) (?:our|their) own "
                 r"(?:account|tenant|tenancy|subscription)\b|(?:in|inside) our (?:aws|gcp|azure)\b|"
                 r"(?:all (?:of )?)?(?:our|the company's) (?:infra\w*|stack|workloads?|servers?|systems?|apps?) "
                 r"(?:is|are|runs?|lives?|sits?) (?:all |entirely |already )?(?:on|in) "
                 r"(?:aws|gcp|azure|google cloud)\b",
    "any": r"any (?:gpu )?cloud(?! regions?\b)|"
           r"(?:at|from|on|with|by) any (?:[\w-]+ ){0,2}?(?:gpu )?(?:providers?|vendors?|hosts?|neoclouds?|"
           r"gpu clouds?)\b|"
           r"(?:host|run|deploy|put|serve)(?: it| this| them| the model| everything)? anywhere\b(?! (?:in|within|"
           r"inside)\b)|"
           r"(?:rent\w*|leas\w*) (?:\w+ ){0,2}?gpus?(?: \w+)? (?:is|are|would be) (?:\w+ )?(?:fine|ok|okay|"
           r"acceptable)\b|"
           r"(?:don't|do not|dont) (?:really )?(?:mind|care) (?:which|what|whose) (?:gpu )?(?:cloud|provider|host|"
           r"vendor)s?\b|"
           # whichever provider, with what makes it the choice: "we'd rent whatever GPU cloud is cheapest"
           r"(?:whatever|whichever|any) (?:[\w-]+ ){0,2}?(?:clouds?|providers?|hosts?|neoclouds?|vendors?)\b"
           r"[^.;!?]{0,30}?\b(?:cheapest|cheaper|for less|has capacity|have capacity|is available|will do|would do)\b|"
           r"gpu clouds? (?:is|are) (?:fine|ok|okay)|renting (?:on |from )?(?:a )?gpu cloud|"
           r"rent(?:ed)? gpus? (?:is|are) fine|lambda|runpod|coreweave|vast\.ai|together ai|paperspace|tensordock|"
           r"crusoe|nebius|hyperbolic|"
           r"fireworks(?= (?:gpus?|cloud))|together(?= or \w+ gpus?| gpus?)|not picky about where|"
           r"wherever is cheapest|whatever is cheapest|third[- ]party gpu (?:clouds?|providers?)|gpu (?:cloud|"
           r"providers?) (?:is|are|would be) (?:fine|ok)|anywhere is fine|"
           r"(?:don't|do not|dont) (?:really )?care (?:where|who hosts)|(?:where (?:it|we|this|they) (?:runs?|"
           r"is hosted|"
           r"host (?:it|them))|hosting(?: location| provider)?|which (?:cloud|provider)|(?:the )?cloud provider) "
           r"(?:really |honestly )?(?:doesn't|does not|don't|do not) matter|wherever (?:it's|it is) cheapest|"
           r"(?:rent|renting|rented|lease|leasing) (?:\w+ ){0,2}?gpus? (?:from|on|in|at|with) (?:any|whoever|"
           r"whichever|the cheapest|some|a|an)\b|whoever is cheapest|"
           r"(?:rent|renting|rented|lease|leasing) (?:\w+ ){0,2}?gpus? (?:\w+ )?(?:anywhere|wherever|from anyone)|"
           r"whichever (?:\w+ )?is cheapest|"
           r"(?:any|whichever) (?:gpu )?(?:provider|neocloud)s? (?:is|are|would be|will do)\b|(?:ok|okay|fine|"
           r"happy) with any "
           r"(?:gpu )?(?:provider|vendor|host|neocloud|cloud)s?\b",
}

COMPLIANCE = {
    # PHI and BAAs are HIPAA's own terms: data called PHI, or a business associate agreement, is under HIPAA
    "hipaa": r"\bhipaa\b|(?-i:PHI)\b(?![- ]?[0-9])|protected health information|\bbaas?\b|business associate "
             r"agreements?",
    "gdpr": r"\bgdpr\b|\brgpd\b|\bdsgvo\b",
    "soc2": r"\bsoc\s?-?\s?(?:2|ii)\b|\bsoc2\b",
    "pci_dss": r"\bpci(?:[- ]?dss)?\b",
    "fedramp": r"\bfed\s?-?\s?ramp\b",
}

AVAILABILITY = {
    "best_effort": r"(?:downtime|outages?|an outage|being down|going down)(?: \w+){0,3}? (?:won't|will not|wouldn't|"
                   r"doesn't|does not|don't) (?:really )?(?:hurt|kill|matter|bother|harm|break)\w*|"
                   r"(?:uptime|availability|redundancy) (?:\w+ )?not (?:so|that|as|too) much\b|"
                   r"(?:uptime|availability|reliability) (?:is(?:n't| not)|isnt) (?:really |that |super )?(?:critical|"
                   r"crucial|essential|vital|important)\b|"
                   r"(?:uptime|availability|downtime|reliability|outages?) (?:is(?:n't| not)|isnt|are(?:n't| not)) "
                   r"(?:a |the |really |that )?(?:big |major |huge |real |much of a |top )?(?:concern|priority|"
                   r"issue|deal|"
                   r"requirement|worry|problem)|(?:for now|today|currently|right now),? (?:just )?(?:one|"
                   r"a single one|a single box) (?:is|"
                   r"will be) "
                   r"(?:fine|enough|ok|okay)|(?:is|being|goes|going|are) down (?:\w+ ){0,4}?(?:that's|that is|it's|"
                   r"is) (?:fine|ok|okay|"
                   r"acceptable|no big deal|not a big deal)|(?:restart|reboot)\w* it (?:\w+ ){0,3}?(?:in the morning|"
                   r"later|next day|when \w+ (?:can|notices?|gets? in))|(?:just )?reboots? it|"
                   r"(?:only )?(?:needs?|has) to be (?:up|available|running) (?:only )?(?:in|during) (?:business|"
                   r"office|"
                   r"working|school|daytime) hours|(?:single|one) (?:box|server|node|machine|gpu|"
                   r"instance) (?:per \w+ )?is (?:fine|ok|"
                   r"okay|enough|acceptable)|best[- ]effort|hackathon|\bdemo\b|prototype|proof[- ]of[- ]concept|"
                   r"\bpoc\b|who cares|"
                   r"if it crashes|nothing production|not production|non[- ]production|sandbox|"
                   r"downtime is (?:totally |perfectly )?(?:fine|ok|okay|acceptable)|lab box|no uptime (?:promises|"
                   r"guarantees|sla)|no (?:formal |uptime |availability )?slas?\b(?! (?:breach|penalt))|"
                   r"slas? (?:is |are )?(?:not needed|not required|unnecessary)|(?:fine|ok|okay) if it goes down|"
                   r"experiments?\b|side project|toy project|"
                   r"can go down|(?:ok|okay|fine|acceptable) if (?:it's|it is|it) (?:goes )?down|can be down|"
                   r"downtime (?:is )?(?:ok|okay|acceptable|tolerable)|"
                   r"doesn't need to be (?:up|available)|single box is fine|one box is fine|"
                   r"(?:nobody|no one)(?: \w+){0,2}? (?:dies|die|cares|care|notices?|notice|minds?|mind|complains?)\b"
                   r"(?! (?:about|for) (?:the )?(?:latest|newest|new|next))|"
                   r"(?:can|could|would) (?:tolerate|live with|survive|accept) (?:some |a bit of |occasional |"
                   r"an? |the odd )?(?:\w+ )?(?:downtime|outages?)|outages? (?:are|is) (?:fine|ok|okay|acceptable|"
                   r"tolerable|not a big deal|no big deal)|not (?:business|mission)[- ]critical|"
                   r"(?:no|not an?) (?:big )?deal if (?:it's|it is|it) (?:goes )?(?:down|offline)|"
                   r"(?:downtime|outages?|going down|being down|interruptions?|restarts?)(?: \w+){0,4}?"
                   r"(?: is| are| would be|'s)(?: \w+)? (?:no biggie|nbd|no drama|fine|ok|okay|acceptable|tolerable|"
                   r"no big deal|not a big deal|not the end of the "
                   r"world|survivable|no problem|not a problem)|"
                   r"(?:fine|ok|okay|acceptable|no big deal|not a problem|no problem) (?:if|when) (?:it's|it is|"
                   r"it gets) "
                   r"(?:\w+ (?:or|and) )?(?:down|offline|unavailable)\b|"
                   r"(?:fine|ok|okay|acceptable|no big deal|not a problem|no problem) (?:if|when) "
                   r"(?:it|the \w+|things?) "
                   r"(?:\w+ ){0,2}?(?:goes down|is down|falls over|breaks|crashes|dies|is offline|restarts|fails)",
    "ha": r"(?-i:\bHA\b)|fault[- ]toleran\w*|"
          r"downtime (?:costs?|means|loses|would cost) (?:us )?(?:\w+ ){0,3}?(?:money|thousands|millions|"
          r"revenue|customers|sales|[$€£][0-9])|(?:high(?:ly)?|hight|hi)[- ]?availab\w*|99\.[0-9]+ ?%|"
          r"uptime (?:sla|matters|is critical|is important)|"
          r"survive (?:a |the )?(?:node|box|server|gpu|machine|zone)\w* (?:dying|failing|going down|failure)|"
          r"(?:survive|tolerate|handle|withstand|ride out) (?:a |the |losing |one |any )?(?:single )?(?:\w+ ){0,2}?"
          r"(?:nodes?|box(?:es)?|servers?|gpus?|machines?|zones?|hosts?|instances?|cards?|regions?|az|"
          r"data ?cent(?:re|er)s?|"
          r"sites?|racks?|dcs?)\s?"
          r"(?:dying|failing|going down|failures?|outages?|loss|crash\w*|dies)|"
          r"survive losing|(?:can't|cannot|can not|mustn't|must not|shouldn't|(?:must|can|should|may|"
          r"shall) never) (?:go|be) "
          r"down|"
          r"(?:can't|cannot) have (?:any )?downtime|no downtime|24/7|mustn't fall over|must not fall over|"
          r"can't fall over|multi[- ]az|no single point of failure|redundan\w*|fail[- ]?over|\bn\+1\b|"
          r"(?:needs?|must have|requires?|at least|minimum(?: of)?) (?:\w+ )?(?:two|2|three|3|multiple|several) "
          r"(?:replicas|instances|copies|nodes|servers)|(?:two|2|three|3|multiple|several) (?:replicas|instances|"
          r"copies) "
          r"(?:minimum|at least|or more)|"
          r"(?:customers?|users?|clients?|people) (?:\w+ ){0,3}?(?:notice|complain|scream|call us|are affected)\w* "
          r"(?:\w+ ){0,3}?(?:if|when) (?:it's|it is|it goes|it's ever|the \w+ (?:is|goes)) down|business[- ]critical|"
          r"mission[- ]critical|(?<!is )always (?:up|on)\b(?! (?:the|a|an|our|latest|"
          r"newest)\b)|(?:three|four|five|"
          r"[345]) (?:nines|9s)\b|"
          r"(?:needs?|has) to (?:be|"
          r"stay) up|uptime matters|"
          r"can't take the service|it has to stay up|sla of|production sla|prod sla|ha (?:is )?(?:mandatory|"
          r"required|needed)",
}

# Skills: what the team runs, read clause by clause.
SERVING = (r"model hosting|hosting models|vllm|\btgi\b|\btei\b|triton|ray serve|sglang|tensorrt|lmdeploy|"
           r"text generation inference|kserve|"
           r"model serving|serve (?:our|the|its|their) (?:own )?(?:\w+ ){0,3}models?|"
           r"serv(?:e|es|ed|ing) (?:\w+ ){0,2}models\b|served a model|serv(?:e|ed|ing) "
           r"models|gpu inference|inference (?:stack|platform)|serving stack|our own serving|"
           r"own (?:gpu )?serving|ml ?ops|ml[- ]ops|ml platform|ml infra|gpu serving|kubeflow|gpu operator|"
           r"deployed (?:a |any )?models?|deploy(?:ing)? (?:a |any )?models?|model deployment|run(?:ning)? models|"
           r"ran models|bentoml|seldon|torchserve|sagemaker endpoints?|model endpoints?|"
           r"(?:shipped|deployed|put|pushed|served|hosted|running|run|ran) (?:\w+ ){0,4}?(?:models?|"
           r"llms?) (?:\w+ ){0,2}?"
           r"(?:to|in|into) (?:prod\w*|production)|"
           r"(?:serve|serves|serving|served|host|hosts|hosting|hosted) (?:our own |the |a |an )?"
           r"(?:fine-?tuned )?(?:llama|mistral|mixtral|qwen|gemma|phi-?[0-9]|deepseek|falcon|gpt-oss|whisper|bert|"
           r"embedding)\w*|"
           # running an open model ourselves, not through someone's API ("running Llama 3 via Bedrock" is not)
           r"(?:run|runs|running|ran) (?:our own |the |a |an )?(?:fine-?tuned )?(?:llama|mistral|mixtral|qwen|gemma|"
           # (and not a what-if: "running Qwen3 32B would be fine")
           r"deepseek|gpt-oss)[\w.-]*(?![\w. -]{0,20}\b(?:would|could|might|should)\b)"
           r"(?![^.;,\n]{0,40}\b(?:via|through|over|from|on|at) (?:the |an? )?(?:bedrock|"
           r"together|groq|fireworks|openrouter|replicate|vertex|azure|deepinfra|api|apis|endpoint|hosted|"
           r"serverless|watsonx)\b)|\bollama\b|llama\.cpp|lm ?studio|llm serving|\bserving\b|ml serving|"
           r"(?:we|already|currently|we're|we've been|we have been|been) self-?host(?:ed|ing|"
           r"s)? (?:\w+ ){0,3}?(?:models?|llms?|whisper|llama|mistral|qwen|gemma|deepseek|"
           r"embedding\w*|open[- ](?:source|weights?) \w+)|"
           r"(?:our own|an?|the|our) (?:llama|mistral|qwen|gemma|deepseek|llm|model|embedding) "
           r"(?:deployment|endpoints?)|"
           r"(?:run|runs|ran|running|host\w*|serv(?:e|es|ed|ing)|operat\w*|manag\w*) (?:\w+ ){0,3}?(?:whisper|"
           r"embedding models?|llms|open[- ](?:source|weights?) models?)")
# A role the team has: it runs infrastructure by being there ("a sysadmin who keeps our VMware cluster alive").
# People whose job is models in production: "a couple of ML engineers", "our MLE team" -> mlops, unless the
# clause only wants them ("we'd have to hire an ML engineer", "looking for MLEs": WANTED in parse_team).
ML_ROLES = r"\bml engineers?\b|\bml engineering team|machine[- ]learning engineers?|\bmles?\b|\bmlops engineers?"
WANTED = (r"\b(?:hir(?:e|es|ed|ing)|recruit\w*|looking for|search(?:ing)? for|need(?:s|ed)?|want(?:s|ed)?|"
          r"lack\w*|without|budget for|open req\w*|headcount for)\b")

ROLES = (r"sysadmins?|system administrators?|devops (?:engineers?|people|folks|team|person|guys?)|\bsres?\b|"
         r"site reliability|platform (?:team|engineers?)|infra(?:structure)? (?:team|folks|people|group|engineers?)|"
         r"ops team|"
         # a practice the team is said to be good at: "we've got solid DevOps", "strong SRE culture"
         r"(?:solid|strong|good|decent|great|mature|experienced|competent|capable|seasoned) (?:devops|ops|sre|"
         r"infra(?:structure)?|platform engineering|sysadmin)\b")
INFRA = (r"kubernetes|vmware|proxmox|hypervisors?|\bk8s\b|\beks\b|\baks\b|\bgke\b|docker|terraform|helm|ansible|"
         r"linux|ubuntu|devops|\bsre\b|sysadmins?|platform team|infra(?:structure)? (?:team|folks|"
         r"people|group|engineers?)|ops team|on-call|cloud infra\w*|"
         r"\bops\b|cuda|nvidia drivers?|gpu drivers?|openshift|nomad|slurm|hpc|rocm|"
         # general infrastructure tools a team operates (containers, IaC, CI, observability)
         r"containers|containeri[sz]\w+|\becs\b|fargate|\bec2\b|pulumi|cloudformation|\bcdk\b|\bk3s\b|"
         r"podman|prometheus|grafana|jenkins|argo ?cd|ci/cd pipelines?")
# Things a team may own, rent or only mention: a skill only when the team operates them (an operating verb before
# them in the clause, or "run by" after): "we own 2 servers", "12 T4s in the old inference cluster", "any GPU
# cloud" are not skills; "IT can rack a server", "the platform team runs AKS with GPU node pools" are.
SERVING_THINGS = (r"(?:gpu|training|hpc|[ahlbv][0-9]{2,3}s?|l40s|mi[0-9]{3}x?|h[12]00) (?:cluster|fleet|nodes?|"
                  r"node pools?|servers|boxes)|gpus\b|dgx\w*|inference (?:servers?|cluster|"
                  r"nodes?|boxes)|(?:our own|an?|the|our) (?:llama|mistral|qwen|gemma|deepseek|llm|model|inference|"
                  r"embedding) (?:cluster|servers?|boxes|nodes|fleet)")
INFRA_THINGS = (r"(?:linux |windows |bare[- ]metal )?servers?|(?:linux )?boxes|vms?|virtual machines|"
                r"our own (?:data ?cent\w+|hardware)|infrastructure|infra\b|gpu\b|bare metal|clusters?|containers|"
                r"(?:postgres|mysql|database|db|redis|kafka|elastic\w*) (?:servers?|clusters?|boxes|instances)")
OPERATE = (r"\b(?:run|runs|running|ran|operat\w+|manag\w+|maintain\w*|administ\w+|look(?:s|ing|ed)? after|"
           r"take[sn]? care of|took care of|set up|sets up|setting up|built|build|builds|deploy\w*|provision\w*|"
           r"racks? (?:a|an|the|our|their|up)|racked|racking|install(?:s|ed|ing)?|patch(?:es|ed|ing)?|upgrad\w+|"
           r"babysit\w*|wrangl\w+|handles?|handled|(?:self-?)?host(?:s|ed|ing)?|"
           r"keeps? (?:\w+ ){0,3}?(?:alive|running|up)|experience (?:with|running|in)|comfortable with|"
           r"(?:good|great|brilliant|solid|strong|experienced|fluent|familiar|handy) (?:with|at|in)|a clue about|"
           r"used to|have run|has run|know|knows|expertise (?:in|with)|touch\w*|work(?:s|ed)? (?:with|on))\b")
RUN_BY = r"\W{0,3}(?:(?:are|is|were|was)\s)?(?:run|operated|managed|maintained|looked after|administered) by\b"
# Serving done once, by one person or for a prototype is not operating inference: basic.
LIMITED = (r"\bfor (?:a |the )?(?:prototype|poc|pilot|demo|hackathon|side project|test)\b|"
           r"\b(?:one|a single|1) (?:person|guy|engineer|dev|developer|of us)\b|\bsomeone\b|\bplayed (?:around )?with|"
           r"\btinker\w*|\bexperiment\w* with")
# "nobody in the team is an expert for GPU servers (but we can learn)": some skill, not none
NOT_EXPERT = (r"(?:nobody|no ?one|none of us)(?: [\w'’]+){0,3}? (?:is|are) (?:an? )?(?:real |true |proper |deep )?"
              r"(?:experts?|specialists?|gurus?)\b|(?:we're|we are|we aren't|we're not) (?:not )?(?:\w+ )?"
              r"(?:experts?|specialists?|gurus?) (?:in|at|on|with|for)\b")
# "GPU drivers and serving stacks would be new to them": denied after the words.
NEW_TO = (r"(?:would be|will be|is|are|'s|'re|was|were) (?:\w+ )?(?:all |completely |totally |entirely |brand )?new "
          r"(?:to|for) (?:them|us|the team|our team|him|her|everyone)|(?:is|are|would be) (?:beyond|outside) "
          r"(?:us|them|our)\b")
SKILL_VERBS = (r"\b(?:ppl|yes|touches|touching|administers?|administ\w+|configur\w+|set up|sets up|setting up|"
               r"supports?|"
               r"looks? after|take[sn]? care of|took care of|wrangl\w+|babysit\w*|work(?:s|ed|ing)? (?:with|on)|"
               r"ships?|shipped|runs?|running|ran|operates?|operating|operated|manages?|managing|managed|"
               r"maintains?|maintaining|"
               r"look(?:s)? after|looking after|knows?|know|can do|do|does|handles?|handle|comfortable with|"
               r"experience (?:with|running|in)|experienced|brilliant with|good with|great with|fluent in|"
               r"used to|have run|has run|built|build|own|owns|host|hosts|hosted|serve|serves|served|deploy|"
               r"deployed|deploys|operationali[sz]ed|operationali[sz]e|touched|touch|served|a clue about|"
               r"expertise (?:in|with)|skills? (?:in|with)|\bexp\b|team|folks|people|engineers?|group|crew|"
               r"rotation|upgraded|upgrade|already|estate|guys?|person|admins?|lead)\b")
# Where data must stay or may not go ("must never leave our own servers"): not what the team runs.
# ... and a place things run or are hosted ("runs on our own servers", "hosting: our own datacentre only").
RESIDENCY = (rf"(?:{LEAVE}|{STAY}|(?:leaves?|stays?|remains?|kept|stored|lives?) (?:\w+ ){{0,2}}?"
             rf"(?:in|on|inside|within|at)|\b(?:on|in|inside|within|into|at)|hosting:?) {OWN_PHYSICAL}"
             rf"(?: and (?:our |its |their )?(?:own )?(?:servers?|network|hardware|data ?cent\w+))?")
# Owning or lacking hardware is not a skill ("we don't own a single GPU").
POSSESSION = (r"\bcloud\s*$|\b(?:own|owns|owned|got|buy|bought|rent|rented|purchase\w*|(?:have|has)(?= (?:a|an|any|"
              r"one|no|a single|"
              r"our own|its own)\b))\b(?:\s+\w+){0,3}\s*$")
# Model serving done only on a laptop or with a desktop runner is not operating inference: basic.
LOCAL_ONLY = (r"\bat home\b|\blocally\b|\bollama\b|lm ?studio|llama\.cpp|on (?:my|our|their) (?:laptops?|macs?|"
              r"macbooks?|desktops?)")
# Said outright, this means none when the team runs nothing else ("SREs run Kubernetes but never GPUs" is basic:
# three independent tuning writers read it so).
NO_GPU = r"never (?:run|ran|operated|managed) (?:a |any )?gpus?\b"
NO_SKILL = (r"(?:\bnobody|\bno-?\s?one|\bnone of us|\b(?:nor|not|isn't|aren't) (?:got )?anyone|"
            # the same subject said as a lack: "we don't have anyone who could look after GPUs", "there's nobody"
            r"\b(?:don't|do not|dont|doesn't|does not|haven't|hasn't|have not|has not|lack|lacks) (?:got |have )?"
            r"(?:anyone|anybody|a (?:single )?person|someone|somebody|people)|\bthere(?:'s| is) (?:nobody|no ?one))\b"
            r"(?: (?!experts?\b|specialists?\b|gurus?\b)[\w'’]+){0,5}? "
            r"(?:technical|techy|does|do|did|run|runs|ran|know|knows|knew|manage|manages|managed|operate|operates|"
            r"operated|maintain|maintains|maintained|touch|touches|touched|handle|handles|handled|infra\w*|ops|"
            r"devops|gpus?|servers?)\b|"
            r"\bno (?:in-house |internal |on-?site )?it (?:staff|team|department|dept|people|person|support|guys?)\b|"
            r"(?:no ?one|nobody|none of us|not one of us|none of (?:our|the) (?:engineers|devs|developers|team|staff|"
            r"people))(?: here| on staff| (?:on|in|at|from|of|across) (?:the|our|this|my) [\w-]+(?: side| team)?)?"
            r"(?: has| have| is| knows?| can| could)?(?: ever)? (?:run|ran|operated|managed|touched|deployed|"
            r"served|used|an? (?:infra|ops|devops|sre|gpu|ml|platform)|knows?|experience|any experience|"
            r"(?:gpu|infra\w*|ml|ops|devops|cuda|kubernetes|k8s|linux|servers?)\b)|"
            r"(?:just|only|all|entirely|purely) (?:a (?:bunch|team) of |a few |some )?(?:app |product |front[- ]?end |"
            r"full[- ]?stack |data |mobile |web |ui |ux |business |non-?technical )?(?:developers|devs|engineers|"
            r"scientists|analysts|people|folks)|notebooks yes|servers no|"
            r"closest (?:thing )?(?:we(?:'ve| have)? (?:come|got|have) |we've got )?to (?:an? )?(?:infra|ops|"
            r"devops|sre|sysadmin|platform)\w*"
            r"(?: (?:people|person|team|folks|engineers?))?|"
            r"(?:only|just) (?:know|knows|do|does|use|write|work (?:in|with)) (?:\w+ ){0,2}?(?:notebooks|jupyter|"
            r"python scripts|app code|front[- ]?end|sql|excel|spreadsheets|no-?code)|"
            r"(?:no ?one|nobody|none of us)(?: here| on (?:the|our) team| on staff| in the team)? (?:\w+ ){0,2}?"
            r"(?:touch\w*|run\w*|manag\w*|operat\w*|maintain\w*|deploy\w*|host\w*|knows?|understands?) "
            r"(?:\w+ ){0,2}?(?:servers?|infra\w*|gpus?|kubernetes|k8s|linux|hardware|models?|ops)|"
            r"(?:never|not once|haven't|have not|hasn't|has not) (?:ever )?(?:deployed|hosted|run|ran|operated|"
            r"managed|served|shipped|self-?hosted) (?:anything|a thing|a single \w+|an? (?:model|server|llm))"
            r"(?: ourselves| ourself| on our own| in-house)?|"
            r"(?:use|rely on|buy|pay for) (?:\w+ )?(?:saas|managed services?|hosted apis?|apis?|vendors) for "
            r"(?:everything|all of it)|everything (?:we \w+ )?is (?:saas|managed|outsourced)|"
            r"never (?:deployed|shipped|put) anything (?:to|in|into) prod\w*|has never deployed anything|"
            r"outsourced? (?:all |most )?(?:of )?(?:our |the )?(?:it|infra\w*|ops|hosting|operations)\b|"
            r"(?:it|ops|devops|infra\w*|hosting|operations)\s?(?::|is|are|'s|gets|get)\s(?:all |fully |entirely |"
            r"completely )?outsourced\b|"
            r"(?:no|zero) servers (?:at all|of our own|to (?:speak of|manage))?|(?:no|zero) (?:in-house|internal) it\b|"
            r"(?:handled|run|managed|done|looked after|outsourced to) (?:by )?(?:an? |our )?(?:msp|"
            r"managed service provider|agency|contractor|third party|vendor|partner|outside (?:firm|it|company))|"
            r"(?:don't|do not|doesn't|does not) (?:even )?have (?:a |an |any )?(?:dev|engineering|tech\w*|it|"
            r"developers?|"
            r"engineers?|programmers?)(?: team| people| staff| department)?\b|"
            r"(?:no ?one|nobody|none of us)(?: here| on (?:the|our|this) team)? (?:is|are) (?:really |very |"
            r"particularly )?"
            r"(?:technical|techy|an? engineers?|developers?)\b|"
            r"(?:0|no|zero) (?:gpu|ml|ops|infra|devops) (?:ppl|people|folks|engineers?|experience|exp)\b|"
            r"\bno (?:linux|k8s|kubernetes|docker|containers|terraform|cloud|sysadmins?|servers?)"
            r"(?: (?:or|nor|and) (?:linux|k8s|kubernetes|docker|containers|terraform|cloud|servers?))?"
            r"(?: (?:experience|skills?|knowledge|people|admin\w*))?(?= *(?:[,.;)\n]|$| (?:at all|either|whatsoever)))|"
            r"(?:no|zero) (?:in-house |internal )?(?:ml ?ops|devops|ops|infra(?:structure)?|platform|sre|gpu|ml)\b"
            r"(?: (?:team|people|expertise|"
            r"engineers?|folks|experience|skills|staff|capacity|person))?|"
            r"(?:don't|do not|dont|doesn't) have (?:any |an? )?(?:ml ?ops|devops|infra\w*|ops|gpu|server|ml|"
            r"sysadmin) (?:people|engineers|team|skills?|knowledge|"
            r"skills|experience)|never (?:run|operated|managed|touched) (?:any )?(?:infra\w*|servers|gpus?)|"
            r"not an? (?:infra|ops|devops) (?:person|people|team)|is an infra person")
# Skills said as a label with nothing in it: "Team skills: none, really", "Ops experience: zero".
NONE_LABEL = (r"(?:(?:infra\w*|ops|devops|mlops|team|technical|tech|in-house|gpu|ml|engineering|it)\s{1,3})?"
              r"(?:skills?|experience|expertise|know-how|capacity|capabilit(?:y|ies))\s{0,2}[:=\-–]\s{0,2}"
              r"(?:none|nil|zero|nothing|n/a|nope|basically none)\b")
# Knowing a cloud well is running infrastructure ("we know AWS well", "comfortable with Azure"); a product that only
# runs on one, or data kept in one, is not.
KNOWS_CLOUD = (r"(?:know|knows|knew|comfortable (?:with|on|in)|experience (?:with|in|on)|experienced (?:with|in|on)|"
               r"(?:good|great|solid|strong|fluent|familiar|handy|proficient|skilled|at home) (?:with|at|in|on)|"
               r"expertise (?:in|with|on)|deep in) (?:\w+ ){0,2}?(?:aws|gcp|azure|google cloud|ec2|the cloud|"
               r"cloud infra\w*)\b")
# "we can follow a guide", "able to follow the docs": some hands-on ability, not none
CAN_FOLLOW = (r"(?:can|could|able to|know how to|happy to|comfortable) (?:\w+ )?(?:follow|work through) "
              r"(?:a |the |an |any |clear |good )?(?:[\w.-]+ ){0,2}?(?:guides?|tutorials?|docs|documentation|runbooks?|"
              r"instructions|readmes?|quick ?starts?|step[- ]by[- ]step|how-?tos?|recipes?|playbooks?)")
