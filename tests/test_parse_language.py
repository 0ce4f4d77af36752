"""The reader tells a message in another language from English, so it can say in one line that it reads English.

Written 2026-12-03 for the wider word lists; none of these sentences comes from a held-out file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import parse_language as language
from bot.core.parse import extract

FOREIGN = [
    ("pt", "Processamos uns 40 milhões de tokens por dia, os dados não podem sair do Brasil"),
    ("pt", "Temos duas H100 e queremos saber se vale a pena rodar o Llama 3.3 70B"),
    ("pt", "O nosso custo com a OpenAI está em 12 mil dólares por mês"),
    ("nl", "Wij draaien nu zo'n 80 miljoen tokens per dag via de API van OpenAI"),
    ("nl", "Kunnen we dit zelf hosten op onze eigen servers? Het gaat om medische gegevens"),
    ("it", "Abbiamo circa 5 milioni di richieste al mese, ognuna di 800 token"),
    ("it", "I dati dei pazienti non possono uscire dal nostro data center"),
    ("de", "Wir haben ungefähr 200 Mio. Tokens pro Tag und die Daten dürfen nicht in die USA"),
    ("de", "Lohnt sich das Selbsthosten, wenn wir schon vier A100 im Keller stehen haben?"),
    ("fr", "Nous consommons environ 30 millions de tokens par jour avec GPT-4o"),
    ("fr", "Est-ce que ça vaut le coup d'héberger le modèle chez nous ?"),
    ("es", "Gastamos unos 8.000 dólares al mes en la API y los datos son de clientes"),
    ("es", "¿Cuántas GPUs necesitamos para servir Qwen3 32B a 50 usuarios?"),
    # added 2026-12-03 (parse-team): Polish, Swedish and Czech, written for this test
    ("pl", "Potrzebujemy modelu na własnych serwerach, około 30M tokenów dziennie"),
    ("pl", "Mamy dwie karty L40S i dane klientów nie mogą wyjść z firmy"),
    ("sv", "Vi har ungefär 20 miljoner tokens per dag och data får inte lämna Sverige"),
    ("cs", "Máme asi 5 milionů dotazů měsíčně a data nesmí opustit naše servery"),
    # added 2026-12-03 (parse-team, evening): French typography (a space before a colon) and terse Portuguese
    ("fr", "Budget actuel : 4 000 $/month. Volume : 80M tokens/day."),
    ("pt", "Hoje o gasto é US$ 3.000/month, tudo em GPT-4o"),
]
OTHER_SCRIPTS = [
    "Мы обрабатываем около 100 миллионов токенов в день",
    "我们每天大约处理一亿个token，数据不能出境",
    "私たちは毎日約5000万トークンを処理しています",
]
ENGLISH = [
    "we're at 40M tokens/day, de facto everything goes through gpt-4o",
    "Our Paris office (La Défense) runs the same workload, about 10M a day",
    "per day it's ~25M tokens, per month maybe 750M",
    "pros and cons of self-hosting Llama 3.3 70B vs paying OpenAI?",
    "the data is el cheapo marketing copy, nothing private",
    "no PHI, no PII, just public docs. 5k requests a day at 2k tokens each",
    "Men on the night shift use it till dawn; we run Llama on den-1, our server in Malmö",
    "Jak from the data team says ok, about 12M tokens a day",
    "Can we run it on-prem? We have 4x A100 80GB in a rack in Frankfurt",
    "café ordering kiosk, 300 of them, each does maybe 2k requests per day",
    "Volume: 300M tokens/day; data: internal",
]


@pytest.mark.parametrize(("code", "text"), FOREIGN)
def test_common_european_languages_are_told_apart(code: str, text: str) -> None:
    assert language.detect(text) == code


@pytest.mark.parametrize("text", OTHER_SCRIPTS)
def test_other_scripts_are_not_english(text: str) -> None:
    assert language.detect(text) == "other"
    assert "another language" in language.warning("other")


@pytest.mark.parametrize("text", ENGLISH)
def test_english_with_foreign_words_stays_english(text: str) -> None:
    assert language.detect(text) == "en"


def test_a_foreign_message_still_gives_its_numbers() -> None:
    x = extract("Wij draaien nu zo'n 80 miljoen tokens per dag via de API van OpenAI")
    assert any("English" in w for w in x.warnings)


@given(st.text(max_size=300))
def test_detect_never_raises_and_answers_a_known_code(text: str) -> None:
    assert language.detect(text) in {"en", "other", *language.STOPWORDS}
