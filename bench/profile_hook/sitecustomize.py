"""Only for bench/page_profile.py: put this directory on PYTHONPATH of a `streamlit run` to profile
each script run with cProfile in the script thread. Inert unless DGR_BENCH_PROFILE_DIR is set.

While the file $DGR_BENCH_PROFILE_DIR/current names a label, every script run is profiled and
dumped to $DGR_BENCH_PROFILE_DIR/<label>.<pid>.<n>.prof; an empty file turns profiling off.
postScriptGC's gc.collect runs after the script function returns, so it is not in these profiles.
"""

import os

_DIR = os.environ.get("DGR_BENCH_PROFILE_DIR")

if _DIR:
    import cProfile
    import itertools

    from streamlit.runtime.scriptrunner import script_runner as _script_runner

    _original = _script_runner.exec_func_with_error_handling
    _counter = itertools.count()

    def _label() -> str:
        try:
            with open(os.path.join(_DIR, "current"), encoding="utf-8") as f:
                return f.read().strip()
        except OSError:
            return ""

    def _profiled(func, ctx):
        label = _label()
        if not label:
            return _original(func, ctx)
        prof = cProfile.Profile()
        prof.enable()
        try:
            return _original(func, ctx)
        finally:
            prof.disable()
            prof.dump_stats(os.path.join(_DIR, f"{label}.{os.getpid()}.{next(_counter)}.prof"))

    _script_runner.exec_func_with_error_handling = _profiled
