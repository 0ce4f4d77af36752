"""The optional model-assisted reader, shell part: one HTTP call to an OpenAI-compatible endpoint.

Configured by ``SELFHOST_LLM_URL`` (the base URL, e.g. ``http://gpu-box:8000/v1`` for vLLM, llama-server or
Ollama) and ``SELFHOST_LLM_MODEL`` (read in bot/config.py only). Off when either is unset. What leaves the
process: one ``POST {SELFHOST_LLM_URL}/chat/completions`` whose body is the message text (Slack mentions
already stripped), fixed instructions and the JSON schema of the profile fields; nothing else (no user or
channel ids, no thread history, no stored profile), to that URL only: redirects are not followed. A timeout
(2 s by default), an HTTP or network error or a reply that is not a JSON object is logged as one warning
sentence naming the model and the reason, and the answer is the rules' reading alone (nothing about the model in
it). The model's facts pass the same profile validation as every other entrance; a name the catalog does not
know is dropped.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from bot.core.knowledge import Knowledge
from bot.core.parse import Extraction, extract
from bot.core.parse_model import ReplyError, facts_of_reply, merge, needs_model, request, resolve_names

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000


@cache
def _opener() -> Any:
    """The message goes to SELFHOST_LLM_URL and nowhere else: a redirect is an error, not a second hop. Built on
    first use: urllib.request and http.client (with ssl) take ~30 ms to import, paid only with a model configured."""
    import urllib.request

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
            return None

    return urllib.request.build_opener(NoRedirects)


class ModelReader(Protocol):
    """Reads the facts of one message with a model; raises ``ModelReaderError`` when it cannot."""

    name: str

    def read(self, text: str) -> dict[str, Any]: ...


class ModelReaderError(RuntimeError):
    """The model could not be asked, or its answer was unusable (the message says which)."""


@dataclass
class OpenAICompatibleReader:
    url: str
    name: str
    timeout_s: float = 2.0
    api_key: str | None = None

    def read(self, text: str) -> dict[str, Any]:
        import http.client
        import urllib.error
        import urllib.request

        body = json.dumps(request(text, self.name)).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self.url.rstrip("/") + "/chat/completions", data=body, headers=headers,
                                     method="POST")
        try:
            with _opener().open(req, timeout=self.timeout_s) as resp:
                raw = _read_by(resp, time.monotonic() + self.timeout_s)
        except urllib.error.HTTPError as e:
            raise ModelReaderError(f"HTTP {e.code} from the model endpoint") from None
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as e:
            raise ModelReaderError(f"model endpoint unreachable or too slow ({type(e).__name__})") from None
        if len(raw) > MAX_BODY:
            raise ModelReaderError("the model's reply is larger than 1 MB")
        try:
            facts, dropped = facts_of_reply(json.loads(raw))
        except RecursionError:
            raise ModelReaderError("unusable reply: JSON nested too deep") from None
        except (ValueError, ReplyError) as e:
            raise ModelReaderError(f"unusable reply: {str(e)[:200]}") from None
        if dropped:
            log.warning("model reply: dropped invalid facts", extra={"model": self.name, "dropped": dropped[:5]})
        return facts


def _read_by(resp: Any, deadline: float) -> bytes:
    """The body, read before ``deadline`` (a server trickling bytes cannot hold the answer past the timeout)."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BODY:
        if time.monotonic() > deadline:
            raise TimeoutError("the reply took longer than the timeout")
        chunk = resp.read1(65_536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def reader_from(settings: Any) -> ModelReader | None:
    """The configured reader, or None when SELFHOST_LLM_URL or SELFHOST_LLM_MODEL is unset."""
    url, model = getattr(settings, "selfhost_llm_url", None), getattr(settings, "selfhost_llm_model", None)
    if not url or not model:
        return None
    key = getattr(settings, "selfhost_llm_api_key", None)
    return OpenAICompatibleReader(url, model, getattr(settings, "selfhost_llm_timeout_s", 2.0),
                                  key.get_secret_value() if key is not None else None)


def read_message(text: str, k: Knowledge, reader: ModelReader | None) -> Extraction:
    """The rules' reading, completed by the model where the rules found nothing (when one is configured).
    Failures are silent in the answer and loud in the logs."""
    ex = extract(text, k)
    if reader is None or not needs_model(ex):
        return ex
    try:
        facts = reader.read(text)
    except ModelReaderError as e:
        log.warning("model-assisted reading failed (%s: %s); the answer uses the rules alone",
                    reader.name, e, extra={"model": reader.name, "error": str(e)})
        return ex
    except Exception as e:  # a reader bug must never cost the user their answer
        log.error("model-assisted reading crashed (%s: %s); the answer uses the rules alone",
                  reader.name, type(e).__name__, extra={"model": reader.name, "error": type(e).__name__})
        return ex
    facts, unknown = resolve_names(facts, k)
    if unknown:
        log.warning("model reply: dropped names the catalog does not know",
                    extra={"model": reader.name, "dropped": unknown[:5]})
    return merge(ex, facts, reader.name)
