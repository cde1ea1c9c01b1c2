"""Settings from a plain mapping (st.secrets, environment or a test's dict)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    results_dir: Path
    accounts_path: Path
    idle_timeout_s: float = 1800.0

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
    accounts = Path(m.get("accounts_path") or env.get("DGR_ACCOUNTS_PATH") or data_dir / "accounts.sqlite")
    idle = float(m.get("idle_timeout_s") or env.get("DGR_IDLE_TIMEOUT_S") or 1800)
    return Settings(data_dir=data_dir, results_dir=results_dir, accounts_path=accounts, idle_timeout_s=idle)
