"""The words of a volume sentence in other languages, glossed into the English the rules read.

A message in German, Dutch, French, Spanish, Italian, Portuguese, Polish, Swedish or Czech says its volume with the
same grammar as an English one (a count, a period, 'each', a size in tokens): 'Pro Tag etwa 1,5 Mio. Anfragen mit je
400 Tokens' is 'per day about 1.5M requests with each 400 tokens'. Glossing the few words that carry that grammar
(periods, 'per', 'each', 'about', 'with', 'of', the things counted, people, 'tokens') lets the one English reader read
them, and every fact keeps the user's own words as its span (the gloss is a rewrite of the canonical text only).
Only the detected language's glossary is applied, so a word that means something else in English or in another
language ('je', 'na', 'de', 'per') is glossed only where it means what the gloss says. Pure; one regex per
language, an alternation of literal words (linear).
"""

from __future__ import annotations

import re
import unicodedata

# word → English, per language; several words may share one gloss. Multi-word entries come first in matching
# (the alternation is sorted longest first).
_GLOSS: dict[str, dict[str, str]] = {
    "de": {
        "pro tag": "per day", "am tag": "a day", "je tag": "per day", "täglich": "daily", "pro arbeitstag": "per day",
        "pro woche": "per week", "in der woche": "a week", "wöchentlich": "weekly", "pro monat": "per month",
        "im monat": "a month", "monatlich": "monthly", "pro jahr": "per year", "im jahr": "a year",
        "jährlich": "yearly", "pro stunde": "per hour", "stündlich": "hourly", "tag": "day", "tage": "days",
        "woche": "week", "wochen": "weeks", "monat": "month", "monate": "months", "jahr": "year", "stunde": "hour",
        "etwa": "about", "ungefähr": "about", "ca.": "about", "circa": "about", "rund": "about", "knapp": "about",
        "durchschnittlich": "on average", "im schnitt": "on average", "je": "each", "jeweils": "each",
        "jede": "each", "jeder": "each", "jedes": "each", "pro": "per", "mit": "with", "und": "and",
        "anfragen": "requests", "anfrage": "request", "fragen": "questions", "frage": "question",
        "nutzer": "users", "benutzer": "users", "mitarbeiter": "employees", "mitarbeitende": "employees",
        "dokumente": "documents", "dokument": "document", "nachrichten": "messages", "aufrufe": "calls",
    },
    "nl": {
        "per dag": "per day", "dagelijks": "daily", "per week": "per week", "wekelijks": "weekly",
        "per maand": "per month", "maandelijks": "monthly", "per jaar": "per year", "per uur": "per hour",
        "dag": "day", "dagen": "days", "maand": "month", "maanden": "months", "jaar": "year", "uur": "hour",
        "ongeveer": "about", "zo'n": "about", "circa": "about", "ruim": "about", "bijna": "about",
        "gemiddeld": "on average", "elk": "each", "elke": "each", "ieder": "each", "iedere": "each",
        "met": "with", "en": "and", "vragen": "questions", "vraag": "question",
        "verzoeken": "requests", "aanvragen": "requests", "gebruikers": "users", "medewerkers": "employees",
        "werknemers": "employees", "documenten": "documents", "berichten": "messages",
    },
    "fr": {
        "par jour": "per day", "par semaine": "per week", "par mois": "per month", "par an": "per year",
        "par année": "per year", "par heure": "per hour", "quotidien": "daily", "quotidiens": "daily",
        "quotidienne": "daily", "quotidiennes": "daily", "mensuel": "monthly", "mensuels": "monthly",
        "jour": "day", "jours": "days", "semaine": "week", "semaines": "weeks", "mois": "month",
        "année": "year", "heure": "hour", "environ": "about", "à peu près": "about", "près de": "about",
        "en moyenne": "on average", "chaque": "each", "chacune": "each", "chacun": "each", "par": "per",
        "avec": "with", "et": "and", "requêtes": "requests", "requête": "request",
        "demandes": "requests", "demande": "request", "utilisateurs": "users", "employés": "employees",
        "salariés": "employees", "collaborateurs": "employees", "jetons": "tokens", "jeton": "token",
        "appels": "calls", "messages": "messages",
    },
    "es": {
        "al día": "a day", "al dia": "a day", "por día": "per day", "por dia": "per day", "diarias": "daily",
        "diarios": "daily", "diariamente": "daily", "a la semana": "a week", "por semana": "per week",
        "semanales": "weekly", "al mes": "a month", "por mes": "per month", "mensuales": "monthly",
        "al año": "a year", "por año": "per year", "por hora": "per hour", "día": "day", "dia": "day",
        "días": "days", "semana": "week", "semanas": "weeks", "mes": "month", "meses": "months", "año": "year",
        "unos": "about", "unas": "about", "aproximadamente": "about", "alrededor de": "about",
        "cerca de": "about", "casi": "about", "en promedio": "on average", "de media": "on average",
        "cada uno": "each one", "cada una": "each one", "cada": "each", "por": "per", "con": "with", "y": "and",
        "solicitudes": "requests", "peticiones": "requests", "consultas": "queries",
        "preguntas": "questions", "usuarios": "users", "empleados": "employees", "documentos": "documents",
        "mensajes": "messages", "llamadas": "calls",
    },
    "it": {
        "al giorno": "a day", "giornaliere": "daily", "giornalieri": "daily", "a settimana": "a week",
        "alla settimana": "a week", "al mese": "a month", "mensili": "monthly", "all'anno": "a year",
        "all'ora": "an hour", "all'": "a ", "giorno": "day", "giorni": "days", "settimana": "week",
        "mese": "month", "mesi": "months", "anno": "year", "circa": "about", "quasi": "about",
        "in media": "on average", "ognuna": "each", "ognuno": "each", "ogni": "each", "con": "with", "e": "and",
        "richieste": "requests", "richiesta": "request", "domande": "questions", "utenti": "users",
        "dipendenti": "employees", "documenti": "documents", "messaggi": "messages", "chiamate": "calls",
    },
    "pt": {
        "por dia": "per day", "ao dia": "a day", "diárias": "daily", "diários": "daily",
        "por semana": "per week", "por mês": "per month", "por mes": "per month", "ao mês": "a month",
        "mensais": "monthly", "por ano": "per year", "por hora": "per hour", "dia": "day", "dias": "days",
        "semana": "week", "mês": "month", "meses": "months", "ano": "year", "cerca de": "about", "uns": "about",
        "umas": "about", "aproximadamente": "about", "quase": "about", "em média": "on average",
        "cada um": "each one", "cada uma": "each one", "cada": "each", "por": "per", "com": "with", "e": "and",
        "requisições": "requests", "pedidos": "requests", "consultas": "queries",
        "perguntas": "questions", "usuários": "users", "funcionários": "employees", "documentos": "documents",
        "mensagens": "messages", "chamadas": "calls",
    },
    "pl": {
        "na dzień": "per day", "dziennie": "daily", "na tydzień": "per week", "tygodniowo": "weekly",
        "w tygodniu": "a week", "na miesiąc": "per month", "miesięcznie": "monthly", "w miesiącu": "a month",
        "rocznie": "yearly", "na godzinę": "per hour", "dzień": "day", "tydzień": "week", "miesiąc": "month",
        "około": "about", "ok.": "about", "jakieś": "about", "mniej więcej": "about", "średnio": "on average",
        "każdy": "each", "każde": "each", "każda": "each", "na": "per", "i": "and", "zapytań": "requests",
        "zapytania": "requests", "zapytanie": "request", "pytań": "questions", "pytania": "questions",
        "pytanie": "question", "użytkowników": "users", "pracowników": "employees", "dokumentów": "documents",
        "wiadomości": "messages", "tokenów": "tokens", "tokeny": "tokens", "tokena": "token",
    },
    "sv": {
        "om dagen": "a day", "per dag": "per day", "i veckan": "a week", "per vecka": "per week",
        "i månaden": "a month", "per månad": "per month", "om året": "a year", "per år": "per year",
        "dag": "day", "dagar": "days", "vecka": "week", "månad": "month", "år": "year", "cirka": "about",
        "ungefär": "about", "runt": "about", "i snitt": "on average", "varje": "each", "vardera": "each",
        "med": "with", "och": "and", "förfrågningar": "requests", "anrop": "calls", "frågor": "questions",
        "användare": "users", "anställda": "employees", "dokument": "documents", "meddelanden": "messages",
    },
    "cs": {
        "za den": "per day", "denně": "daily", "za týden": "per week", "týdně": "weekly",
        "za měsíc": "per month", "měsíčně": "monthly", "ročně": "yearly", "den": "day", "týden": "week",
        "měsíc": "month", "rok": "year", "asi": "about", "zhruba": "about", "přibližně": "about",
        "cca": "about", "průměrně": "on average", "každý": "each", "každá": "each", "každé": "each",
        "na": "per", "a": "and", "dotazů": "queries", "dotazy": "queries", "požadavků": "requests",
        "uživatelů": "users", "zaměstnanců": "employees", "dokumentů": "documents", "tokenů": "tokens",
    },
}
# Scripts without spaces between words: glossed wherever they occur, padded with spaces.
_CJK = {"トークン": "tokens", "토큰": "tokens", "リクエスト": "requests", "요청": "requests", "请求": "requests",
        "約": "about", "约": "about", "大约": "about", "およそ": "about", "대략": "about"}


