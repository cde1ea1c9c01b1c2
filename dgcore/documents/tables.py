"""Downloads: a unit's scores as CSV (UTF-8 with BOM, which Excel opens as Thai) and XLSX."""

from __future__ import annotations

import io

import pandas as pd

from dgcore.texts import defuse


def defused(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula, prefixed with an apostrophe. Downloads
    hold text people typed (a username tried at the sign-in form reaches the audit log as is, e.g.
    =HYPERLINK(...) or =cmd|'/c calc'!A1), and Excel runs such a cell when the file is opened."""
    safe = df.copy()
    for col in safe.columns:
        if pd.api.types.is_object_dtype(safe[col]) or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(defuse)
    safe.columns = [defuse(c) for c in safe.columns]
    return safe


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so that Excel shows Thai headers and names correctly; formulas
    defused (see `defused`). Lines end in CRLF, which also makes the writer quote a lone carriage return
    inside a cell: unquoted, Excel starts a new row there, and the rest of the cell (=1+1) would run."""
    return defused(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, sheet: str = "scores") -> bytes:
    """One sheet, headers bold, columns sized to their content. Text cells that look like formulas
    are written as text, never as formulas."""
    from openpyxl.styles import Font

    buf = io.BytesIO()
    safe = defused(df)
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        safe.to_excel(xw, index=False, sheet_name=sheet[:31])
        ws = xw.sheets[sheet[:31]]
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, col in enumerate(safe.columns, start=1):
            width = max(len(str(col)), *(len(str(v)) for v in safe[col].head(200))) if len(safe) else len(str(col))
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
    return buf.getvalue()
