"""How many devices the team has, beyond a count written right before the device's name (parse_names reads
that one): a fleet with devices in each unit ('300 kiosks, each with its own RTX 4060 Ti', 'Each of our 40 ships
has one L4'), a count said after the name ('a Mac Studio on every desk, 14 of them'), boxes of several ('Three H100
nodes, 8 GPUs each'), a total said outright ('so 4 cards') and corrections ('make that 6 GPUs not 8', "I said 4
L4s — it's 6"). One device in each of an unknown number of units is no count at all ('each boat has an RTX 3060').
Pure; every regex linear; counts stay within 1..4096."""

from __future__ import annotations

import re

from .parse_numbers import FLAGS, Found, sentence_bounds
from .parse_scope import correction_marks, is_correction, value_negated

MAX = 4096
_UNITS = (r"kiosks?|robots?|ships?|vessels?|boats?|stores?|shops?|sites?|branch(?:es)?|clinics?|locations?|"
          r"vehicles?|trucks?|cars?|vans?|drones?|devices?|desks?|laptops?|macbooks?|workstations?|offices?|"
          r"factories|factory|plants?|hospitals?|schools?|nodes?|servers?|boxes|box|machines?|hosts?|racks?|units?|"
          r"terminals?|rigs?|restaurants?|warehouses?|trains?|buses|bus|planes?|aircraft|tractors?|cameras?|"
          r"gateways?|appliances?|edge boxes|pcs?|computers?|phones?|tablets?|sensors?|stations?|cells?|towers?|"
          r"branches|outlets?|venues?|homes?|households?|customers?|sites|serveurs?|servidores?|knoten|nodi|nœuds|"
          r"máquinas|maschinen|rechner|macchine")
NUMBER = r"(?P<n>[0-9]{1,4})"
WORDS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16, "pair of": 2, "couple of": 2}
_WORD = (r"(?P<w>(?:a\s{1,3})?(?:pair|couple) of|an?|one|single|two|three|four|five|six|seven|eight|nine|ten|twelve|"
         r"sixteen)")
# "300 kiosks", "40 delivery robots", "Each of our 40 ships"
FLEET = re.compile(rf"(?<![\w.]){NUMBER}\s{{1,3}}(?:[a-z-]{{2,16}}\s{{1,3}}){{0,2}}?(?P<u>{_UNITS})\b", FLAGS)
# "each with its own", "each has one", "one ... each", "on every desk", "per kiosk", "in each ship"
PER_UNIT = re.compile(rf"\b(?:each|every|per)\s{{1,3}}(?:(?:of\s{{1,3}}(?:our|the|them|"
                      rf"those)\s{{1,3}})?(?:[0-9]{{1,4}}\s{{1,3}})?"
                      rf"(?:[a-z-]{{2,16}}\s{{1,3}})?(?:{_UNITS})|one|with|has|have|gets?|carries|runs|got)\b|"
                      rf"\bwith its own\b|\b(?:{_UNITS})\s{{1,3}}(?:each|apiece)\b|"
                      rf"\b(?:one|a single)\s{{1,3}}(?:[a-z-]{{2,16}}\s{{1,3}})?(?:each|apiece)\b", FLAGS)
EACH_AFTER = re.compile(rf"[^.;!?\n0-9]{{0,24}}?\b(?:each|apiece|per (?:{_UNITS})|chacun|chacune|cada uno|cada una|"
                        r"jeweils|ciascuno|ognuno|elk)\b", FLAGS)
# "Delivery vans carry a rugged box with an RTX A5000": units (plural) that each have one
UNITS_HAVE = re.compile(rf"\b(?:{_UNITS})(?<=s)\s{{1,3}}(?:(?:all|each|usually|typically|also|now|normally)\s{{1,3}})?"
                        rf"(?:carry|have|get|run|hold|use|contain)\b", FLAGS)
