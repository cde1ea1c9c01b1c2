"""Before a publish: the checks the app makes when it starts, run against what the publish would leave.

A publish replaces the live data. If the app then refused to start (real results with the example
cookie key, an account store it cannot reach, a version without its aggregates), every page would
show that refusal, the Admin page included, and nobody could sign in to roll back. So each start-up
check is asked first, about the version the publish would produce (always real, never the demo),
and a failing one refuses the publish with its reason and its fix, in Thai and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dgcore.build import AGGREGATES, TABLES
from dgcore.config import Settings, cookie_key_problem


@dataclass(frozen=True)
class Refusal:
    """Why a publish is refused and what fixes it, in Thai and English."""

    code: str
    th: str
    en: str
    fix_th: str
    fix_en: str

    def text(self, lang: str) -> str:
        """The reason and the fix in one language."""
        if lang == "th":
            return f"เผยแพร่ไม่ได้: {self.th} {self.fix_th}"
        return f"Publishing refused: {self.en} {self.fix_en}"


COOKIE_KEY = Refusal(
    "preflight_cookie_key",
    "ข้อมูลนี้เป็นผลสำรวจจริง แต่ระบบยังใช้กุญแจคุกกี้ตัวอย่าง (หรือกุญแจสั้นกว่า 32 ตัวอักษร) "
    "หากเผยแพร่ ระบบจะไม่เริ่มทำงานสำหรับทุกคนรวมทั้งผู้ดูแลระบบ",
    "These are real results, but the app still uses the example cookie key (or one "
    "shorter than 32 characters); once published, the app would refuse to start for everyone, you included.",
    "วิธีแก้: ตั้งค่า cookie_key เป็นข้อความสุ่มอย่างน้อย 32 ตัวอักษรใน .streamlit/secrets.toml หมวด [dgr] "
    "(หรือตัวแปร DGR_COOKIE_KEY) เริ่มระบบใหม่ แล้วเผยแพร่อีกครั้ง",
    "Fix: set cookie_key to at least 32 random characters in .streamlit/secrets.toml, section [dgr] (or "
    "DGR_COOKIE_KEY), restart the app, then publish again.",
)


def _store_refusal(detail: str) -> Refusal:
    return Refusal(
        "preflight_accounts",
        f"เชื่อมต่อฐานข้อมูลบัญชีผู้ใช้ไม่ได้ ({detail}) หากเผยแพร่ ไม่มีผู้ใดเข้าสู่ระบบได้",
        f"The account store cannot be reached ({detail}); nobody could sign in.",
        "วิธีแก้: ตรวจสอบค่า accounts_path (หรือ DGR_ACCOUNTS_PATH) และสิทธิ์ของไฟล์หรือเซิร์ฟเวอร์ แล้วลองใหม่",
        "Fix: check accounts_path (or DGR_ACCOUNTS_PATH) and that its file or server is reachable, then try again.",
    )


def _aggregates_refusal(missing: list[str]) -> Refusal:
    names = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
    return Refusal(
        "preflight_aggregates",
        f"รุ่นข้อมูลที่สร้างขึ้นไม่มีตารางสรุป ({names}) ข้อมูลที่ใช้งานอยู่ไม่ถูกเปลี่ยน",
        f"The version written lacks tables or aggregates ({names}); the live data is unchanged.",
        "วิธีแก้: ตรวจสอบพื้นที่ดิสก์และสิทธิ์ของโฟลเดอร์ results แล้วเผยแพร่ใหม่",
        "Fix: check the disk space and permissions of the results folder, then publish again.",
    )


def start_refusals(settings: Settings) -> list[Refusal]:
    """What would stop the app from starting once real (non-demo) results are live; [] when nothing."""
    out = []
    if cookie_key_problem(settings, serving_demo=False):
        out.append(COOKIE_KEY)
    problem = _store_problem(settings)
    if problem:
        out.append(_store_refusal(problem))
    return out


def _store_problem(settings: Settings) -> str | None:
    """Why the account store cannot be read, or None: the app signs nobody in without it."""
    from dgcore.accounts.postgres import open_account_store

    store = None
    try:
        store = open_account_store(settings.accounts_path)
        store.get_account("preflight-probe")
    except Exception as err:  # any failure here is the answer, not a crash
        return f"{type(err).__name__}: {err}".splitlines()[0][:200]
    finally:
        if store is not None and hasattr(store, "close"):
            store.close()  # a PostgreSQL store holds connections; the SQLite one has nothing to close
    return None


def aggregates_refusal(path: Path) -> Refusal | None:
    """A written version without every table and aggregate the pages read, or None when complete."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return _aggregates_refusal(["(unreadable)"])
    try:
        have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    missing = [t for t in (*TABLES, *AGGREGATES) if t not in have]
    return _aggregates_refusal(missing) if missing else None


@dataclass(frozen=True)
class PublishPlan:
    """What a publish of a checked year would change, for the person to confirm first."""

    year: int
    replaces_year: bool  # the year is already published and would be replaced
    kept_years: tuple[int, ...]  # other published years the new version keeps
    dropped_demo_years: tuple[int, ...]  # demo years that disappear (real data never mixes with the demo)
    targeted: int
    responded: int
    scored_units: int
    scores: int

    def lines(self, lang: str) -> list[str]:
        """The plan as short sentences in one language."""
        th = lang == "th"
        y = self.year
        head = (
            (f"ปี {y} จะแทนที่ข้อมูลปี {y} ที่เผยแพร่อยู่" if th else f"{y} replaces the published {y}")
            if self.replaces_year
            else (f"เพิ่มปี {y}" if th else f"{y} is added")
        )
        counts = (
            f"หน่วยงานเป้าหมาย {self.targeted:,} ตอบแล้ว {self.responded:,} "
            f"มีคะแนน {self.scored_units:,} หน่วยงาน ({self.scores:,} คะแนน)"
            if th
            else f"{self.targeted:,} units targeted, {self.responded:,} responded, {self.scored_units:,} with scores "
            f"({self.scores:,} scores)"
        )
        out = [head, counts]
        if self.kept_years:
            years = ", ".join(map(str, self.kept_years))
            out.append(f"ปีอื่นที่คงไว้: {years}" if th else f"Other years kept as they are: {years}")
        if self.dropped_demo_years:
            years = ", ".join(map(str, self.dropped_demo_years))
            out.append(f"ข้อมูลสาธิต (ปี {years}) จะไม่แสดงอีก" if th else f"The demo survey ({years}) is no longer shown")
        return out


def plan_publish(prep, context) -> PublishPlan:
    """What publishing this checked year (a dgcore.importer.Prepared) over the current version changes."""
    year = prep.year
    published = set(context.published_years)
    demo = context.published_is_demo
    part = prep.participation
    if part is None:  # no registry in the files: the published one of this year stands
        pp = context.published_participation
        part = pp[pp["year"].astype(int) == year] if len(pp) else pp
    return PublishPlan(
        year=year,
        replaces_year=not demo and year in published,
        kept_years=() if demo else tuple(sorted(published - {year})),
        dropped_demo_years=tuple(sorted(published)) if demo else (),
        targeted=len(part),
        responded=int((part["status"] == "responded").sum()) if len(part) else 0,
        scored_units=int(prep.scores["agency_id"].nunique()) if len(prep.scores) else 0,
        scores=len(prep.scores),
    )
