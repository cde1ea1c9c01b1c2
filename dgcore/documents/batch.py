"""Every results letter of a survey year in one run: one PDF per surveyed unit (named by unit id), a ZIP
of them and a mail-merge CSV (unit, head title, e-mail if known, file name; never a password).

Letters are made by a pool of worker processes, each with its own read-only database connection;
charts are vector drawings, so no browser starts. Files are owner-only from their first byte. With
credentials, each new account's password exists only inside its unit's letter: the accounts are
stored (as bcrypt hashes) after every letter is written, and the letters are removed if that fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import multiprocessing
import os
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dgcore import queries
from dgcore.access import Actor, scope_for
from dgcore.config import PROJECT_DIR, Settings
from dgcore.db import ResultsDB
from dgcore.documents.letter import LetterContext, results_letter
from dgcore.letters import HeadTitles, LetterSettings
from dgcore.report import YearGroups, agency_report

MERGE_COLUMNS = ("agency_id", "name_th", "name_en", "head_title_th", "head_title_en", "email", "file")


@dataclass(frozen=True)
class BatchResult:
    letters: int
    with_credentials: int
    out_dir: Path
    zip_path: Path
    merge_path: Path
    seconds: float


# -- the worker side ---------------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(settings: Settings, year: int, lang: str, is_demo: bool) -> None:
    db = ResultsDB(settings.results_dir)
    scope = scope_for(Actor("letters", "admin"))
    _WORKER.update(
        db=db,
        scope=scope,
        fw=queries.framework(db, scope, year),
        groups=YearGroups.read(db, scope, year),
        year=year,
        lang=lang,
        ctx=LetterContext(
            LetterSettings.load(settings.data_dir),
            HeadTitles.load(settings.reference_dir),
            is_demo=is_demo,
            show_ranks=settings.show_ranks,
        ),
    )


def _one_letter(job: tuple[str, int, tuple[str, str] | None]) -> tuple[str, bytes]:
    agency_id, position, credentials = job
    w = _WORKER
    rep = agency_report(w["db"], w["scope"], agency_id, w["year"], w["fw"], w["groups"])
    base = w["ctx"]
    ctx = LetterContext(base.settings, base.heads, position, credentials, base.is_demo, base.show_ranks)
    return agency_id, results_letter(rep, w["fw"], w["lang"], dt.date.today(), ctx)


# -- the parent side ---------------------------------------------------------------------------------


def _checked_dir(out_dir: str | os.PathLike[str]) -> Path:
    out = Path(out_dir).expanduser().resolve()
    if out == PROJECT_DIR or out.is_relative_to(PROJECT_DIR):
        raise ValueError(f"refusing to write letters inside the repository ({PROJECT_DIR}); choose a folder outside it")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; letters are written into a new or empty folder only")
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    return out


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(fd, "wb") as f:
        f.write(data)


def _progress(done: int, total: int, started: float) -> None:
    rate = done / max(1e-9, time.perf_counter() - started)
    eta = (total - done) / rate if rate else 0.0
    print(
        f"\rletters / หนังสือ {done:,}/{total:,}  {rate:5.1f}/s  eta {eta:5.0f} s",
        end="" if done < total else "\n",
        file=sys.stderr,
        flush=True,
    )


def _letters(
    settings: Settings, year: int, lang: str, is_demo: bool, jobs: list, workers: int
) -> Iterator[tuple[str, bytes]]:
    if workers <= 1:
        _init_worker(settings, year, lang, is_demo)
        yield from map(_one_letter, jobs)
        return
    # spawn, not fork: the caller may be a threaded server (the Admin page), where fork can deadlock
    spawn = multiprocessing.get_context("spawn")
    init = (settings, year, lang, is_demo)
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=_init_worker, initargs=init) as pool:
        yield from pool.map(_one_letter, jobs, chunksize=4)


def _merge_csv(units: list[dict], heads: HeadTitles, letter_settings: LetterSettings) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(MERGE_COLUMNS)
    for u in units:
        titles = [heads.title(u, lang, letter_settings) for lang in ("th", "en")]
        writer.writerow([u["agency_id"], u["name_th"], u["name_en"], *titles, heads.email(u), f"{u['agency_id']}.pdf"])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then reads Thai


def write_letters(
    settings: Settings,
    year: int,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "th",
    credentials: Callable[[list[dict]], dict[str, tuple[str, str]]] | None = None,
    workers: int | None = None,
    only: set[str] | None = None,
    progress: Callable[[int, int, float], None] = _progress,
) -> BatchResult:
    """Write one letter per surveyed unit of year into out_dir (new or empty, outside the repository),
    then the ZIP and the mail-merge CSV. credentials(units) may return {agency_id: (username, password)}
    for the units whose letters should carry a new account; only limits the run to those unit ids."""
    started = time.perf_counter()
    out = _checked_dir(out_dir)
    db = ResultsDB(settings.results_dir)
    scope = scope_for(Actor("letters", "admin"))
    units = queries.agency_units_for_letters(db, scope, year)
    units = [u for u in units if only is None or u["agency_id"] in only]
    if not units:
        raise ValueError(f"no surveyed units in {year} / ไม่พบหน่วยงานที่สำรวจในปี {year}")
    is_demo = queries.is_demo(queries.meta(db))
    issued = credentials(units) if credentials else {}
    jobs = [(u["agency_id"], i, issued.get(u["agency_id"])) for i, u in enumerate(units)]
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    zip_path = out / f"letters-{year}.zip"
    with zipfile.ZipFile(_open_zip(zip_path), "w", zipfile.ZIP_STORED) as zf:
        for done, (agency_id, data) in enumerate(_letters(settings, year, lang, is_demo, jobs, workers), start=1):
            _write_private(out / f"{agency_id}.pdf", data)
            zf.writestr(f"{agency_id}.pdf", data)  # PDFs are compressed already
            progress(done, len(jobs), started)
        letter_settings = LetterSettings.load(settings.data_dir)
        merge = _merge_csv(units, HeadTitles.load(settings.reference_dir), letter_settings)
        zf.writestr(f"mail-merge-{year}.csv", merge)
    merge_path = out / f"mail-merge-{year}.csv"
    _write_private(merge_path, merge)
    return BatchResult(len(jobs), len(issued), out, zip_path, merge_path, time.perf_counter() - started)


def _open_zip(path: Path) -> io.BufferedWriter:
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
