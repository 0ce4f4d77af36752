"""Names in free text: open models and their size class, API models and providers, hardware and counts,
quantisation formats. Catalog ids come from the Knowledge passed in; without it names stay raw text."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from .knowledge import Catalog, Knowledge, normalise
from .parse_lexicon import API_NAME, COUNT_WORDS, MOE_NAMES, NAME_STOPWORDS, PROVIDER_DEFAULTS, QUANT_NAME
from .parse_numbers import FLAGS, Found, before
from .parse_scope import sentence

TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)?")
MAX_NGRAM = 5
SIZE = re.compile(
    r"(?<![\w.])(?:(?P<e>[0-9]{1,2})\s?[x×]\s?)?(?P<n>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s?"
    r"(?:b(?![a-z])|billion[- ]param\w*|b[- ]param\w*)",
    FLAGS,
)
NOT_ENOUGH = re.compile(r"\W{0,3}(?:model\s{1,4})?(?:is|are|was)?\s{0,4}(?:not|isn't|isnt|wasn't|aren't)\s{1,4}"
                        r"(?:good |smart |capable )?enough|"
                        r"\W{0,3}(?:model\s{1,4})?(?:is|are|was|were)?\s{0,4}(?:too (?:weak|small|dumb|slow|big|"
                        r"large|expensive)|(?:didn't|did not|doesn't|does not|won't) fit|"
                        r"(?:kept |keeps )?(?:hallucinat\w*|failing)|struggled|struggles)", FLAGS)
LEVEL_AFTER = re.compile(r"[- ]?(?:class|level|quality|grade|tier|calibre|caliber|like|style|type|ish|esque)\b",
                         FLAGS)
FAMILY = re.compile(
    r"\b(?:meta[- ])?(?:llama|mistral|mixtral|qwen|gemma|phi(?=[- ]?[0-9])|deepseek|falcon|granite|olmo|"
    r"nemotron|codellama|starcoder|command[- ]r|yi|gpt-oss)\b",
    FLAGS,
)
VARIANT = re.compile(r"(?:[0-9][\w.]*|v[0-9][\w.]*|r1|instruct|chat|coder|nemo|small|medium|large|mini|vl|it|"
                     r"scout|maverick)$", FLAGS)
COUNT_BEFORE = re.compile(
    r"(?<![\w.])(?:(?P<n>[0-9]{1,4})(?:[- ]gpus?)?|(?P<w>a|an|one|single|two|pair of|couple of|three|four|five|six|"
    r"seven|eight|nine|ten|twelve|sixteen|dozen|thirty-two|sixty-four))\s{0,4}(?:x|×|块|塊|张|張|台|枚|장|개|대)?\s{0,4}"
    r"(?:(?:old|new|spare|idle|used|rugged|small|big|placas?|karten|cartes|tarjetas|schede|gpus?|karty|kart|kort|"
    r"kaarten|st\.?|stk\.?|szt\.?|stuks|stück|pcs\.?)\s{1,4})?"
    r"(?:nvidia\s{1,4}|apple\s{1,4}|amd\s{1,4}|mac (?:studio|mini|pro)\s{1,4}|tesla\s{1,4})?$",
    FLAGS,
)
# "H100 x 8"; "H100 8장", "H100 8枚", "H100 8台": a count after the name with an East Asian counter word
COUNT_AFTER = re.compile(r"s?\s{0,4}(?:(?:x|×)\s{0,4}(?P<n>[0-9]{1,4})(?![\w.])|(?:[をがはも을를이가]\s{0,4})?"
                         r"(?P<c>[0-9]{1,4})\s{0,2}(?:장|개|대|枚|台|张|張|块|塊|基))", FLAGS)
PROVIDER_LEVEL = re.compile(r"[\w .-]{0,14}?(?:class|level|quality)", FLAGS)
NOT_OWNED = re.compile(r"\b(?:if (?:we|i)\b|rent\w*|buy\w*|purchas\w*|consider\w*|need|want|would|could|should|"
                       r"instead of|versus|vs\.?|compare\w*|or)\b(?:(?![.;,]).)*$", FLAGS)
GPU_WORD = re.compile(r"\s{0,4}(?:gpus?|cards?)\b", FLAGS)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of API model names and quantisation formats written with digits ("gpt-4o", "4o-mini", "Q4_K_M")."""
    spans = [(m.start(), m.end()) for m in re.finditer(API_NAME, text, FLAGS)]
    spans += [(m.start(), m.end()) for m in re.finditer(QUANT_NAME, text, FLAGS)]
    spans += [(m.start(), m.end()) for m in SHORT_API.finditer(text)]
    return spans


