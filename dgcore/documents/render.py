"""Plotly figure -> PNG, offline, with kaleido 1.x driving Debian's chromium.

One headless chromium is started on first use and kept for the life of the process (~3 s to start,
then ~0.2-0.5 s per chart; the first MapLibre map costs ~3 s more). It runs in a private asyncio loop
on a daemon thread, so any thread (Streamlit runs each session's script in its own) may call
figure_png; kaleido's tab queue serialises the renders.

Chromium is always passed to kaleido by path (DGR_CHROMIUM, default /usr/bin/chromium), so neither
choreographer's PATH/BROWSER_PATH search nor a browser that `kaleido_get_chrome` may have downloaded
is ever used, and nothing is downloaded. MathJax is off (kaleido would fetch it from a CDN) and
plotly.js comes from the installed plotly package. Sarabun is made visible to chromium alone through
a private fontconfig file (FONTCONFIG_FILE in the browser's environment) that adds fontpkg-sarabun's
folder to the system fonts; nothing is copied into the user's home.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

import plotly.graph_objects as go

CHROMIUM = os.environ.get("DGR_CHROMIUM", "/usr/bin/chromium")
EXPORT_FONT = "Sarabun, 'Noto Sans Thai', 'Tlwg Typo', Garuda, sans-serif"
RENDER_TIMEOUT_S = 60.0
_CACHE_MAX = 48


class ChartRenderError(RuntimeError):
    """The chart could not be drawn: chromium missing, failed to start, or timed out."""


def sarabun_dir() -> Path:
    """The folder holding Sarabun-*.ttf (from the fontpkg-sarabun package)."""
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.ROOT) / "files"


def _fontconfig_file(folder: Path) -> Path:
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{sarabun_dir()}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


class _Renderer:
    """One kaleido (one chromium, one tab) on its own event loop thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._cache: OrderedDict[str, bytes] = OrderedDict()

    def _start(self) -> None:
        import kaleido
        from choreographer.browsers.chromium import Chromium

        if not Path(CHROMIUM).is_file():
            raise ChartRenderError(
                f"Charts need Debian's chromium at {CHROMIUM} (install it with `make browser`, "
                "or set DGR_CHROMIUM); no browser is downloaded."
            )
        self._tmp = tempfile.TemporaryDirectory(prefix="dgr-kaleido-")
        conf = _fontconfig_file(Path(self._tmp.name))

        class _SarabunChromium(Chromium):
            def get_env(self):
                return {**super().get_env(), "FONTCONFIG_FILE": str(conf)}

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="dgr-kaleido", daemon=True).start()
        k = kaleido.Kaleido(path=CHROMIUM, browser_cls=_SarabunChromium, mathjax=False, n=1, timeout=RENDER_TIMEOUT_S)
        try:
            asyncio.run_coroutine_threadsafe(k.open(), loop).result(RENDER_TIMEOUT_S)
        except Exception as e:
            loop.call_soon_threadsafe(loop.stop)
            raise ChartRenderError(f"chromium at {CHROMIUM} did not start: {e}") from e
        self._loop, self._kaleido = loop, k

    def _render(self, spec: str, opts: dict) -> bytes:
        with self._lock:
            if self._kaleido is None:
                self._start()
            loop, k = self._loop, self._kaleido
        fut = asyncio.run_coroutine_threadsafe(k.calc_fig(json.loads(spec), opts=opts), loop)
        return fut.result(RENDER_TIMEOUT_S + 5)

    def png(self, fig: go.Figure, width: int, height: int, scale: float) -> bytes:
        """Rendered once per distinct figure and size: the deck's PDF and PPTX share their images."""
        opts = {"format": "png", "width": int(width), "height": int(height), "scale": float(scale)}
        spec = fig.to_json()
        key = hashlib.sha256((spec + repr(sorted(opts.items()))).encode()).hexdigest()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            png = self._render(spec, opts)
        except ChartRenderError:
            raise
        except Exception:
            # A crashed or wedged browser: start a fresh one once, then give up with a clear error.
            self.close()
            try:
                png = self._render(spec, opts)
            except Exception as e:
                raise ChartRenderError(f"the chart could not be rendered: {e}") from e
        with self._lock:
            self._cache[key] = png
            while len(self._cache) > _CACHE_MAX:
                self._cache.popitem(last=False)
        return png

    def close(self) -> None:
        with self._lock:
            loop, k, tmp = self._loop, self._kaleido, self._tmp
            self._loop = self._kaleido = self._tmp = None
        if k is not None and loop is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
            except Exception:
                pass
            loop.call_soon_threadsafe(loop.stop)
        if tmp is not None:
            tmp.cleanup()


_RENDERER = _Renderer()
atexit.register(_RENDERER.close)


def export_figure(fig: go.Figure) -> go.Figure:
    """A copy of fig for print: Sarabun everywhere, white background; the caller's figure is untouched."""
    out = go.Figure(fig)
    out.update_layout(
        font_family=EXPORT_FONT,
        legend_font_family=EXPORT_FONT,
        title_font_family=EXPORT_FONT,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return out


def figure_png(fig: go.Figure, width: int, height: int, scale: float = 2.0) -> bytes:
    """The figure as PNG bytes: width x height CSS pixels, multiplied by scale; Thai set in Sarabun."""
    return _RENDERER.png(export_figure(fig), width, height, scale)


def close_renderer() -> None:
    """Stop the shared chromium (it restarts on the next figure_png). Also run at interpreter exit."""
    _RENDERER.close()