COUNT_BEFORE = re.compile(rf"(?<![\w.])(?:{NUMBER}|{_WORD})(?:\s{{0,2}}[x×]\s{{0,2}}|\s{{1,3}})"
                          rf"(?:[a-z-]{{2,12}}\s{{1,3}}){{0,2}}$", FLAGS)
PIECES = re.compile(rf"(?<![\w.]){NUMBER}\s{{1,3}}(?:pieces?|pcs\.?|units?|stk\.?|stück|unidades|"
                    rf"pièces)\s{{1,3}}(?:of\s{{1,3}})?"
                    rf"(?:nvidia\s{{1,3}})?$", FLAGS)
# "3 GPUs (A10G)", "2 RTX 4000-series cards, 4060 Ti 16GB specifically": a count of cards, then which ones
GPUS_PAREN = re.compile(rf"(?<![\w.])(?:{NUMBER}|{_WORD})\s{{1,3}}(?:[\w-]{{2,16}}\s{{1,3}}){{0,2}}?"
                        rf"(?:gpus?|cards?|accelerators?)"
                        rf"\s{{0,2}}[(:,—–]\s{{0,2}}$", FLAGS)
MINE_ONE = re.compile(r"\b(?:my|our (?:one|single|only))\s{1,3}(?:[a-z-]{2,12}\s{1,3})?$", FLAGS)
OF_THEM = re.compile(rf"(?<![\w.]){NUMBER}\s{{1,3}}of\s{{1,3}}(?:them|those|these|'em)\b", FLAGS)
TOTAL = re.compile(rf"(?:\b(?:so|that's|thats|that is|i\.e\.|total(?:ling)?|in total|altogether|overall)|=|[—–:]|"
                   rf"\s-)\s{{0,3}}:?"
                   rf"\s{{0,3}}{NUMBER}\s{{1,3}}(?:[a-z-]{{2,12}}\s{{1,3}})?(?:gpus|cards|devices|"
                   rf"accelerators)\b(?!\s{{0,3}}(?:each|apiece|per|in each|a piece)\b)", FLAGS)
TOTAL_AFTER = re.compile(rf"(?<![\w.]){NUMBER}\s{{1,3}}(?:(?:gpus|cards|of them)\s{{1,3}})?"
                         rf"(?:in total|total|altogether|all told|overall)\b", FLAGS)
# "2 MacBook Pros with M4 Max", "a Mac Studio with M2 Ultra", "85 laptops w/ RTX 4070", "three Framework Desktops
# (Ryzen AI Max+ 395, 128GB)": hosts with one device each
HOSTS_WITH = re.compile(rf"(?<![\w.])(?:{NUMBER}|{_WORD})\s{{1,3}}(?:[a-z-]{{2,12}}\s{{1,3}}){{1,2}}?"
                        rf"(?:(?:with|w/|featuring)\s{{1,3}}(?:an?\s{{1,3}}|the\s{{1,3}}|apple\s{{1,3}})?|\(\s{{0,2}})$",
                        FLAGS)
# "the Mac mini M4 Pro we already have", "a 4090 that I own": one device, the team's
ONE_OWNED = re.compile(r"\b(?:the|a|an|my|one|single)\s{1,3}(?:[a-z-]{2,12}\s{1,3}){0,2}$", FLAGS)
OWNED_AFTER = re.compile(r"(?:\s{1,3}(?:mac studio|mac mini|macbook(?: pro| air)?|workstation|box|desktop|laptop|"
                         r"card|gpu|machine|pc))?"
                         r"\s{0,3}(?:that\s{1,3}|which\s{1,3})?(?:we|i)\s{1,3}(?:already\s{1,3})?(?:have|own|got|bought)\b|"
                         r"[^.;!?\n]{0,40}?\bjust the one\b", FLAGS)
