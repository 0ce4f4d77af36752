"""``hf:ORG/NAME``: fetch ``config.json`` (and the safetensors index when there is one) with huggingface_hub.

``HF_ENDPOINT`` (read by huggingface_hub itself) points it at a mirror or a local test server; ``HF_TOKEN``
gives access to gated repositories. Every failure becomes one ModelImportError sentence.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from .errors import ModelImportError

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


def fetch_config(repo: str) -> tuple[Any, Any]:
    """(config.json, model.safetensors.index.json or None) of a Hugging Face model repository."""
    if not _REPO.match(repo):
        raise ModelImportError(f"hf:{repo} is not a Hugging Face repository name (expected hf:ORG/NAME).")
    config = _download(repo, "config.json", required=True)
    index = _download(repo, "model.safetensors.index.json", required=False)
    return config, index


def _download(repo: str, filename: str, *, required: bool) -> Any:
    try:
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import (
            EntryNotFoundError,
            GatedRepoError,
            LocalEntryNotFoundError,
            RepositoryNotFoundError,
        )
    except ModuleNotFoundError:
        raise ModelImportError("hf: sources need the huggingface_hub package (pip install huggingface_hub).") from None
    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)  # its retry warnings are not for our users
    try:
        path = hf_hub_download(repo_id=repo, filename=filename)
    except LocalEntryNotFoundError:  # offline and not cached (a subclass of EntryNotFoundError: check first)
        if not required:
            return None
        raise ModelImportError(f"hf:{repo}: Hugging Face could not be reached and nothing is cached.") from None
    except GatedRepoError:
        raise ModelImportError(f"hf:{repo} is gated: accept its licence on Hugging Face and set HF_TOKEN.") from None
    except RepositoryNotFoundError:
        raise ModelImportError(f"hf:{repo} was not found (or is private; set HF_TOKEN to read it).") from None
    except EntryNotFoundError:
        if required:
            raise ModelImportError(f"hf:{repo} has no {filename}.") from None
        return None
    except Exception as e:  # offline, DNS, TLS, timeouts, HTTP 5xx
        if not required:
            return None
        raise ModelImportError(f"hf:{repo}: Hugging Face could not be reached ({e.__class__.__name__}).") from None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ModelImportError(f"hf:{repo}: its {filename} is not valid JSON.") from None
