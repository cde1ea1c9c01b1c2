"""Downloads: a unit's scores as CSV (UTF-8 with BOM, which Excel opens as Thai) and XLSX."""
from __future__ import annotations

import io

import pandas as pd


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so that Excel shows Thai headers and names correctly."""
    return df.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, sheet: str = "scores") -> bytes:
    """One sheet, headers bold, columns sized to their content. Text cells that look like formulas
    are written as text, never as formulas."""
    from openpyxl.styles import Font

    buf = io.BytesIO()
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object:
            safe[col] = safe[col].map(lambda v: f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v)
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        safe.to_excel(xw, index=False, sheet_name=sheet[:31])
        ws = xw.sheets[sheet[:31]]
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, col in enumerate(safe.columns, start=1):
            width = max(len(str(col)), *(len(str(v)) for v in safe[col].head(200))) if len(safe) else len(str(col))
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
    return buf.getvalue()