NOT_SINGLE = re.compile(r"s?\s{0,3}(?:nodes?|clusters?|servers?|pods?|racks?|instances?|fleet|farm|boxes)\b", FLAGS)
# "2 h100 nodes (16 gpus)", "two DGX boxes [16 GPUs total]": the total said right after the device phrase
PAREN_TOTAL = re.compile(rf"(?:s|'s)?\s{{0,3}}(?:[a-z-]{{2,12}}\s{{1,3}})?(?:(?:nodes?|servers?|boxes|box|machines?|"
                         rf"hosts?|systems?|chassis)\s{{0,3}})?[(\[]\s{{0,3}}(?:=\s{{0,2}}|total\s{{1,3}}|so\s{{1,3}}|"
                         rf"i\.e\.\s{{0,2}})?{NUMBER}\s{{1,3}}(?:[a-z-]{{2,12}}\s{{1,3}})?(?:gpus|cards|devices|"
                         rf"accelerators)\b(?!\s{{0,3}}(?:each|apiece|per|in each|a piece)\b)", FLAGS)
BOX_EACH = re.compile(rf"(?:nodes?|servers?|boxes|machines?|hosts?|serveurs?|servidores?|knoten)\b[^.;!?\n0-9]{{0,12}}?"
                      rf",?\s{{0,3}}(?:with\s{{1,3}})?{NUMBER}\s{{1,3}}(?:(?:gpus?|cards?|of them|accelerators?|chips?|"
                      rf"devices?)\s{{0,3}})?(?:each|apiece|per (?:node|server|box|machine|host)|in each)\b", FLAGS)
GPU_COUNT = re.compile(rf"(?<![\w.]){NUMBER}\s{{1,3}}(?:gpus?|cards?|of them)\b", FLAGS)
SAME_COUNT = re.compile(r"\bsame (?:count|number|amount)\b", FLAGS)
BARE = re.compile(rf"(?<![\w.$€£]){NUMBER}(?![\w.,]?[0-9])(?!\s{{0,2}}(?:%|x\b|×|[a-z]))", FLAGS)


def revise(text: str, found: list[Found]) -> list[Found]:
    """``found`` with the hardware counts this module can read better replaced (or dropped)."""
    devices = [f for f in found if f.field == "hardware"]
    if not devices:
        gpus = _gpus_only(text)
        return found + ([gpus] if gpus else [])
    counts = [f for f in found if f.field == "hardware_count"]
    out = [f for f in found if f.field != "hardware_count"]
    for d in devices:
        mine = [c for c in counts if c.start <= d.start and d.end <= c.end]
        new = _count(text, d, mine)
        if new is None:
            out += mine
        elif new.value:
            out.append(new)
    return out + [c for c in counts if not any(c.start <= d.start and d.end <= c.end for d in devices)]


OWNS = re.compile(r"\b(?:we|i)\s{1,3}(?:have|own|run|got|'ve got|have got)\s{1,3}(?:about\s{1,3}|around\s{1,3})?$|"
                  r"\b(?:our|there are|there're)\s{1,3}$", FLAGS)


def _gpus_only(text: str) -> Found | None:
    """'we own 8 GPUs', 'scratch that — not 8 GPUs, 6': a count of GPUs with no device named."""
    marks = correction_marks(text)
    said = [m for m in GPU_COUNT.finditer(text) if not value_negated(text, m.start())]
    denied = [m for m in GPU_COUNT.finditer(text) if value_negated(text, m.start())]
    if denied and marks:
        fix = [b for b in BARE.finditer(text, denied[-1].end()) if is_correction(text, marks, b.start())]
        if fix and 1 <= int(fix[0]["n"]) <= MAX:
            return Found("hardware_count", int(fix[0]["n"]), fix[0].start(), fix[0].end(),
                         f"{fix[0]['n']} GPUs (as corrected)", correction=True)
    owned = [m for m in said if (OWNS.search(text, max(0, m.start() - 24), m.start())
                                 or is_correction(text, marks, m.start()))
             and (not m.group().lower().endswith("them")
                  or re.search(r"\b(?:gpus?|cards?)\b", text[:m.start()], FLAGS))]
    if owned and 1 <= int(owned[-1]["n"]) <= MAX:
        m = owned[-1]
        return Found("hardware_count", int(m["n"]), m.start(), m.end(), f"{m['n']} GPUs",
                     correction=is_correction(text, marks, m.start()))
    return None


