"""Names a careless or hostile contractor could put in a registry, shared by the importer and browser tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

# agency id -> (Thai name, English name). Each carries a different kind of markup; none may render as
# such anywhere. Remote images are refused by the importer, so these use a local-looking picture path.
HOSTILE_NAMES = {
    "D001": (
        "สำนักงานปลัด [ตั้งรหัสผ่านใหม่ที่นี่](https://evil.example/login) ![x](pixel.png)",
        "Office of the PM [Reset your password here](https://evil.example/login) ![x](pixel.png)",
    ),
    "D014": ("# สำนักงาน **กปร.** _ด่วน_", "# Royal Projects **Board** _urgent_ ~~old~~"),
    "D018": (
        "<b>สำนักงาน</b> <img src=x onerror=alert(1)> <a href='https://evil.example'>คลิก</a>",
        "<script>alert(1)</script> Land Board <a href='https://evil.example'>click</a>",
    ),
    "D317": (
        "สำนักงานตำรวจแห่งชาติ \u202eเสีย\u202c :red[แดง] $x^2$",
        "Royal Thai Police \u202egnp.live\u202c www.evil.example :material/lock: `code`",
    ),
}
# Refused outright: a picture from another site, a javascript: or data: link.
REFUSED_NAMES = {
    "D001": ("สำนักงาน ![pixel](https://evil.example/pixel.png)", "Office ![pixel](https://evil.example/pixel.png)"),
    "D014": ("สำนักงาน [x](javascript:alert(1))", "Office [x](data:text/html;base64,PHNjcmlwdD4=)"),
}


def with_names(registry: Path, out: Path, names: dict[str, tuple[str, str]]) -> Path:
    """A copy of a registry CSV with the given units renamed (Thai and English)."""
    rows = list(csv.DictReader(io.StringIO(registry.read_bytes().decode("utf-8-sig"))))
    for row in rows:
        if row["agency_id"] in names:
            row["name_th"], row["name_en"] = names[row["agency_id"]]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(buf.getvalue(), encoding="utf-8")
    return out


def shown(name: str) -> str:
    """How a name must read on screen: as typed, without the bidi controls that would reorder it."""
    from dgcore.text_safety import clean

    return " ".join(clean(name).split())
