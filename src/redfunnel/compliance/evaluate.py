"""Measured accuracy of the checker on labelled data kept apart from its tuning.

Labelled sets ship in ``compliance/data/``:

- ``labelled_dev.jsonl``, generated from templates by ``generate_dev.py`` (the first rule
  patterns were tuned on it);
- hand-written training sets in ``data/written/`` (each from one author, in different voices and
  channels), which the rules were generalised against and the statistical layer learns from;
- hand-written held-out sets A, B, … (``labelled_heldout.jsonl``, ``labelled_heldout_b.jsonl``
  …), each written by an author who saw neither the rules nor the other data and kept sealed
  until scored once (:func:`record_first_run`). That first run — the honest estimate for
  unseen phrasing — is kept in ``heldout_first_runs.json`` and printed with every evaluation.
  After it, a set's errors may be used to find general gaps, so later figures on it are
  validation figures; unrecorded sets are never scored by ``evaluate("heldout")``.

``redfunnel eval compliance --by-writer`` (:func:`evaluate_by_writer`) retrains the statistical
layer without each written set in turn and scores the checker on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redfunnel.compliance.checker import check_text
from redfunnel.compliance.rulebook import FAMILIES, Rulebook, load_rulebook
from redfunnel.first_runs import append_first_run, read_first_runs
from redfunnel.jsonl import JsonLinesError, read_json_lines

__all__ = ["DATASETS", "TARGETS", "evaluate", "evaluate_by_writer", "figures", "load_labelled",
           "record_first_run", "tally"]

DATA = Path(__file__).with_name("data")
HELDOUT = {
    "heldout_a": DATA / "labelled_heldout.jsonl",
    "heldout_b": DATA / "labelled_heldout_b.jsonl",
    "heldout_c": DATA / "labelled_heldout_c.jsonl",
    "heldout_d": DATA / "labelled_heldout_d.jsonl",
    "heldout_e": DATA / "labelled_heldout_e.jsonl",
    "heldout_f": DATA / "labelled_heldout_f.jsonl",
    "heldout_g": DATA / "labelled_heldout_g.jsonl",
    "heldout_h": DATA / "labelled_heldout_h.jsonl",
    "heldout_i": DATA / "labelled_heldout_i.jsonl",
    "heldout_j": DATA / "labelled_heldout_j.jsonl",
    "heldout_k": DATA / "labelled_heldout_k.jsonl",
    "heldout_l": DATA / "labelled_heldout_l.jsonl",
    "heldout_m": DATA / "labelled_heldout_m.jsonl",
    "heldout_n": DATA / "labelled_heldout_n.jsonl",
    "heldout_o": DATA / "labelled_heldout_o.jsonl",
    "heldout_p": DATA / "labelled_heldout_p.jsonl",
    "heldout_q": DATA / "labelled_heldout_q.jsonl",
    # S was finished and scored before R: sets are listed in the order of their first runs.
    "heldout_s": DATA / "labelled_heldout_s.jsonl",
    "heldout_r": DATA / "labelled_heldout_r.jsonl",
    "heldout_t": DATA / "labelled_heldout_t.jsonl",
    "heldout_u": DATA / "labelled_heldout_u.jsonl",
    "heldout_v": DATA / "labelled_heldout_v.jsonl",
    "heldout_w": DATA / "labelled_heldout_w.jsonl",
    "heldout_x": DATA / "labelled_heldout_x.jsonl",
    "heldout_y": DATA / "labelled_heldout_y.jsonl",
    "heldout_z": DATA / "labelled_heldout_z.jsonl",
    "heldout_aa": DATA / "labelled_heldout_aa.jsonl",
    "heldout_ab": DATA / "labelled_heldout_ab.jsonl",
    "heldout_ac": DATA / "labelled_heldout_ac.jsonl",
    "heldout_ad": DATA / "labelled_heldout_ad.jsonl",
    "heldout_ae": DATA / "labelled_heldout_ae.jsonl",
    "heldout_af": DATA / "labelled_heldout_af.jsonl",
    "heldout_ag": DATA / "labelled_heldout_ag.jsonl",
    "heldout_ah": DATA / "labelled_heldout_ah.jsonl",
    "heldout_ai": DATA / "labelled_heldout_ai.jsonl",
    "heldout_aj": DATA / "labelled_heldout_aj.jsonl",
    "heldout_ak": DATA / "labelled_heldout_ak.jsonl",
    "heldout_al": DATA / "labelled_heldout_al.jsonl",
    "heldout_am": DATA / "labelled_heldout_am.jsonl",
    "heldout_an": DATA / "labelled_heldout_an.jsonl",
    "heldout_ao": DATA / "labelled_heldout_ao.jsonl",
    "heldout_ap": DATA / "labelled_heldout_ap.jsonl",
    "heldout_aq": DATA / "labelled_heldout_aq.jsonl",
    "heldout_as": DATA / "labelled_heldout_as.jsonl",
    "heldout_at": DATA / "labelled_heldout_at.jsonl",
    "heldout_ar": DATA / "labelled_heldout_ar.jsonl",
    "heldout_au": DATA / "labelled_heldout_au.jsonl",
    "heldout_av": DATA / "labelled_heldout_av.jsonl",
    "heldout_aw": DATA / "labelled_heldout_aw.jsonl",
    "heldout_ax": DATA / "labelled_heldout_ax.jsonl",
    "heldout_ay": DATA / "labelled_heldout_ay.jsonl",
    "heldout_az": DATA / "labelled_heldout_az.jsonl",
    "heldout_ba": DATA / "labelled_heldout_ba.jsonl",
    "heldout_bb": DATA / "labelled_heldout_bb.jsonl",
    "heldout_bc": DATA / "labelled_heldout_bc.jsonl",
    "heldout_bd": DATA / "labelled_heldout_bd.jsonl",
    "heldout_be": DATA / "labelled_heldout_be.jsonl",
    "heldout_bf": DATA / "labelled_heldout_bf.jsonl",
    "heldout_bg": DATA / "labelled_heldout_bg.jsonl",
    "heldout_bm": DATA / "labelled_heldout_bm.jsonl",
    "heldout_bj": DATA / "labelled_heldout_bj.jsonl",
    "heldout_bi": DATA / "labelled_heldout_bi.jsonl",
    "heldout_bk": DATA / "labelled_heldout_bk.jsonl",
    "heldout_bl": DATA / "labelled_heldout_bl.jsonl",
    "heldout_bh": DATA / "labelled_heldout_bh.jsonl",
    "heldout_bp": DATA / "labelled_heldout_bp.jsonl",
    "heldout_bn": DATA / "labelled_heldout_bn.jsonl",
    "heldout_bq": DATA / "labelled_heldout_bq.jsonl",
    "heldout_bo": DATA / "labelled_heldout_bo.jsonl",
    "heldout_br": DATA / "labelled_heldout_br.jsonl",
    "heldout_bu": DATA / "labelled_heldout_bu.jsonl",
    "heldout_bt": DATA / "labelled_heldout_bt.jsonl",
    "heldout_bs": DATA / "labelled_heldout_bs.jsonl",
    "heldout_bv": DATA / "labelled_heldout_bv.jsonl",
    "heldout_bw": DATA / "labelled_heldout_bw.jsonl",
    "heldout_bx": DATA / "labelled_heldout_bx.jsonl",
    "heldout_by": DATA / "labelled_heldout_by.jsonl",
    "heldout_bz": DATA / "labelled_heldout_bz.jsonl",
    "heldout_ca": DATA / "labelled_heldout_ca.jsonl",
    "heldout_cb": DATA / "labelled_heldout_cb.jsonl",
    "heldout_cc": DATA / "labelled_heldout_cc.jsonl",
    "heldout_cd": DATA / "labelled_heldout_cd.jsonl",
    "heldout_ce": DATA / "labelled_heldout_ce.jsonl",
    "heldout_cf": DATA / "labelled_heldout_cf.jsonl",
    "heldout_cg": DATA / "labelled_heldout_cg.jsonl",
    "heldout_ch": DATA / "labelled_heldout_ch.jsonl",
    "heldout_ci": DATA / "labelled_heldout_ci.jsonl",
    "heldout_cj": DATA / "labelled_heldout_cj.jsonl",
    "heldout_ck": DATA / "labelled_heldout_ck.jsonl",
    "heldout_cl": DATA / "labelled_heldout_cl.jsonl",
    "heldout_cm": DATA / "labelled_heldout_cm.jsonl",
    "heldout_cn": DATA / "labelled_heldout_cn.jsonl",
    "heldout_co": DATA / "labelled_heldout_co.jsonl",
    "heldout_cp": DATA / "labelled_heldout_cp.jsonl",
    "heldout_cq": DATA / "labelled_heldout_cq.jsonl",
    "heldout_cr": DATA / "labelled_heldout_cr.jsonl",
    "heldout_cs": DATA / "labelled_heldout_cs.jsonl",
    "heldout_ct": DATA / "labelled_heldout_ct.jsonl",
    "heldout_cu": DATA / "labelled_heldout_cu.jsonl",
    "heldout_cv": DATA / "labelled_heldout_cv.jsonl",
    "heldout_cw": DATA / "labelled_heldout_cw.jsonl",
    "heldout_cx": DATA / "labelled_heldout_cx.jsonl",
    "heldout_cy": DATA / "labelled_heldout_cy.jsonl",
    "heldout_cz": DATA / "labelled_heldout_cz.jsonl",
    "heldout_da": DATA / "labelled_heldout_da.jsonl",
    "heldout_db": DATA / "labelled_heldout_db.jsonl",
    "heldout_dc": DATA / "labelled_heldout_dc.jsonl",
    "heldout_dd": DATA / "labelled_heldout_dd.jsonl",
    "heldout_de": DATA / "labelled_heldout_de.jsonl",
    "heldout_df": DATA / "labelled_heldout_df.jsonl",
    "heldout_dg": DATA / "labelled_heldout_dg.jsonl",
    "heldout_dh": DATA / "labelled_heldout_dh.jsonl",
    "heldout_di": DATA / "labelled_heldout_di.jsonl",
    "heldout_dj": DATA / "labelled_heldout_dj.jsonl",
    "heldout_dk": DATA / "labelled_heldout_dk.jsonl",
    "heldout_dl": DATA / "labelled_heldout_dl.jsonl",
    "heldout_dm": DATA / "labelled_heldout_dm.jsonl",
    "heldout_dn": DATA / "labelled_heldout_dn.jsonl",
    "heldout_do": DATA / "labelled_heldout_do.jsonl",
    "heldout_dp": DATA / "labelled_heldout_dp.jsonl",
    "heldout_dq": DATA / "labelled_heldout_dq.jsonl",
    "heldout_dr": DATA / "labelled_heldout_dr.jsonl",
    "heldout_ds": DATA / "labelled_heldout_ds.jsonl",
    "heldout_dt": DATA / "labelled_heldout_dt.jsonl",
    "heldout_du": DATA / "labelled_heldout_du.jsonl",
    "heldout_dv": DATA / "labelled_heldout_dv.jsonl",
    "heldout_dw": DATA / "labelled_heldout_dw.jsonl",
    "heldout_dx": DATA / "labelled_heldout_dx.jsonl",
    "heldout_dy": DATA / "labelled_heldout_dy.jsonl",
    "heldout_dz": DATA / "labelled_heldout_dz.jsonl",
    "heldout_ea": DATA / "labelled_heldout_ea.jsonl",
    "heldout_eb": DATA / "labelled_heldout_eb.jsonl",
    "heldout_ec": DATA / "labelled_heldout_ec.jsonl",
    "heldout_ed": DATA / "labelled_heldout_ed.jsonl",
    "heldout_ee": DATA / "labelled_heldout_ee.jsonl",
    "heldout_ef": DATA / "labelled_heldout_ef.jsonl",
    "heldout_eg": DATA / "labelled_heldout_eg.jsonl",
    "heldout_eh": DATA / "labelled_heldout_eh.jsonl",
    "heldout_ei": DATA / "labelled_heldout_ei.jsonl",
    "heldout_ej": DATA / "labelled_heldout_ej.jsonl",
    "heldout_ek": DATA / "labelled_heldout_ek.jsonl",
    "heldout_el": DATA / "labelled_heldout_el.jsonl",
    "heldout_em": DATA / "labelled_heldout_em.jsonl",
    "heldout_en": DATA / "labelled_heldout_en.jsonl",
    "heldout_eo": DATA / "labelled_heldout_eo.jsonl",
    "heldout_ep": DATA / "labelled_heldout_ep.jsonl",
    "heldout_eq": DATA / "labelled_heldout_eq.jsonl",
    "heldout_er": DATA / "labelled_heldout_er.jsonl",
    "heldout_es": DATA / "labelled_heldout_es.jsonl",
    "heldout_et": DATA / "labelled_heldout_et.jsonl",
    "heldout_eu": DATA / "labelled_heldout_eu.jsonl",
    "heldout_ev": DATA / "labelled_heldout_ev.jsonl",
    "heldout_ew": DATA / "labelled_heldout_ew.jsonl",
    "heldout_ex": DATA / "labelled_heldout_ex.jsonl",
    "heldout_ey": DATA / "labelled_heldout_ey.jsonl",
    "heldout_ez": DATA / "labelled_heldout_ez.jsonl",
    "heldout_fa": DATA / "labelled_heldout_fa.jsonl",
    "heldout_fb": DATA / "labelled_heldout_fb.jsonl",
    "heldout_fc": DATA / "labelled_heldout_fc.jsonl",
    "heldout_fd": DATA / "labelled_heldout_fd.jsonl",
    "heldout_fe": DATA / "labelled_heldout_fe.jsonl",
    "heldout_ff": DATA / "labelled_heldout_ff.jsonl",
    "heldout_fg": DATA / "labelled_heldout_fg.jsonl",
    "heldout_fh": DATA / "labelled_heldout_fh.jsonl",
    "heldout_fi": DATA / "labelled_heldout_fi.jsonl",
    "heldout_fj": DATA / "labelled_heldout_fj.jsonl",
    "heldout_fk": DATA / "labelled_heldout_fk.jsonl",
    "heldout_fl": DATA / "labelled_heldout_fl.jsonl",
    "heldout_fm": DATA / "labelled_heldout_fm.jsonl",
    "heldout_fn": DATA / "labelled_heldout_fn.jsonl",
    "heldout_fo": DATA / "labelled_heldout_fo.jsonl",
    "heldout_fp": DATA / "labelled_heldout_fp.jsonl",
    "heldout_fq": DATA / "labelled_heldout_fq.jsonl",
    "heldout_fr": DATA / "labelled_heldout_fr.jsonl",
    "heldout_fs": DATA / "labelled_heldout_fs.jsonl",
    "heldout_ft": DATA / "labelled_heldout_ft.jsonl",
    "heldout_fu": DATA / "labelled_heldout_fu.jsonl",
    "heldout_fv": DATA / "labelled_heldout_fv.jsonl",
    "heldout_fw": DATA / "labelled_heldout_fw.jsonl",
    "heldout_fx": DATA / "labelled_heldout_fx.jsonl",
    "heldout_fy": DATA / "labelled_heldout_fy.jsonl",
    "heldout_fz": DATA / "labelled_heldout_fz.jsonl",
    "heldout_ga": DATA / "labelled_heldout_ga.jsonl",
    "heldout_gb": DATA / "labelled_heldout_gb.jsonl",
    "heldout_gc": DATA / "labelled_heldout_gc.jsonl",
    "heldout_gd": DATA / "labelled_heldout_gd.jsonl",
    "heldout_ge": DATA / "labelled_heldout_ge.jsonl",
    "heldout_gf": DATA / "labelled_heldout_gf.jsonl",
    "heldout_gg": DATA / "labelled_heldout_gg.jsonl",
    "heldout_gh": DATA / "labelled_heldout_gh.jsonl",
    "heldout_gi": DATA / "labelled_heldout_gi.jsonl",
    "heldout_gj": DATA / "labelled_heldout_gj.jsonl",
    "heldout_gk": DATA / "labelled_heldout_gk.jsonl",
    "heldout_gl": DATA / "labelled_heldout_gl.jsonl",
    "heldout_gm": DATA / "labelled_heldout_gm.jsonl",
    "heldout_gn": DATA / "labelled_heldout_gn.jsonl",
    "heldout_go": DATA / "labelled_heldout_go.jsonl",
    "heldout_gp": DATA / "labelled_heldout_gp.jsonl",
    "heldout_gq": DATA / "labelled_heldout_gq.jsonl",
    "heldout_gr": DATA / "labelled_heldout_gr.jsonl",
    "heldout_gs": DATA / "labelled_heldout_gs.jsonl",
    "heldout_gt": DATA / "labelled_heldout_gt.jsonl",
    "heldout_gu": DATA / "labelled_heldout_gu.jsonl",
    "heldout_gv": DATA / "labelled_heldout_gv.jsonl",
    "heldout_gw": DATA / "labelled_heldout_gw.jsonl",
    "heldout_gx": DATA / "labelled_heldout_gx.jsonl",
    "heldout_gy": DATA / "labelled_heldout_gy.jsonl",
    "heldout_gz": DATA / "labelled_heldout_gz.jsonl",
    "heldout_ha": DATA / "labelled_heldout_ha.jsonl",
    "heldout_hb": DATA / "labelled_heldout_hb.jsonl",
    "heldout_hc": DATA / "labelled_heldout_hc.jsonl",
    "heldout_hd": DATA / "labelled_heldout_hd.jsonl",
    "heldout_he": DATA / "labelled_heldout_he.jsonl",
    "heldout_hf": DATA / "labelled_heldout_hf.jsonl",
    "heldout_hg": DATA / "labelled_heldout_hg.jsonl",
    "heldout_hh": DATA / "labelled_heldout_hh.jsonl",
    "heldout_hi": DATA / "labelled_heldout_hi.jsonl",
    "heldout_hj": DATA / "labelled_heldout_hj.jsonl",
    "heldout_hk": DATA / "labelled_heldout_hk.jsonl",
    "heldout_hl": DATA / "labelled_heldout_hl.jsonl",
    "heldout_hm": DATA / "labelled_heldout_hm.jsonl",
    "heldout_hn": DATA / "labelled_heldout_hn.jsonl",
    "heldout_ho": DATA / "labelled_heldout_ho.jsonl",
    "heldout_hp": DATA / "labelled_heldout_hp.jsonl",
    "heldout_hq": DATA / "labelled_heldout_hq.jsonl",
    "heldout_hr": DATA / "labelled_heldout_hr.jsonl",
    "heldout_hs": DATA / "labelled_heldout_hs.jsonl",
    "heldout_ht": DATA / "labelled_heldout_ht.jsonl",
    "heldout_hu": DATA / "labelled_heldout_hu.jsonl",
    "heldout_hv": DATA / "labelled_heldout_hv.jsonl",
    "heldout_hw": DATA / "labelled_heldout_hw.jsonl",
    "heldout_hx": DATA / "labelled_heldout_hx.jsonl",
    "heldout_hy": DATA / "labelled_heldout_hy.jsonl",
    "heldout_hz": DATA / "labelled_heldout_hz.jsonl",
    "heldout_ia": DATA / "labelled_heldout_ia.jsonl",
}
DATASETS = {**HELDOUT, "dev": DATA / "labelled_dev.jsonl"}
FIRST_RUNS = DATA / "heldout_first_runs.json"
TARGETS = {"p0_recall": 0.95, "clean_fp_rate": 0.02}


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    text: str
    labels: frozenset[str]
    product: str | None = None


def load_labelled(path: Path) -> list[Item]:
    """Read a labelled JSONL file; bad rows fail naming the file, line and field."""
    items = []
    for line_no, doc in read_json_lines(path):
        for name in ("id", "text", "labels"):
            if name not in doc:
                raise JsonLinesError(str(path), line_no, f"缺少字段 {name}")
        unknown = set(doc["labels"]) - set(FAMILIES)
        if unknown:
            raise JsonLinesError(str(path), line_no, f"labels 含未知规则族 {sorted(unknown)}")
        items.append(
            Item(
                str(doc["id"]),
                doc.get("kind", "note"),
                doc["text"],
                frozenset(doc["labels"]),
                doc.get("product"),
            )
        )
    return items


@dataclass
class Tally:
    """Counts of one evaluation: per-family hits and misses, clean items and those flagged."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0))
    items: int = 0
    clean: int = 0
    clean_flagged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for family in FAMILIES:
            self.tp[family] += other.tp[family]
            self.fn[family] += other.fn[family]
            self.fp[family] += other.fp[family]
        self.items += other.items
        self.clean += other.clean
        self.clean_flagged += other.clean_flagged
        self.errors += other.errors