SHORT_API = re.compile(r"(?<![\w.-])(?:4o(?:[- ]mini)?|4\.1(?:[- ](?:mini|nano))?|o[134](?:[- ]mini)?)(?![\w.])", FLAGS)


def tokens(text: str) -> list[re.Match]:
    return list(TOKEN.finditer(text))


_FIRST_WORDS: dict[int, tuple[Catalog, frozenset[str]]] = {}


def first_words(catalog: Catalog) -> frozenset[str]:
    """The first word of every key in a catalog: n-grams starting elsewhere cannot match (a speed-up)."""
    cached = _FIRST_WORDS.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        words = set()
        for entry in catalog:
            for key in (entry.id, entry.name, *entry.aliases):
                norm = normalise(key).split()
                if norm:
                    words.add(norm[0])
                    words.add(normalise(key.split()[0]) if key.split() else "")
        cached = (catalog, frozenset(words))
        _FIRST_WORDS[id(catalog)] = cached
    return cached[1]


GLUED = re.compile(r"^([a-z]{2,})([0-9][0-9.]*[a-z]?)$", FLAGS)  # "rtx4090", "llama3", "a6000s" keep their letters


def _may_start(word: str, starts: frozenset[str]) -> bool:
    if word in starts or (word[-1:] == "s" and word[:-1] in starts):
        return True
    glued = GLUED.match(word)
    return bool(glued and glued[1] in starts)


def _variants(span: str) -> list[str]:
    """Spellings of a typed name the catalog may know: letters and digits glued or apart ("rtx4090" →
    "rtx 4090", "Qwen 2.5 72B" → "Qwen2.5 72B")."""
    out = []
    if re.match(r"(?:opus|sonnet|haiku)\b", span, FLAGS):
        out.append(f"claude {span}")  # "Sonnet 4.5": the family's maker is implied
    apart = re.sub(r"(?<=[a-z])(?=[0-9])", " ", span, flags=FLAGS)
    if apart != span:
        out.append(apart)
    glued = re.sub(r"(?<=[a-z])[ -](?=[0-9])", "", span, count=1, flags=FLAGS)
    if glued != span:
        out.append(glued)
    return out


def catalog_hits(text: str, toks: list[re.Match], catalog: Catalog, digits_ok: bool = False) -> list[Found]:
    """Longest n-gram of message words that names a catalog entry (exact id, name or alias)."""
    out, i = [], 0
    starts = first_words(catalog)
    while i < len(toks):
        hit = None
        if not _may_start(toks[i].group().lower(), starts):
            i += 1
            continue
        for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
            s, e = toks[i].start(), toks[i + n - 1].end()
            entry, e = _lookup(text, s, e, catalog, digits_ok)
            if entry is not None:
                hit = (Found(catalog.kind, entry, s, e, f"'{text[s:e]}' → {entry.id}"), n)
                break
        if hit:
            out.append(hit[0])
            i += hit[1]
        else:
            i += 1
    return out


