"""Shaping province aggregates for the Provinces page (no data access here)."""
from __future__ import annotations

import pandas as pd

from dgcore.framework import Framework
from ui.i18n import fmt_score, tr


def pillar_short(fw: Framework, code: str, lang: str, width: int = 22) -> str:
    """'3. Public services' cut to fit an axis on a projector."""
    name = getattr(fw.pillar(code), f"name_{lang}")
    return f"{code}. {name if len(name) <= width else name[:width - 1] + '…'}"


def measures(fw: Framework, lang: str) -> dict[str, str]:
    out = {"overall": tr("m_overall", lang)}
    out |= {f"p{p.code}": f"{tr('pillar', lang)} {p.code}. {getattr(p, 'name_' + lang)}" for p in fw.pillars}
    return out | {"rate": tr("m_rate", lang), "change": tr("m_change", lang)}


def measure_values(summary: pd.DataFrame, pillars: pd.DataFrame, measure: str) -> pd.Series:
    if measure.startswith("p"):
        wide = pillars.pivot(index="code", columns="pillar_code", values="mean")
        return summary["code"].map(wide[measure[1:]])
    return summary[measure]


def map_frame(summary: pd.DataFrame, values: pd.Series, label: str, lang: str) -> pd.DataFrame:
    df = summary.assign(value=values.astype(float)).dropna(subset=["value"])
    rank = df["value"].rank(ascending=False, method="min").astype(int)
    df["hover"] = [f"<b>{getattr(r, 'name_' + lang)}</b><br>{label}: {r.value:.2f}<br>{tr('rank', lang)} {k} / {len(df)}"
                   f"<br>{tr('units_counted', lang)}: {r.responded}" for r, k in zip(df.itertuples(), rank)]
    return df


def ranking_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    df = summary.sort_values(["rank", "code"])
    return pd.DataFrame({tr("rank", lang): df["rank"].astype("Int64"), tr("province", lang): df[f"name_{lang}"],
                         tr("score", lang): df["overall"].round(2), tr("change", lang): df["change"].round(2),
                         tr("m_rate", lang): df["rate"].round(2), tr("units_counted", lang): df["responded"]})


def heatmap_frame(summary: pd.DataFrame, pillars: pd.DataFrame, fw: Framework, lang: str) -> pd.DataFrame:
    wide = pillars.pivot(index="code", columns="pillar_code", values="mean")
    order = summary.sort_values("overall", ascending=False)
    wide = wide.reindex(order["code"])
    wide.index = order[f"name_{lang}"].tolist()
    wide.columns = [pillar_short(fw, c, lang) for c in wide.columns]
    return wide


def compare_frame(pillars: pd.DataFrame, summary: pd.DataFrame, codes: list[str], fw: Framework, lang: str) -> pd.DataFrame:
    names = dict(zip(summary["code"], summary[f"name_{lang}"]))
    wide = pillars[pillars["code"].isin(codes)].pivot(index="pillar_code", columns="code", values="mean")
    wide = wide[[c for c in codes if c in wide.columns]]
    wide.columns = [names[c] for c in wide.columns]
    wide.index = [pillar_short(fw, c, lang) for c in wide.index]
    return wide


def national_pillars(pm: pd.DataFrame, fw: Framework, lang: str, kinds: tuple[str, ...]) -> pd.Series:
    sel = pm[pm["kind"].isin(kinds)]
    s = (sel["mean"] * sel["n"]).groupby(sel["pillar_code"]).sum() / sel.groupby("pillar_code")["n"].sum()
    s.index = [pillar_short(fw, c, lang) for c in s.index]
    return s


def units_frame(units: pd.DataFrame, lang: str) -> pd.DataFrame:
    df = units[units["overall"].notna()]
    label = df[f"type_{lang}"].where(df[f"type_{lang}"].notna(), df[f"name_{lang}"])
    return pd.DataFrame({"label": label, "overall": df["overall"]})


def units_table(units: pd.DataFrame, lang: str, band_names: dict) -> pd.DataFrame:
    return pd.DataFrame({tr("unit_name", lang): units[f"name_{lang}"],
                         tr("type", lang): units[f"type_{lang}"],
                         tr("status", lang): [tr(f"status_{s}", lang) for s in units["status"]],
                         tr("score", lang): units["overall"].round(2),
                         tr("band", lang): units["band"].map(band_names),
                         tr("maturity_one", lang): units["maturity"].astype("Int64")})


def sub_lines(profile: pd.DataFrame, fw: Framework, lang: str, best: bool, n: int = 3) -> list[str]:
    df = profile.assign(diff=profile["mean"] - profile["national_mean"]).sort_values("diff", ascending=not best).head(n)
    return [f"{r.sub_code} {getattr(fw.sub(r.sub_code), 'name_' + lang)}: {fmt_score(r.mean, 1)} "
            f"({r.diff:+.1f} {tr('vs_national', lang)})" for r in df.itertuples()]


def common_actions(profile: pd.DataFrame, fw: Framework, lang: str, n: int = 3) -> list[tuple[str, str, list[str]]]:
    df = profile.sort_values(["n_accelerate", "mean"], ascending=[False, True]).head(n)
    return [(f"{r.sub_code} {getattr(fw.sub(r.sub_code), 'name_' + lang)}",
             tr("units_to_accelerate", lang).format(n=r.n_accelerate, total=r.n_units),
             [a[lang] for a in fw.sub(r.sub_code).actions]) for r in df.itertuples()]
