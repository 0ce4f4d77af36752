"""Which language a message is in, well enough to say "I read English": German, Dutch, French, Spanish, Italian
and Portuguese are told apart by their most common short words, a message mostly in another script (Cyrillic,
Greek, Arabic, Hebrew, CJK, Thai, Devanagari) is "other", and everything else counts as English."""

from __future__ import annotations

import re

# The most common function words of each language (articles, pronouns, prepositions, auxiliaries,
# conjunctions: the Snowball stop-word lists' core), plus a few words of the domain (day, month, data, model).
# Words that are also common English words ("a", "in", "on", "no", "do", "we", "per", "as") are left out.
_COMMON: dict[str, str] = {
    "de": """der die das den dem des und wir ist sind nicht mit für pro haben hat habe ein eine einen einem
        einer im am auf wäre ungefähr etwa ca unsere unser unseren unserem eigenen eigene aus geben monat tag
        woche anfragen ja nein sehr auch oder aber noch nur schon ich du sie ihr es wird werden wurde bei von
        zu zum zur über unter nach vor wie wenn dass weil dann kein keine keinen mehr können müssen soll
        sollen darf dürfen möchten brauchen läuft laufen pro täglich monatlich daten modell ob gibt jetzt""",
    "nl": """wij zijn hebben het een van op met ongeveer draaien nu zitten verzoeken elk zo'n kost ons maand
        kaarten niet voor naar ook maar dat deze wordt worden onze gebruiken uur dag hoi hallo graag ik jullie
        heel mijn zij hij er bij uit tot nog geen wel dan als wat welke moet moeten kunnen willen mag
        dagelijks maandelijks gegevens eigen ongeveer zowat rond""",
    "fr": """nous le la les des et est une un sur avec pour environ par jour déjà c'est qu'on on vise données
        chez mois semaine notre nos sont mais aussi très modèle hébergées je tu il elle ils vous du au aux
        ce cette ces qui que dans pas ne peut peuvent doit doivent faut avons avez été être où quand
        combien nos leur leurs mon ma mes sans selon par chaque quotidien mensuel hébergé serveurs
        actuelle actuel actuels actuelles actuellement requêtes jetons coût coûte dépense dépenses cartes""",
    "es": """nuestro nuestra nuestros nuestras unos unas al día con y gastamos usamos el los las una por mes
        cuantos cuántos lunes tenemos somos datos pero también muy modelo picos semana yo tú él ella
        nosotros ellos del en que es son está están estamos hay para sin sobre como cuando donde más
        puede pueden debe deben necesitamos queremos cada diario mensual servidores propios alrededor
        cuántas cuánto cuantas usuarios clientes dólares millones mil""",
    "it": """il lo gli nostro nostra nostri nostre di è circa con abbiamo ognuno fa al giorno da venerdì mese
        costo mensile utenti richieste modello picchi sono siamo anche molto io tu lui lei noi voi loro
        del della dei delle nel nella che per tra fra quando dove più può possono deve devono
        vogliamo ogni giornaliero dati propri e gli utenti milioni mila""",
    "pt": """usamos em placas próprias próprios cerca de por mês nós temos nossa nosso nossos nossas dados com
        uma são também muito modelo semana dia eu você ele ela eles da dos das na nos nas que não
        para sem sobre como quando onde mais pode podem deve devem precisamos queremos cada diário mensal
        servidores aproximadamente estamos está estão e o os duas dois queremos saber vale pena
        usuários clientes dólares milhões mil gasto gastos gastamos hoje atualmente custo custa mensal
        requisições""",
    "pl": """jest są nie tak się że od dla po przez około dziennie miesięcznie tygodniowo nasz nasze nasza
        naszych naszego mamy mają potrzebujemy chcemy tokenów tokeny karty kart karta serwer serwery serwerów
        dane danych ruch zapytań zapytania użytkowników dzień miesiąc tydzień oraz albo ale czy jak już
        tylko bardzo jeszcze może muszą musi być będzie modelu""",
    "sv": """vi är har kör och inte med för på av ett en det den som eller också mycket våra vår
        vårt cirka ungefär dag dagen månad vecka har behöver vill kan ska måste modellen
        servrar användare förfrågningar""",
    "cs": """jsme máme je není se že od po přes asi zhruba denně měsíčně týdně naše náš našich potřebujeme
        chceme tokenů karty servery dat dotazů uživatelů den měsíc týden nebo ale jak už jen
        velmi ještě může musí být bude modelu""",
}
STOPWORDS: dict[str, frozenset[str]] = {code: frozenset(words.split()) for code, words in _COMMON.items()}
ENGLISH = frozenset([
        "the", "a", "an", "and", "we", "our", "is", "are", "of", "to", "in", "for", "on", "with", "it",
        "that", "this", "have", "has", "be", "about", "per", "day", "month", "we're", "it's", "our", "us",
        "not", "no", "but", "so", "if", "at", "by", "as", "from", "or"
    ])
# A period written in the language ("tokens/jour", "pro Tag", "al día") says more than any one common word.
PERIODS = {"fr": "jour|mois|semaine|an", "de": "tag|monat|woche|jahr", "es": "día|dia|mes|semana|año",
           "it": "giorno|mese|settimana|anno", "pt": "dia|mês|semana|ano", "nl": "dag|maand|jaar",
           "pl": "dzień|miesiąc|tydzień|rok", "sv": "dag|dygn|månad|vecka|år", "cs": "den|měsíc|týden|rok"}
PERIOD = {code: re.compile(rf"(?:/\s?|\b(?:par|pro|al|por|au|per|im|am|ao|a|le|na|za)\s)(?:{words})\b", re.IGNORECASE)
          for code, words in PERIODS.items()}
# French typography puts a space before a colon or semicolon ("Charge : 3 000 requêtes"); no English writer in the
# tuning sets does, so each one counts like a period written in French.
TYPOGRAPHY = {"fr": re.compile(r"\w\s[:;](?:\s|$)")}
NAMES = {"nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
         "pl": "Polish", "sv": "Swedish", "cs": "Czech"}
WORD = re.compile(r"[a-zà-öø-ÿĀ-ž']+", re.IGNORECASE)


OTHER_SCRIPT = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                          r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def detect(text: str) -> str:
    """'en', the code of the language whose common words clearly outnumber English ones, or 'other' for a
    message written mostly in a script other than Latin (Cyrillic, Greek, Arabic, Hebrew, CJK, Thai...)."""
    sample = text[:2000]
    letters = sum(ch.isalpha() for ch in sample)
    if letters and len(OTHER_SCRIPT.findall(sample)) > letters / 2:
        return "other"
    words = [w.lower() for w in WORD.findall(sample)]
    if not words:
        return "en"
    english = sum(w in ENGLISH for w in words)
    scores = {code: sum(w in vocab for w in words) + 3 * len(PERIOD[code].findall(text[:2000]))
              + 2 * min(3, len(TYPOGRAPHY[code].findall(sample)) if code in TYPOGRAPHY else 0)
              for code, vocab in STOPWORDS.items()}
    code, best = max(scores.items(), key=lambda kv: kv[1])
    accented = any(ch in "äöüßéèêàçñãõìòáíóúâôû¿¡ąęłńśźżćřůěčšžåý" for ch in text.lower())
    if (best >= 3 and best > 1.5 * english) or (best >= 2 and accented and best > english):
        return code
    return "en"


def warning(code: str) -> str:
    return (f"This looks like {NAMES.get(code, 'another language')}: I read English, so I used only the "
            "numbers and names I could find; please check them, or say it in English.")