def _lookup(text: str, s: int, e: int, catalog: Catalog, digits_ok: bool) -> tuple[Any, int]:
    span = text[s:e]
    key = normalise(span)
    if not key or key in NAME_STOPWORDS or len(span) > 60:
        return None, e
    plural = e < len(text) and text[e] in "sS" and span[-1].isdigit()
    if not plural and text[e:e + 2] in ("'s", "’s") and span[-1].isdigit():
        plural, e = True, e + 1  # "2 H100's"
    if re.fullmatch(r"[0-9. ]+", key) and not (digits_ok and (plural or GPU_WORD.match(text, e) or
                                                              OWNED_DIGITS.search(text, max(0, s - 12), s))):
        return None, e
    entry = catalog.find(span)
    if entry is None and re.match(r"(?:opus|sonnet|haiku) [0-9]", span, FLAGS):
        entry = catalog.find(f"claude {span}")
    if entry is None and span[-1] in "sS" and len(span) > 2 and (span[-2].isdigit() or len(span) > 3):
        entry = catalog.find(span[:-1])
    if entry is None and re.search(r"[0-9]", span):
        singular = [span[:-1]] if span[-1] in "sS" and span[-2:-1].isdigit() else []
        entry = next((x for v in [*_variants(span), *(w for one in singular for w in _variants(one))]
                      if (x := catalog.find(v)) is not None), None)
    if entry is not None and plural:
        e += 1
    return entry, e


def model_sizes(text: str, consumed: list[tuple[int, int]]) -> list[Found]:
    """'a 7B is fine' → small; '70B is good enough' → mid; '8x7B' → mid; '7B isn't enough' → one class up."""
    out = []
    for m in SIZE.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in consumed) or NOT_A_SIZE.match(text, m.end()):
            continue  # "1B tokens a day" (even a what-if one) is a volume, not a model size
        total = float(m["n"]) * (int(m["e"]) if m["e"] else 1)
        if not 0.1 <= total <= 2000:
            continue
        cls = "small" if total <= 20 else "mid"
        note = f"{m.group().strip()} parameters → {cls} class"
        if NOT_ENOUGH.match(text, m.end()):
            cls = "mid" if cls == "small" else "frontier"
            note = f"{m.group().strip()} is not enough → {cls} class"
        out.append(Found("capability", cls, m.start(), m.end(), note))
        if m["e"]:
            name = MOE_NAMES.get(f"{m['e']}x{m['n']}b".lower(), m.group().strip())
            out.append(Found("open_model", name, m.start(), m.end(), f"'{m.group().strip()}' is {name}"))
    return out


def raw_models(text: str, toks: list[re.Match]) -> list[Found]:
    """Without a catalog: a family word plus its version/size words, kept as written."""
    out = []
    for m in FAMILY.finditer(text):
        e = m.end()
        following = [t for t in toks if t.start() >= m.end()][:4]
        for t in following:
            if t.start() - e > 2 or not VARIANT.match(t.group()):
                break
            e = t.end()
        out.append(Found("open_model", text[m.start():e], m.start(), e, "model name as written"))
    return out


def api_models(text: str, toks: list[re.Match], k: Knowledge | None) -> list[Found]:
    found = [f for f in (catalog_hits(text, toks, k.prices) if k else []) if not LEVEL_AFTER.match(text, f.end)]
    found = [Found("api_model", f.value.id, f.start, f.end, f.note) for f in found]
    taken = [(f.start, f.end) for f in found]
    for m in re.finditer(API_NAME, text, FLAGS):
        if LEVEL_AFTER.match(text, m.end()) or any(m.start() < b and a < m.end() for a, b in taken):
            continue
        value = _resolve(m.group(), k.prices) if k else m.group()
        if value:
            found.append(Found("api_model", value, m.start(), m.end(), f"'{m.group()}' → {value}"))
            taken.append((m.start(), m.end()))
    for m in SHORT_API.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in taken) or LEVEL_AFTER.match(text, m.end()):
            continue
        name = m.group() if m.group().lower().startswith("o") else f"gpt-{m.group()}"
        value = _resolve(name, k.prices) if k else name
        if value:
            found.append(Found("api_model", value, m.start(), m.end(), f"'{m.group()}' → {value}"))
    if not found:
        found = _provider_default(text, k)
    return found