def tally(items: list[Item], book: Rulebook) -> Tally:
    """Run the checker over ``items`` and count hits, misses and false alarms per family."""
    counts = Tally(items=len(items))
    for item in items:
        result = check_text(item.text, product=item.product, kind=item.kind, rulebook=book)
        predicted = result.families
        for family in FAMILIES:
            if family in item.labels:
                if family in predicted:
                    counts.tp[family] += 1
                else:
                    counts.fn[family] += 1
            elif family in predicted:
                counts.fp[family] += 1
        if not item.labels:
            counts.clean += 1
            counts.clean_flagged += bool(predicted)
        missed = item.labels - predicted
        extra = predicted - item.labels
        if missed or (not item.labels and extra):
            counts.errors.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "missed": sorted(missed),
                    "extra": sorted(extra),
                    "findings": [f"{f.rule_id}:{f.excerpt}" for f in result.findings],
                }
            )
    return counts


def figures(counts: Tally, book: Rulebook) -> dict[str, Any]:
    """Recall and precision per family, P0 recall and the clean false-positive rate."""
    p0 = sorted(f for f, fam in book.families.items() if fam.severity == "P0")
    families = {}
    for family in FAMILIES:
        support = counts.tp[family] + counts.fn[family]
        flagged = counts.tp[family] + counts.fp[family]
        families[family] = {
            "severity": book.families[family].severity if family in book.families else None,
            "support": support,
            "recall": round(counts.tp[family] / support, 4) if support else None,
            "precision": round(counts.tp[family] / flagged, 4) if flagged else None,
        }
    p0_tp = sum(counts.tp[f] for f in p0)
    p0_support = sum(counts.tp[f] + counts.fn[f] for f in p0)
    report: dict[str, Any] = {
        "items": counts.items,
        "clean_items": counts.clean,
        "rulebook_version": book.version,
        "families": families,
        "p0_families": p0,
        "p0_recall": round(p0_tp / p0_support, 4) if p0_support else None,
        "p0_min_family_recall": min(
            (families[f]["recall"] for f in p0 if families[f]["recall"] is not None), default=None
        ),
        "clean_fp_rate": round(counts.clean_flagged / counts.clean, 4) if counts.clean else None,
        "targets": TARGETS,
    }
    report["meets_targets"] = bool(
        report["p0_recall"] is not None
        and report["p0_recall"] >= TARGETS["p0_recall"]
        and report["clean_fp_rate"] is not None
        and report["clean_fp_rate"] <= TARGETS["clean_fp_rate"]
    )
    return report


