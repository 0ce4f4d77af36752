"""Which language a message is in, well enough to say "I read English" (German, French, Spanish, Italian,
Portuguese are told apart by their most common short words; everything else counts as English)."""

from __future__ import annotations

import re

STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset([
        "der", "die", "das", "und", "wir", "ist", "sind", "nicht", "mit", "für", "pro", "haben", "hat", "ein",
        "eine", "einen", "im", "am", "auf", "wäre", "ungefähr", "etwa", "ca", "unsere", "unser", "eigenen",
        "aus", "geben", "monat", "tag", "woche", "anfragen", "wir", "ja", "nein", "sehr", "auch", "oder",
        "aber", "noch", "nur", "schon"
    ]),
    "nl": frozenset([
        "wij", "zijn", "hebben", "het", "een", "van", "op", "met", "ongeveer", "draaien", "nu", "zitten", "verzoeken",
        "elk", "zo'n", "kost", "ons", "maand", "kaarten", "niet", "voor", "naar", "ook", "maar", "dat", "deze",
        "wordt", "worden", "onze", "gebruiken", "uur", "dag", "hoi", "hallo", "graag", "ik", "jullie", "heel"
    ]),
    "fr": frozenset([
        "nous", "le", "la", "les", "des", "et", "est", "une", "sur", "avec", "pour", "environ", "par", "jour",
        "déjà", "c'est", "qu'on", "on", "vise", "données", "chez", "mois", "semaine", "notre", "nos", "sont",
        "mais", "aussi", "très", "modèle", "hébergées"
    ]),
    "es": frozenset([
        "nuestro", "nuestra", "unos", "unas", "al", "día", "con", "y", "gastamos", "usamos", "el", "los",
        "las", "una", "por", "mes", "cuantos", "cuántos", "lunes", "tenemos", "somos", "datos", "pero",
        "también", "muy", "modelo", "picos", "semana"
    ]),
    "it": frozenset([
        "il", "nostro", "nostra", "di", "è", "circa", "con", "abbiamo", "ognuno", "fa", "al", "giorno", "da",
        "venerdì", "mese", "costo", "mensile", "utenti", "richieste", "modello", "picchi", "sono", "siamo",
        "anche", "molto"
    ]),
    "pt": frozenset([
        "usamos", "em", "placas", "próprias", "cerca", "de", "por", "mês", "nós", "temos", "nossa", "nosso",
        "dados", "com", "uma", "são", "também", "muito", "modelo", "semana", "dia"
    ]),
}
ENGLISH = frozenset([
        "the", "a", "an", "and", "we", "our", "is", "are", "of", "to", "in", "for", "on", "with", "it",
        "that", "this", "have", "has", "be", "about", "per", "day", "month", "we're", "it's", "our", "us",
        "not", "no", "but", "so", "if", "at", "by", "as", "from", "or"
    ])
# A period written in the language ("tokens/jour", "pro Tag", "al día") says more than any one common word.
PERIODS = {"fr": "jour|mois|semaine|an", "de": "tag|monat|woche|jahr", "es": "día|dia|mes|semana|año",
           "it": "giorno|mese|settimana|anno", "pt": "dia|mês|semana|ano", "nl": "dag|maand|jaar"}
PERIOD = {code: re.compile(rf"(?:/\s?|\b(?:par|pro|al|por|au|per|im|am|ao|a|le)\s)(?:{words})\b", re.IGNORECASE)
          for code, words in PERIODS.items()}
NAMES = {"nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese"}
WORD = re.compile(r"[a-zà-öø-ÿ']+", re.IGNORECASE)


def detect(text: str) -> str:
    """'en', or the code of the language whose common words clearly outnumber English ones."""
    words = [w.lower() for w in WORD.findall(text[:2000])]
    if not words:
        return "en"
    english = sum(w in ENGLISH for w in words)
    scores = {code: sum(w in vocab for w in words) + 3 * len(PERIOD[code].findall(text[:2000]))
              for code, vocab in STOPWORDS.items()}
    code, best = max(scores.items(), key=lambda kv: kv[1])
    accented = any(ch in "äöüßéèêàçñãõìò" for ch in text.lower())
    if (best >= 3 and best > 1.5 * english) or (best >= 2 and accented and best > english):
        return code
    return "en"


def warning(code: str) -> str:
    return (f"This looks like {NAMES.get(code, 'another language')}: I read English, so I used only the "
            "numbers and names I could find; please check them, or say it in English.")