API_CONTEXT = re.compile(r"\b(?:api|apis|endpoints?|together|groq|fireworks|cerebras|deepinfra|openrouter|"
                         r"bedrock|provider|per (?:million|1m|m) tokens|per token|pay(?:ing)? for|"
                         r"hosted by|serverless)\b", FLAGS)


def open_weights_not_api(text: str, api: list[Found], others: list[Found], k: Knowledge | None) -> list[Found]:
    """An open-weight model ("Llama 3.1 8B", "gpt-oss-120b") is also sold by API providers; it is the team's
    API model only when the clause says so ("via Groq", "through the API"), else it is the open model. A name
    inside a device name ("RTX 6000 Ada") is not an API model at all."""
    spans = [(f.start, f.end) for f in others if f.field in ("open_model", "hardware")]
    out = []
    for f in api:
        inside = any(f.start < b and a < f.end for a, b in spans)
        if inside and any(a <= f.start and f.end <= b and h.field == "hardware"
                          for h in others for a, b in [(h.start, h.end)]):
            continue
        if re.search(r"latest|preview", text[f.start:f.end], FLAGS):
            out.append(f)  # "mistral-small-latest": a name only an API has
            continue
        if inside or (k is not None and k.models.find(text[f.start:f.end]) is not None):
            # the API word must be in the name's own sentence ("Current API: gpt-5 ... We think 60% could go to
            # gpt-oss-20b self-hosted": not an API), and "self-hosted" right after the name says otherwise
            a, b = sentence(text, f.start, f.end, 120)
            window = text[max(a, f.start - 60):min(b, f.end + 60)]
            if not API_CONTEXT.search(window) or SELF_HOSTED_AFTER.match(text, f.end):
                continue
            host = HOST.search(window)
            if host and k is not None:
                on_host = _on_host(k, f.value, host.group(1).lower())
                if on_host != f.value:
                    f.value, f.note = on_host, f"'{text[f.start:f.end]}' on {host.group(1)} → {on_host}"
        out.append(f)
    return out


SELF_HOSTED_AFTER = re.compile(r"[^.;,!?]{0,20}?\b(?:self-?host\w*|on[- ]prem\w*|in-house|locally|on our own)\b", FLAGS)
# "via Together", "hosted by Groq", and the possessive "Together's Llama 3.3 70B Instruct Turbo"
HOST = re.compile(r"(?:\b(?:via|on|through|from|at|with|hosted by)\s{1,3}|\b(?=\w+(?:\s{1,3}ai)?['’]s\s))"
                  r"(together|groq|fireworks|cerebras|deepinfra|openrouter|bedrock|nebius)\b", FLAGS)


def _on_host(k: Knowledge, value: Any, provider: str) -> Any:
    """'Llama-3.3-70B-Instruct via Together': the named host's offering of the same open model, if it has one."""
    entry = k.prices.find(str(value))
    if entry is None or entry.provider == provider:
        return value
    model = entry.open_model or (found.id if (found := k.models.find(entry.name)) else None)
    same = [p for p in k.prices if p.provider == provider and model is not None and p.open_model == model]
    return same[0].id if same else value


def _resolve(name: str, catalog: Catalog) -> str | None:
    entry = catalog.find(name)
    if entry is not None:
        return entry.id
    keys = {normalise(e.name): e.id for e in catalog} | {normalise(a): e.id for e in catalog for a in e.aliases}
    best = process.extractOne(normalise(name), list(keys), scorer=fuzz.WRatio, score_cutoff=88)
    return keys[best[0]] if best else None


