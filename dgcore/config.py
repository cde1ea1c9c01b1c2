"""Settings from a plain mapping (st.secrets, environment or a test's dict)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
# The key in .streamlit/secrets.example.toml. Good enough for the demo survey on a laptop; the app
# refuses to serve real results with it (see cookie_key_problem).
EXAMPLE_COOKIE_KEY = "example-key-change-me-before-serving-real-results"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    results_dir: Path
    accounts_path: Path | str  # a SQLite file, or a postgresql:// URL for several hosts
    idle_timeout_s: float = 1800.0
    cookie_key: str = EXAMPLE_COOKIE_KEY
    login: Mapping[str, Any] = field(default_factory=dict)  # LoginPolicy fields
    trust_proxy: bool = False  # behind our nginx: the client is the last X-Forwarded-For address
    show_ranks: bool = False  # ranks on pages and documents agencies reach (DGA's own roles always see them)
    public_overview: bool = False  # Overview, the province map and Methodology without signing in (aggregates only)

    @property
    def framework_dir(self) -> Path:
        return self.data_dir / "framework"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"


def load_settings(mapping: Mapping[str, Any] | None = None) -> Settings:
    """Build settings from a mapping, falling back to DGR_* environment variables."""
    m = dict(mapping or {})
    env = os.environ
    data_dir = Path(m.get("data_dir") or env.get("DGR_DATA_DIR") or DEFAULT_DATA_DIR)
    results_dir = Path(m.get("results_dir") or env.get("DGR_RESULTS_DIR") or data_dir / "results")
    raw = m.get("accounts_path") or env.get("DGR_ACCOUNTS_PATH") or data_dir / "accounts.sqlite"
    accounts = str(raw) if str(raw).startswith(("postgresql://", "postgres://")) else Path(raw)
    idle = float(m.get("idle_timeout_s") or env.get("DGR_IDLE_TIMEOUT_S") or 1800)
    key = str(m.get("cookie_key") or env.get("DGR_COOKIE_KEY") or EXAMPLE_COOKIE_KEY)
    login = dict(m.get("login") or {})
    login.setdefault("idle_timeout_s", idle)
    if env.get("DGR_BCRYPT_COST"):
        login.setdefault("bcrypt_cost", int(env["DGR_BCRYPT_COST"]))
    trust = str(m.get("trust_proxy", env.get("DGR_TRUST_PROXY", ""))).lower() in ("1", "true", "yes")
    ranks = str(m.get("show_ranks", env.get("DGR_SHOW_RANKS", ""))).lower() in ("1", "true", "yes")
    public = str(m.get("public_overview", env.get("DGR_PUBLIC_OVERVIEW", ""))).lower() in ("1", "true", "yes")
    return Settings(
        data_dir=data_dir,
        results_dir=results_dir,
        accounts_path=accounts,
        idle_timeout_s=idle,
        cookie_key=key,
        login=login,
        trust_proxy=trust,
        show_ranks=ranks,
        public_overview=public,
    )


ENV_NAMES = {  # setting -> the environment variable that gives it
    "data_dir": "DGR_DATA_DIR",
    "results_dir": "DGR_RESULTS_DIR",
    "accounts_path": "DGR_ACCOUNTS_PATH",
    "idle_timeout_s": "DGR_IDLE_TIMEOUT_S",
    "cookie_key": "DGR_COOKIE_KEY",
    "trust_proxy": "DGR_TRUST_PROXY",
}


def command_line_settings(cwd: Path | None = None) -> Settings:
    """Settings for the command line: the app's `.streamlit/secrets.toml` section [dgr] (the working
    folder's, else the project's), each value overridden by its environment variable when set. So a
    publish from the command line is checked against the same cookie key the app will start with."""
    mapping: dict[str, Any] = {}
    for folder in dict.fromkeys((Path(cwd or Path.cwd()), PROJECT_DIR)):
        path = folder / ".streamlit" / "secrets.toml"
        if path.is_file():
            with open(path, "rb") as f:
                mapping = dict(tomllib.load(f).get("dgr") or {})
            break
    for key, env in ENV_NAMES.items():
        if os.environ.get(env):
            mapping.pop(key, None)
    return load_settings(mapping)


def cookie_key_problem(settings: Settings, serving_demo: bool) -> tuple[str, str] | None:
    """Why the app must not start with this cookie key (Thai, English), or None when it may."""
    key = settings.cookie_key
    if serving_demo and key == EXAMPLE_COOKIE_KEY:
        return None
    if key == EXAMPLE_COOKIE_KEY or len(key) < 32:
        return (
            "ระบบไม่เริ่มทำงาน: ยังใช้กุญแจคุกกี้ตัวอย่างหรือกุญแจสั้นเกินไปกับข้อมูลจริง โปรดตั้งค่า cookie_key "
            "(อย่างน้อย 32 ตัวอักษรแบบสุ่ม) ใน .streamlit/secrets.toml หมวด [dgr]",
            "Refusing to start: the example (or a short) cookie key is in use with real results. Set cookie_key "
            "(at least 32 random characters) in .streamlit/secrets.toml, section [dgr].",
        )
    return None
