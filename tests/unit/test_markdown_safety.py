"""Meta-test: no page or ui module hands a data-derived string to a call that renders Markdown.

Streamlit renders Markdown in st.title/header/subheader/caption/markdown/write, alerts, metric labels,
values and deltas, tabs, expanders, button and widget labels, tooltips (help=) and the options of radio,
segmented_control and pills. Into those calls this test allows only what cannot carry markup from data:
string literals, translations (t(...), tr(...), ctx.t(...)), numbers (len(), fmt_int/fmt_score/...,
f-string fields with a numeric format spec such as {x:.2f} or {n:,}), module constants, and what went
through dgcore.text_safety (md, rich, fmt, join); f-strings, `+`, `a if c else b`, `.format(...)` and
`sep.join(...)` of those; names whose every assignment in the module is one of those; and functions of the
same module whose every return is. Anything else (an attribute of a row, a dict lookup, a loop variable, a
lambda's argument) must be wrapped in md()/rich() at the call.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

TEXT_CALLS = {"title", "header", "subheader", "caption", "markdown", "write", "info", "success", "warning"}
TEXT_CALLS |= {"error", "toast", "exception", "latex"}
LABEL_CALLS = {"expander", "popover", "button", "download_button", "link_button", "form_submit_button", "page_link"}
LABEL_CALLS |= {"checkbox", "toggle", "radio", "selectbox", "multiselect", "slider", "select_slider", "text_input"}
LABEL_CALLS |= {"number_input", "text_area", "date_input", "time_input", "file_uploader", "color_picker"}
LABEL_CALLS |= {"segmented_control", "pills", "camera_input", "chat_input", "status"}
MARKDOWN_OPTIONS = {"radio", "segmented_control", "pills"}  # selectbox and multiselect show options as plain text
NOT_STREAMLIT = {"log", "logger", "logging", "warnings", "re", "os", "parser", "pytest"}

SAFE_FUNCS = {"md", "rich", "fmt", "join", "t", "tr", "fmt_int", "fmt_score", "fmt_pct", "fmt_year", "fmt_date"}
NUMBER_FUNCS = {"len", "int", "float", "round", "abs", "sum"}
NUMERIC_SPEC = set("dfFeEgGn%,_bxXo")


class Checker:
    """Finds Markdown-rendering calls fed with strings the rules above cannot vouch for."""

    def __init__(self, tree: ast.Module):
        self.assigned: dict[str, list[ast.AST | None]] = {}
        self.functions: dict[str, ast.FunctionDef] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
                for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs:
                    self.assigned.setdefault(a.arg, []).append(None)  # a parameter: anything
            elif isinstance(node, ast.Lambda):
                for a in node.args.args:
                    self.assigned.setdefault(a.arg, []).append(None)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
                self._bind(node.target, node.value)
            elif isinstance(node, (ast.For, ast.comprehension)):
                self._bind(node.target, None)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self._bind(node.optional_vars, None)
            elif isinstance(node, ast.NamedExpr):
                self._bind(node.target, node.value)
        self._visiting: set[str] = set()
        self.html_block = False

    def _bind(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [None] * len(target.elts)
            for t, v in zip(target.elts, values):
                self._bind(t, v)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None)

    def safe(self, node: ast.AST | None) -> bool:
        """True when node can only produce text without markup from data."""
        if node is None:
            return False
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self._field(v) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
            return self.safe(node.left) and self.safe(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Sub, ast.Div, ast.FloorDiv)):
            return True  # arithmetic: a number
        if isinstance(node, ast.UnaryOp):
            return isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)) or self.safe(node.operand)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body) and self.safe(node.orelse)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v) for v in node.values)
        if isinstance(node, ast.Compare):
            return True  # a bool
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
            return self.safe(node.elt)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
            return all(self.safe(v) for v in node.value.values)  # {"th": "ไทย", "en": "English"}[code]
        if isinstance(node, ast.Call):
            return self._call(node)
        return False

    def _field(self, v: ast.AST) -> bool:
        if isinstance(v, ast.Constant):
            return True
        assert isinstance(v, ast.FormattedValue)
        spec = v.format_spec
        last = spec.values[-1] if isinstance(spec, ast.JoinedStr) and spec.values else None
        if isinstance(last, ast.Constant) and str(last.value)[-1:] in NUMERIC_SPEC:
            return True  # {x:.2f} {n:,} {k:d}: format raises unless x is a number
        return self.safe(v.value)

    def _name(self, name: str) -> bool:
        if name.isupper() or name in {"True", "False", "None"}:
            return True
        values = self.assigned.get(name)
        if not values or name in self._visiting:
            return False
        self._visiting.add(name)
        try:
            return all(self.safe(v) for v in values)
        finally:
            self._visiting.discard(name)

    def _call(self, node: ast.Call) -> bool:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if (name in SAFE_FUNCS or name in NUMBER_FUNCS) and not isinstance(getattr(func, "value", None), ast.Constant):
            return True  # md(...), ctx.t(...), len(...); not "sep".join(...), which is checked below
        if name in {"plain_html", "escape"} and self.html_block:
            return True  # inside raw HTML (unsafe_allow_html) Markdown is not read; plain_html keeps it one line
        if name in {"max", "min"}:
            return all(self.safe(a) for a in node.args)
        if isinstance(func, ast.Attribute) and name in {"format", "join"}:
            args = list(node.args) + [k.value for k in node.keywords]
            return self.safe(func.value) and all(self.safe(a) for a in args)
        if isinstance(func, ast.Name) and func.id in self.functions and func.id not in self._visiting:
            self._visiting.add(func.id)
            try:
                returns = [r.value for r in ast.walk(self.functions[func.id]) if isinstance(r, ast.Return)]
                return bool(returns) and all(self.safe(r) for r in returns)
            finally:
                self._visiting.discard(func.id)
        return False

    def findings(self, tree: ast.Module) -> list[tuple[int, str]]:
        out = []
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id in NOT_STREAMLIT:
                continue
            self.html_block = any(k.arg == "unsafe_allow_html" for k in node.keywords)
            for what, arg in self._text_args(node.func.attr, node):
                if not self.safe(arg):
                    out.append((node.lineno, f"{node.func.attr}() {what}: {ast.unparse(arg)[:80]}"))
        return out

    def _text_args(self, method: str, call: ast.Call):
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        renders = method in TEXT_CALLS or method in LABEL_CALLS or method in {"metric", "tabs"}
        if renders and "help" in kw and not (isinstance(kw["help"], ast.Constant) and kw["help"].value is None):
            yield "help", kw["help"]
        if method in TEXT_CALLS and call.args:
            if method == "markdown" or method == "write":
                yield from (("text", a) for a in call.args)
            else:
                yield "body", call.args[0]
        elif method in TEXT_CALLS and "body" in kw:
            yield "body", kw["body"]
        elif method == "metric":
            for i, part in enumerate(("label", "value", "delta")):
                value = call.args[i] if len(call.args) > i else kw.get(part)
                if value is not None:
                    yield part, value
        elif method == "tabs" and call.args:
            yield "tab labels", call.args[0]
        elif method in LABEL_CALLS and (call.args or "label" in kw):
            yield "label", call.args[0] if call.args else kw["label"]
            if method in MARKDOWN_OPTIONS:
                func = kw.get("format_func")
                if isinstance(func, ast.Lambda):
                    yield "format_func", func.body
                elif func is not None:
                    yield "format_func", func
                else:
                    yield "options", call.args[1] if len(call.args) > 1 else kw.get("options")


def findings_in(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    return Checker(tree).findings(tree)


SOURCES = sorted([*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_data_string_reaches_markdown_unescaped(path):
    found = findings_in(path.read_text(encoding="utf-8"))
    assert found == [], "\n".join(f"{path.name}:{line}: {what}" for line, what in found)


# The checker itself: it must fail on the pages' real mistakes and pass their fixes.
RAW = [
    'unit_name = rep.unit[f"name_{lang}"]\nst.title(unit_name)',
    'st.caption(" · ".join(str(p) for p in place))',
    "st.info(t('did_not_respond').format(unit=rep.name, year=2567))",
    "c[1].metric(t('band'), level_name(fw.bands, rep.band, lang))",
    "st.metric(f\"{t('peer_average')} ({group_name})\", 1)",
    'st.markdown(f"**{title}** · {line}")',
    "st.container(border=True).markdown(text)",
    "st.expander(f'**{p.code}. {p.name_en}**')",
    "st.tabs([t('a'), row.name])",
    "st.segmented_control(t('m'), list(ms), format_func=ms.get)",
    "st.radio(t('m'), names)",
    "st.button(t('x'), help=row.note)",
    "def badge(x):\n    return x.name\nst.subheader(t('a') + badge(p))",
    "for r in rows:\n    st.write(r)",
]
SAFE = [
    'unit_name = rep.unit[f"name_{lang}"]\nst.title(md(unit_name))',
    'st.caption(join(" · ", place) + f" · {fmt_year(year, lang)}")',
    "st.info(fmt(t('did_not_respond'), unit=rep.name, year=2567))",
    "st.metric(t('rank'), f\"{rep.rank:,} / {rep.peers:,}\", f'{a - b:+.2f}')",
    "st.markdown('\\n'.join(f'- {rich(a)}' for a in actions))",
    "st.segmented_control(t('m'), list(ms), format_func=lambda m: md(ms[m]))",
    "st.selectbox(t('pick'), codes, format_func=names.get)",
    "def badge(p):\n    return f\" :orange-badge[{t('provisional')}]\" if p else ''\nst.subheader(t('a') + badge(1))",
    "LIMIT = 200\nst.caption(t('more').format(shown=LIMIT))",
    "log.warning(row.name)",
]


@pytest.mark.parametrize("source", RAW)
def test_checker_flags_a_raw_data_string(source):
    assert findings_in(source), source


@pytest.mark.parametrize("source", SAFE)
def test_checker_passes_escaped_and_trusted_text(source):
    assert findings_in(source) == [], source


def test_the_issue_s_own_page_unescaped_again_is_caught():
    # My agency's heading as it was when a registry name became a live link and a remote picture
    source = (ROOT / "app_pages" / "my_agency.py").read_text(encoding="utf-8")
    assert "st.title(md(unit_name))" in source
    found = findings_in(source.replace("st.title(md(unit_name))", "st.title(unit_name)"))
    assert [what for _, what in found] == ["title() body: unit_name"]