def _provider_default(text: str, k: Knowledge | None) -> list[Found]:
    for pattern, candidates in PROVIDER_DEFAULTS.items():
        for m in re.finditer(rf"\b(?:{pattern})\b", text, FLAGS):
            if LEVEL_AFTER.match(text, m.end()) or PROVIDER_LEVEL.match(text, m.end()) or FORMER.search(
                    text, max(0, m.start() - 12), m.start()) or NOT_USING.search(text, max(0, m.start() - 30),
                                                                                 m.start()):
                continue
            value = next((e.id for c in candidates if k and (e := k.prices.find(c))), None)
            if k is None:
                value = candidates[0]
            if value:
                note = f"'{m.group()}' named without a model; assumed {value}"
                return [Found("api_model", value, m.start(), m.end(), note)]
    return []


NOT_A_SIZE = re.compile(r"\s{0,3}(?:-\s{0,2})?(?:tok(?:en)?s?|requests?|calls?|queries|messages|words|"
                        r"chars|characters|/\s{0,2}(?:day|d|mo|month|week|wk|yr|year)|"
                        r"(?:a|per) (?:day|month|week|year))\b",
                        FLAGS)
NOT_USING = re.compile(r"\b(?:not|never|no longer|stopped|moved away from|moving away from|left|"
                       r"(?:don't|do not|dont|aren't|are not|won't) (?:use|using|want|like))\s{1,3}(?:\w+\s{1,3})?$",
                       FLAGS)
FORMER = re.compile(r"(?:\bex-?|\bformer(?:ly)?\s{1,3}(?:at\s{1,3})?|\bused to work at\s{1,3}|"
                    r"\b(?:like|unlike|similar to|compared to|than|vs\.?|versus|as \w+ as)\s{1,3})$", FLAGS)
TRIED = re.compile(r"\b(?:tried|tested|evaluated|benchmarked|trialled|trialed)\b(?:[^.;]|\.(?!\s)){0,36}$", FLAGS)
FAILED = re.compile(r"(?:[^.;]|\.(?!\s)){0,60}?\b(?:fell over|fall over|failed|fail|flopped|fell short|useless|"
                    r"too (?:dumb|"
                    r"weak|slow)|"
                    r"not (?:good|smart) enough|couldn't|could not|worse|no good)\b", FLAGS)
OTHER_SIZE = re.compile(r"\s{1,3}(?:large|medium|small|nemo|tiny|mini|pro|ultra|max|api)\b", FLAGS)


def open_models(text: str, toks: list[re.Match], k: Knowledge | None) -> list[Found]:
    if k is None:
        return raw_models(text, toks)
    out = []
    for f in catalog_hits(text, toks, k.models):
        if NOT_ENOUGH.match(text, f.end) or (TRIED.search(text, max(0, f.start - 44), f.start)
                                              and FAILED.match(text, f.end, min(len(text), f.end + 80))):
            continue  # "tried Mistral 7B, too dumb", "we tried Llama 3.3 70B and Qwen3 32B and both fell over"
        if not re.search(r"[0-9]", text[f.start:f.end]) and OTHER_SIZE.match(text, f.end):
            continue  # "Mistral Large": a family name the catalog maps to one size, followed by another size
        out.append(Found("open_model", f.value.id, f.start, f.end, f.note))  # its class is no capability
    return out


def moe_to_catalog(found: list[Found], k: Knowledge | None) -> None:
    """'8x7B' alone names Mixtral: map the family name onto its catalog id when a catalog is given."""
    for f in found:
        if f.field == "open_model" and k is not None and isinstance(f.value, str):
            entry = k.models.find(f.value)
            f.value = entry.id if entry else f.value


def hardware(text: str, toks: list[re.Match], k: Knowledge | None) -> list[Found]:
    hits = catalog_hits(text, toks, k.devices, digits_ok=True) if k else _raw_devices(text)
    out = []
    for f in hits:
        ahead = before(text, f.start, 30)
        if ((NOT_OWNED.search(ahead) and not OURS.search(ahead) and not OWNED_LATER.match(text, f.end))
                or NOT_OWNED_AFTER.match(text, f.end)):
            continue  # "we'd rent H100s", "do we need an H100", "8 H200s — not bought yet"
        value = f.value.id if k else f.value
        if k and (better := _qualified(text, f, k)):
            value, f.note = better.id, f"'{text[f.start:f.end]}' qualified after it → {better.id}"
        out.append(Found("hardware", value, f.start, f.end, f.note))
        count, s, e = _dgx(text, f.start, f.end) or _count(text, f.start, f.end)
        if count:
            out.append(Found("hardware_count", count, s, e, f"{count} × {value}"))
    return out


