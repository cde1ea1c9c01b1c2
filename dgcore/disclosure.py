"""The small-cell rule of the public national page, read from data/reference/disclosure.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

RULE_FILE = Path("reference") / "disclosure.yaml"


class DisclosureRuleError(ValueError):
    """The rule file is missing or invalid: the public page then stays closed (Thai, English)."""

    def __init__(self, en: str):
        super().__init__(en)
        self.th = "ไม่เปิดหน้าสาธารณะ: ไฟล์เกณฑ์การเปิดเผยข้อมูล (reference/disclosure.yaml) ไม่มีหรือไม่ถูกต้อง"
        self.en = f"The public page stays closed: the disclosure rule file (reference/disclosure.yaml) {en}"


@dataclass(frozen=True)
class DisclosureRule:
    min_units: int  # an average over fewer responding units is not shown to the public
    provisional: bool
    note_th: str
    note_en: str

    def note(self, lang: str) -> str:
        """The rule in words, with its number, in lang."""
        return (self.note_th if lang == "th" else self.note_en).format(n=self.min_units)


def load_rule(data_dir: Path) -> DisclosureRule:
    """The rule of this install; a missing file or a minimum below 2 is an error, never a default."""
    path = Path(data_dir) / RULE_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        n = raw["min_units"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise DisclosureRuleError("is missing or unreadable.") from err
    if not isinstance(n, int) or isinstance(n, bool) or n < 2:
        raise DisclosureRuleError("must give min_units as a whole number of at least 2.")
    return DisclosureRule(
        n, bool(raw.get("provisional", True)), str(raw.get("note_th", "")), str(raw.get("note_en", ""))
    )