def _num(m: re.Match[str]) -> int:
    return int(m["n"]) if m["n"] else WORDS[re.sub(r"^a (?=pair|couple)", "", " ".join(m["w"].lower().split()))]


def _count(text: str, d: Found, mine: list[Found]) -> Found | None:
    """A better count for device ``d`` (value 0: there is none), or None to keep what parse_names read."""
    left, right = sentence_bounds(text, d.start, d.end, 160)
    before = text[max(left, d.start - 40):d.start]
    stated = COUNT_BEFORE.search(before)
    per = _num(stated) if stated else 1
    total = PAREN_TOTAL.match(text, d.end) or TOTAL.search(text, d.end, right) or TOTAL_AFTER.search(text, d.end, right)
    if total and _num(total) >= max([1, *(int(c.value) for c in mine)]):  # "..., 24 in total", "— 16 GPUs"
        marks = correction_marks(text)
        return _found(_num(total), d, min(total.start(), d.start), max(total.end(), d.end), "a total said outright",
                      is_correction(text, marks, total.start()))
    fix = _corrected(text, d, mine)
    if units := _units_counted(text, d):
        how_many, where = units
        each_one = int(fix.value) if fix else per
        start = d.start - len(before) + stated.start() if stated else d.start
        return _found(each_one * how_many, d, min(where.start(), start), max(where.end(), d.end),
                      f"{each_one} each in {how_many} {where.group().split()[-1]}", bool(fix))
    if fix:
        return fix
    if not mine and (gpus := GPUS_PAREN.search(before)):  # "3 GPUs (A10G)"
        return _found(_num(gpus), d, d.start - len(before) + gpus.start(), d.end, "GPUs of this kind")
    if not mine and (pieces := PIECES.search(before)):  # "2 pieces RTX 4090", "8 pieces of A100"
        return _found(int(pieces["n"]), d, d.start - len(before) + pieces.start(), d.end, "pieces")
    if not mine and MINE_ONE.search(before) and not re.search(r"s$|'s$", str(text[d.start:d.end])):
        return _found(1, d, d.start - 3, d.end, "one, theirs")  # "runs on my M4 Max"
    if not mine and (hosts := HOSTS_WITH.search(before)):
        return _found(_num(hosts), d, d.start - len(before) + hosts.start(), d.end, "one in each")
    if not mine and ONE_OWNED.search(before) and not re.search(r"s$|'s$", str(text[d.start:d.end])) \
            and not NOT_SINGLE.match(text, d.end) and (own := OWNED_AFTER.match(text, d.end)):
        return _found(1, d, d.start, max(d.end, own.end()), "one, theirs")
    if (box := BOX_EACH.search(text, d.end, min(right, d.end + 60))) and stated and stated["w"] not in ("a", "an"):
        return _found(per * int(box["n"]), d, d.start - len(before) + stated.start(), box.end(),
                      f"{per} boxes × {box['n']} GPUs")
    if mine and stated and min(c.start for c in mine) < d.start - len(stated.group()):
        return None  # parse_names already multiplied boxes by GPUs ("2 servers with 4x A100 each")
    of_them = [m for m in OF_THEM.finditer(text, max(0, left - 60), right) if not value_negated(text, m.start())]
    each = PER_UNIT.search(text, left, right) or EACH_AFTER.match(text, d.end) or UNITS_HAVE.search(text, left, d.start)
    fleets = [m for m in FLEET.finditer(text, max(0, left - 200), right)
              if not (m.start() < d.end and d.start < m.end()) and not value_negated(text, m.start())
              and not (m.end() <= d.start and re.search(r"[.!?]\s", text[m.end():d.start]) and not each)]
    if of_them and (not stated or stated["w"] in ("a", "an", "one", "single") or each):
        m = of_them[0]
        return _found(per * int(m["n"]), d, min(m.start(), d.start), max(m.end(), d.end), f"{m['n']} of them")
    if each and fleets and per >= 1:
        m = min(fleets, key=lambda f: abs(f.start() - d.start))
        n = per * int(m["n"])
        return _found(n, d, min(m.start(), d.start), max(m.end(), d.end), f"{m['n']} {m['u']} × {per} each")
    if each and per == 1 and mine and (re.search(r"\b(?:each|every|per)\b", text[left:d.start], FLAGS)
                                       or EACH_AFTER.match(text, d.end) or UNITS_HAVE.search(text, left, d.start)):
        return Found("hardware_count", 0, d.start, d.end, "one in each of an unknown number of units")
    if SAME_COUNT.search(text) and not mine:
        earlier = [m for m in GPU_COUNT.finditer(text, 0, d.start)] or list(re.finditer(
            r"(?<![\w.])(?P<n>[0-9]{1,4})\s{1,3}[a-z]{0,3}[0-9]{2,4}", text[:d.start], FLAGS))
        if earlier:
            return _found(int(earlier[-1]["n"]), d, earlier[-1].start(), d.end, "the same count as before")
    return None