# "4 A100s, the 40GB PCIe ones", "two H100 (PCIe)": memory and form factor said after the name pick the variant
QUALIFIED = re.compile(r"(?:s|'s)?\s{0,3}(?:[,(—–-]\s{0,3})?(?:the\s{1,3}|all\s{1,3}|both\s{1,3})?"
                       r"(?P<q>(?:[0-9]{2,3}\s?gb|pcie|sxm[0-9]?|nvl)(?:[\s/,]{1,3}(?:[0-9]{2,3}\s?gb|pcie|sxm[0-9]?|"
                       r"nvl)){0,2})\b", FLAGS)


def _qualified(text: str, f: Found, k: Knowledge) -> Any:
    """The catalog variant named by the device plus the qualifiers right after it, or None."""
    m = QUALIFIED.match(text, f.end)
    if not m:
        return None
    name = re.sub(r"(?<=[0-9])s$|'s$", "", text[f.start:f.end])
    quals = [re.sub(r"\s", "", w) for w in re.split(r"[\s/,]+(?=[0-9]{2,3}\s?gb|pcie|sxm|nvl)", m["q"], flags=FLAGS)]
    for key in (f"{name} {' '.join(quals)}", f"{name} {' '.join(reversed(quals))}"):
        entry = k.devices.find(key)
        if entry is not None and entry.id != f.value.id:
            return entry
    return None


OWNED_DIGITS = re.compile(r"(?:\b(?:single|one|a|an|my|our|the|two|three|four|old|spare|idle)|[0-9]\s{0,2}[x×]|[x×])"
                          r"\s{1,3}$", FLAGS)
OURS = re.compile(r"\b(?:our|we own|we have|we've got|already have|running on our)\s{1,3}(?:[0-9]{1,4}\s{0,2}[x×]?"
                  r"\s{0,2})?$", FLAGS)
OWNED_LATER = re.compile(r"[^.!\n]{0,40}?[.?!,;]?\s{0,3}\b(?:we|i)\s{1,3}(?:already\s{1,3})?(?:own|have|got|bought)"
                         r"\s{1,3}(?:those|these|them|it|that|one|two|three|four|both|all|[0-9]{1,4}\s{1,3}of)\b",
                         FLAGS)
NOT_OWNED_AFTER = re.compile(r"[\s,]{0,3}(?:—|-|–|,)?\s{0,3}(?:not bought|none bought|not (?:yet )?purchased|"
                             r"(?:just )?a quote|on order|if we (?:buy|get))", FLAGS)


RAW_DEVICE = re.compile(
    r"\b(?:(?:rtx|gtx)\s?[0-9]{4}(?:\s?ti)?|[ahlbtv][0-9]{1,3}s?|h[12]00|mi[0-9]{3}x?|(?:mac (?:studio|mini|pro)\s)?"
    r"m[1-4](?:\s(?:pro|max|ultra))?)\b",
    FLAGS,
)


def _raw_devices(text: str) -> list[Found]:
    return [Found("hardware", m.group(), m.start(), m.end(), "hardware as written") for m in RAW_DEVICE.finditer(text)]


BOXES_BEFORE = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3})\s{0,2}(?:servers?|nodes?|boxes|machines|hosts|workstations)"
                          r"\s{0,3}(?:(?P<x>[x×])|with|of|each with|,|:)?\s{0,3}$", FLAGS)