def evaluate(
    dataset: str | Path = "heldout", *, rulebook: Rulebook | None = None, with_errors: bool = False
) -> dict[str, Any]:
    """Run the checker over a labelled set and compute the figures."""
    if str(dataset) == "heldout":
        recorded = {run["set"] for run in first_runs()}
        paths = [path for name, path in HELDOUT.items() if name in recorded]
    else:
        paths = [DATASETS.get(str(dataset), Path(dataset))]
    book = rulebook or load_rulebook()
    counts = tally([item for path in paths for item in load_labelled(path)], book)
    report = {"dataset": "+".join(p.name for p in paths), **figures(counts, book)}
    report["first_runs"] = first_runs()
    report["first_run_rounds"] = first_run_rounds(report["first_runs"])
    report["sealed_sets"] = sealed_sets()
    if with_errors:
        report["errors"] = counts.errors
    return report


def evaluate_by_writer(*, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Leave-one-writer-out figures over the hand-written training sets in ``data/written/``.

    For each writer the statistical layer is retrained without that writer's texts and the
    checker is scored on them: an estimate of how the checker does on a new author's wording
    (the rules themselves were written before these sets existed). Pooled figures count every
    item once.
    """
    from redfunnel.compliance.statistical import WRITTEN_DIR, models_in_use, train, training_items

    book = rulebook or load_rulebook()
    items = training_items()
    pooled = Tally()
    writers = []
    for path in sorted(WRITTEN_DIR.glob("*.jsonl")):
        models = train([(name, item) for name, item in items if name != path.stem])
        with models_in_use(models):
            counts = tally([item for name, item in items if name == path.stem], book)
        pooled.add(counts)
        writers.append({"set": path.stem, **figures(counts, book)})
    return {"dataset": "leave-one-writer-out", "writers": writers, **figures(pooled, book)}


def sealed_sets() -> list[str]:
    """Held-out sets without a recorded first run: not scored by ``evaluate("heldout")``, so
    looking at the figures cannot spend a set before the checker it is meant to measure is final."""
    recorded = {run["set"] for run in first_runs()}
    return [name for name in HELDOUT if name not in recorded]


def first_run_rounds(runs: list[dict[str, Any]], last: int = 3) -> list[dict[str, Any]]:
    """The first runs of the ``last`` rulebook versions, grouped per version, newest last: each
    group's sets were scored by one rulebook that had not been tuned on them, so the group's mean
    is the estimate on unseen wording that the validation totals are not. A single set is one
    author's voice and swings by several points; a round of several is steadier."""
    rounds: list[dict[str, Any]] = []
    for run in runs:
        if not rounds or rounds[-1]["rulebook_version"] != run["rulebook_version"]:
            rounds.append({"rulebook_version": run["rulebook_version"], "runs": []})
        rounds[-1]["runs"].append(run)
    out = []
    for group in rounds[-last:]:
        sets = group["runs"]
        recall = sum(r["p0_recall"] for r in sets) / len(sets)
        fp = sum(r["clean_fp_rate"] for r in sets) / len(sets)
        out.append({
            "rulebook_version": group["rulebook_version"],
            "sets": [r["set"] for r in sets],
            "items": sum(r["items"] for r in sets),
            "p0_recall": recall,
            "clean_fp_rate": fp,
            "meets_targets": recall >= TARGETS["p0_recall"] and fp <= TARGETS["clean_fp_rate"],
        })
    return out


def first_runs() -> list[dict[str, Any]]:
    """Recorded first evaluations of the hand-written held-out sets, oldest first."""
    return read_first_runs(FIRST_RUNS)


def record_first_run(set_name: str, *, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Score held-out set ``set_name`` once and append its figures to ``heldout_first_runs.json``.

    Refuses a set that is already recorded: a second "first run" after changes would no longer
    be an untouched estimate.
    """
    book = rulebook or load_rulebook()
    path = HELDOUT[set_name]
    report = figures(tally(load_labelled(path), book), book)
    run = {"set": set_name, "file": path.name, "rulebook_version": book.version,
           **{k: report[k] for k in ("items", "clean_items", "p0_recall", "p0_min_family_recall",
                                     "clean_fp_rate")}}
    return append_first_run(FIRST_RUNS, run)
