"""Keep Streamlit's collection after every run cheap.

After each script run Streamlit calls `gc.collect(2)` (runner.postScriptGC). A full collection walks
every object the process holds: Streamlit, pandas, plotly and pyarrow's modules, and the caches. That
cost 55-150 ms per rerun, more than the pages themselves (BENCHMARKS.md). `gc.freeze()` moves the
objects alive at that moment to a permanent generation that collections skip. We do it once, after the
first complete run, when the imports are done; objects made later (sessions, caches) are still
collected as before, and reference counting still frees frozen objects that are dropped."""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_once() -> None:
    global _frozen
    if _frozen:
        return
    with _lock:
        if not _frozen:
            gc.collect()
            gc.freeze()
            _frozen = True