EACH_AFTER = re.compile(r"(?:\s{0,3}[\w-]+){0,2}?\s{0,3}(?:each|apiece|per (?:server|node|box|machine))\b", FLAGS)
# "two 8×H100 nodes", "2x 8-GPU H200 servers"
NODES = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3})(?:\s{0,2}[x×])?\s{1,3}$")
NODE_AFTER = re.compile(r"\s{0,3}(?:gpus?\s{1,3})?(?:nodes?|servers?|boxes|machines|hosts)\b", FLAGS)
EACH_UNIT = re.compile(r"\s{0,3}(?:\w+\s{1,3}){0,2}?(?:each|per (?:store|site|kiosk|vehicle|truck|robot|branch|clinic|"
                       r"location|shop))\b[^.]{0,40}?\b(?P<n>[0-9]{1,4})\s{1,3}(?:stores|sites|kiosks|vehicles|trucks|"
                       r"robots|branches|clinics|locations|shops|vessels|ships)\b", FLAGS)


DGX_BEFORE = re.compile(r"\b[dh]gx\s{0,2}-?\s{0,2}$", FLAGS)


def _dgx(text: str, s: int, e: int) -> tuple[int | None, int, int] | None:
    """'a DGX H100', 'two DGX A100s', '3 HGX H200 boxes': NVIDIA's 8-GPU systems, 8 GPUs per box."""
    dgx = DGX_BEFORE.search(text, max(0, s - 6), s)
    if not dgx:
        return None
    boxes = COUNT_BEFORE.search(text, max(0, dgx.start() - 32), dgx.start())
    n = (int(boxes["n"]) if boxes["n"] else COUNT_WORDS[boxes["w"].lower()]) if boxes else 1
    return (n * 8, boxes.start() if boxes else dgx.start(), e) if 1 <= n * 8 <= 4096 else None


BOX_WITH = re.compile(r"s?\s{0,3}(?:box|server|node|machine|system|chassis)?\s{0,3}(?:with|of|:|-)\s{0,3}"
                      r"(?P<n>[0-9]{1,4})\s{0,2}(?:x\s{0,2})?(?:gpus?|cards?)\b", FLAGS)


def _count(text: str, s: int, e: int) -> tuple[int | None, int, int]:
    if (box := BOX_WITH.match(text, e)) and 1 <= int(box["n"]) <= 4096:
        return int(box["n"]), s, box.end()  # "an H200 box with 8 GPUs"
    before = COUNT_BEFORE.search(text, max(0, s - 32), s)
    if before:
        n = int(before["n"]) if before["n"] else COUNT_WORDS[before["w"].lower()]
        nodes = NODES.search(text, max(0, before.start() - 6), before.start())
        boxes = BOXES_BEFORE.search(text, max(0, before.start() - 40), before.start())
        if before["n"] and nodes and NODE_AFTER.match(text, e):
            n, before = n * int(nodes["n"]), nodes  # "two 8×H100 nodes": 16 GPUs
        elif before["n"] and boxes and (boxes["x"] or EACH_AFTER.match(text, e)):
            n, before = n * int(boxes["n"]), boxes  # "2 servers with 4x A100 each", "3 nodes × 8 H100"
        if n == 1 and (per := EACH_UNIT.match(text, e)):
            n = int(per["n"])  # "one M4 Mac mini each, 140 stores"
        if 1 <= n <= 4096:
            return n, before.start(), e
    after = COUNT_AFTER.match(text, e)
    if after and 1 <= int(after["n"] or after["c"]) <= 4096:
        return int(after["n"] or after["c"]), s, after.end()
    return None, s, e


def quant(text: str, k: Knowledge | None) -> Found | None:
    for m in re.finditer(QUANT_NAME, text, FLAGS):
        raw = m.group()
        if re.fullmatch(r"q[2-8]", raw, FLAGS) and not re.match(r"\s{0,4}(?:quant|gguf|model|weights)", text[m.end():],
                                                                 FLAGS):
            continue
        entry = k.quants.find(raw) if k else None
        return Found("quant", entry.id if entry else raw, m.start(), m.end(), f"'{raw}'")
    return None
