"""DGA's official terms (data/reference/glossary.yaml): the one place printed strings take them from."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from dgcore.config import DEFAULT_DATA_DIR

GLOSSARY_FILE = DEFAULT_DATA_DIR / "reference" / "glossary.yaml"


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def term(key: str, lang: str, path: Path = GLOSSARY_FILE) -> str:
    """The official term for key in lang ('th' or 'en')."""
    return _load(path)[key]["th" if lang == "th" else "en"]


def terms(lang: str, path: Path = GLOSSARY_FILE) -> dict[str, str]:
    """Every term in lang, keyed g_<key>, for str.format of the document texts."""
    return {f"g_{k}": v["th" if lang == "th" else "en"] for k, v in _load(path).items()}


def group_name(kind: str | None, lang: str) -> str:
    """The official name of a group of units (department, provincial, ...)."""
    data = _load(GLOSSARY_FILE)
    entry = data.get(f"group_{kind}")
    return str(kind or "") if entry is None else entry["th" if lang == "th" else "en"]
