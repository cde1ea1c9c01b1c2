"""Where a figure's rule comes from, on the pages: the "provisional" tag beside a label decided by a
placeholder rule (the framework file's `provisional: true`), the footnote that says which rules those
are, and an action's source (DGA's advice, or this dashboard's own text: `actions_provisional`)."""

from __future__ import annotations

from dgcore.framework import Framework, SubIndicator
from dgcore.glossary import term
from ui.i18n import tr

RULES = ("bands", "maturity", "classification")


def provisional_rules(fw: Framework, rules: tuple[str, ...] = RULES) -> list[str]:
    """The rules among `rules` that this year's framework has and marks provisional, in that order."""
    has = {"bands": bool(fw.bands), "maturity": fw.has_maturity, "classification": fw.has_classification}
    return [r for r in rules if has[r] and fw.rule_provisional(r)]


def tag(fw: Framework, rules: tuple[str, ...], lang: str) -> str:
    """' (ชั่วคราว)' to put after a label whose figure one of these provisional rules decides, else ''."""
    return f" ({term('provisional', lang)})" if provisional_rules(fw, rules) else ""


def note(fw: Framework, rules: tuple[str, ...], lang: str, actions: bool = False) -> str:
    """The footnote under figures tagged provisional: which rules are placeholders (and, with actions,
    that actions marked as the dashboard's are not DGA's advice); '' when nothing shown is provisional."""
    names = [tr(f"rule_{r}", lang) for r in provisional_rules(fw, rules)]
    parts = [tr("provisional_rules_note", lang).format(rules=", ".join(names))] if names else []
    if actions:
        parts.append(tr("provisional_actions_note", lang).format(app=term("app_advice", lang)))
    return f"{term('provisional', lang).capitalize()}: " + " ".join(parts) if parts else ""


def action_source(sub: SubIndicator, lang: str) -> str:
    """Who wrote a sub-indicator's suggested actions: DGA, or this dashboard for now (provisional)."""
    return source_label(sub.actions_provisional, lang)


def source_label(ours: bool, lang: str) -> str:
    """'DGA's advice', or 'Advice from this dashboard (provisional)' when ours."""
    return term("app_advice" if ours else "dga_advice", lang)