# "One RTX 4090 workstation per line, 6 lines", "1 x M3 Max MacBook per dev, 20 devs", "8 L40S per box ... two boxes":
# devices per unit of something the message counts elsewhere, whatever the unit is called.
PER_NOUN = re.compile(r"(?:s|'s)?\)?\s{0,3}(?:[a-z-]{2,16}\s{1,3}){0,2}?(?:per|each|for each|in each|on each|at each|"
                      r"in every|on every|for every)\s{1,3}(?P<u>[a-z]{2,16})\b", FLAGS)
NOT_UNIT = frozenset(["day", "hour", "minute", "second", "week", "month", "year", "gpu", "gpus", "card", "cards",
                      "token", "tokens", "request", "requests", "query", "call", "one", "the", "of", "month", "other",
                      "model", "stream", "user", "session", "instance", "replica", "shift"])


def _units_counted(text: str, d: Found) -> tuple[int, re.Match[str]] | None:
    """How many of the unit named right after device ``d`` ('per line', 'each box') the message counts elsewhere."""
    per = PER_NOUN.match(text, d.end)
    if not per or per["u"].lower() in NOT_UNIT:
        return None
    stem = re.sub(r"(?:es|s)$", "", per["u"].lower()) if len(per["u"]) > 3 else per["u"].lower()
    rx = re.compile(rf"(?<![\w.$€£])(?:{NUMBER}|{_WORD})\s{{1,3}}(?:[a-z-]{{2,16}}\s{{1,3}}){{0,2}}?"
                    rf"{re.escape(stem)}(?:e?s)?\b", FLAGS)
    for m in rx.finditer(text):
        if not (m.start() < per.end() and d.start < m.end()) and not value_negated(text, m.start()) \
                and 2 <= _num(m) <= MAX:
            return _num(m), m
    return None


def _corrected(text: str, d: Found, mine: list[Found]) -> Found | None:
    """'make that 6 GPUs not 8', "I said 4 L4s — it's 6": a count after a correction word."""
    marks = correction_marks(text)
    if not marks:
        return None
    after = max((c.end for c in mine), default=0)
    for m in [*GPU_COUNT.finditer(text), *BARE.finditer(text, after)] if mine else GPU_COUNT.finditer(text):
        if value_negated(text, m.start()) or (mine and m.start() < after and not GPU_COUNT.match(text, m.start())):
            continue
        if is_correction(text, [k for k in marks if k > after], m.start()) and 1 <= int(m["n"]) <= MAX:
            return _found(int(m["n"]), d, min(m.start(), d.start), max(m.end(), d.end), "as corrected", True)
    return None


def _found(n: int, d: Found, start: int, end: int, how: str, correction: bool = False) -> Found | None:
    if not 1 <= n <= MAX:
        return None
    return Found("hardware_count", n, min(start, d.start), max(end, d.end), f"{n} × {d.value} ({how})",
                 correction=correction)