def _pattern(words: dict[str, str]) -> re.Pattern[str]:
    """Whole words; an elided article or preposition ("d'", "all'") is glued to the word after it."""
    alts = "|".join(re.escape(w) + (r"(?=\w)" if w.endswith("'") else r"(?![\w'])")
                    for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})", re.IGNORECASE)


PATTERNS = {code: _pattern(words) for code, words in _GLOSS.items()}
CJK = re.compile("|".join(re.escape(w) for w in sorted(_CJK, key=len, reverse=True)))


# the thing counted right after a figure keeps its letters but loses its accents, so the reader's nouns ([a-z])
# take it: '15.000 pólizas al mes' is counted like '15.000 polizas' (other words keep theirs: 'würde' is a
# hypothetical the scope rules know)
COUNTED = re.compile(r"(?<=[0-9kKmM] )[^\W\d_]*[à-öø-ÿĀ-ž][^\W\d_]*")


def fold(match: re.Match[str]) -> tuple[str, str]:
    word = match.group()
    base = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return (base if len(base) == len(word) else word), ""


def gloss(code: str, match: re.Match[str]) -> tuple[str, str]:
    """The English of one matched word (a note is not needed: the span keeps the user's word)."""
    if code == "other":
        return f" {_CJK[match.group()]} ", ""
    return _GLOSS[code][match.group().lower()], ""


def pattern(code: str) -> re.Pattern[str] | None:
    """The glossary of a language code from ``parse_language.detect`` ('other' = a non-Latin script)."""
    return CJK if code == "other" else PATTERNS.get(code)
