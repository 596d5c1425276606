"""A statistical layer beside the rules: one character n-gram model per rule family.

Rules carry the checker: they give exact spans, sources and reasons. But copywriters and busy
operators keep finding new ways to promise returns ("拿得住就不会亏"), to liken 理财 to a deposit
("比定期香，一样稳"), to ask for a code ("您把收到的6位数字发我"), and every freshly written
labelled set found wordings the rules did not know. A character n-gram logistic regression
generalises over such wordings (it learns 稳/保/亏/跟…一样/发我 as evidence, not whole phrases), so
each family has one as a second opinion. Its findings are P1: a reviewer must give a reason
before approving, but a score alone never blocks. ``pii_exposure`` has no model: whether a
string is an ID or card number is a checksum question, which the detector answers exactly.

Training data: every labelled set except the sealed one being measured — the generated dev set,
the hand-written held-out sets whose first run is recorded (``TRAIN_SETS``; see
``heldout_first_runs.json``) and the hand-written training sets in ``data/written/``. Each
family's threshold is chosen from out-of-fold scores (5-fold) as the lowest score at which at
most ``CLEAN_FP_BUDGET`` of the clean items would be flagged by that family, never below
``MIN_THRESHOLD``. All families share one vocabulary, so scoring a text is one walk over its
n-grams and one small matrix product.
The trained layer is cached on disk (:mod:`redfunnel.model_cache`).

The layer also doubts: a rule matches words, and many false alarms are words in a sense the text
does not bear (最好设置自动还款 is advice, not a ranking). When the text and the clause holding a
rule's finding both score below the level under which ``VETO_QUANTILE`` of the family's training
positives fall (out-of-fold), that finding is set aside as doubted: shown to the reviewer, neither
blocking nor counted (:func:`model_doubts`, ``CheckResult.doubted``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from redfunnel.compliance.rulebook import FAMILIES
from redfunnel.model_cache import load_or_build

try:  # compiled at install (pyproject's ext-modules); without a C compiler numpy scores alike
    from redfunnel.compliance import _ngram_scoring
except ImportError:  # pragma: no cover - exercised only where the extension was not built
    _ngram_scoring = None

if TYPE_CHECKING:
    from redfunnel.compliance.evaluate import Item

__all__ = ["MODEL_FAMILIES", "TRAIN_SETS", "FamilyModels", "active_models", "clear_score_caches",
           "family_models", "model_doubts", "model_flagged", "model_flags", "model_spans",
           "models_in_use", "train", "training_items"]

MODEL_FAMILIES = tuple(f for f in FAMILIES if f != "pii_exposure")
TRAIN_SETS = ("dev", "heldout_a", "heldout_b", "heldout_c", "heldout_d", "heldout_e", "heldout_f",
              "heldout_g", "heldout_h", "heldout_i", "heldout_j", "heldout_k",
              "heldout_l", "heldout_m", "heldout_n", "heldout_o",
              "heldout_p", "heldout_q", "heldout_s", "heldout_r",
              "heldout_t", "heldout_u", "heldout_v", "heldout_w",
              "heldout_x", "heldout_y", "heldout_z", "heldout_aa",
              "heldout_ab", "heldout_ac", "heldout_ad", "heldout_af", "heldout_ag",
              "heldout_ah", "heldout_ai", "heldout_aj", "heldout_ak", "heldout_al",
              "heldout_am", "heldout_ap", "heldout_aq", "heldout_ar", "heldout_as",
              "heldout_at", "heldout_au", "heldout_av", "heldout_aw", "heldout_ax",
              "heldout_ay", "heldout_az", "heldout_ba", "heldout_bb", "heldout_bc",
              "heldout_bd", "heldout_be", "heldout_bf", "heldout_bg", "heldout_bh",
              "heldout_bi", "heldout_bj", "heldout_bk", "heldout_bl", "heldout_bm",
              "heldout_bn", "heldout_bo", "heldout_bp", "heldout_bq", "heldout_br",
              "heldout_bs", "heldout_bt", "heldout_bu", "heldout_bv", "heldout_bw",
              "heldout_bx", "heldout_by", "heldout_bz", "heldout_ca", "heldout_cb",
              "heldout_cc", "heldout_cd", "heldout_ce", "heldout_cf", "heldout_cg",
              "heldout_ch", "heldout_ci", "heldout_cj", "heldout_ck", "heldout_cl", "heldout_cm",
              "heldout_cn", "heldout_co", "heldout_cp", "heldout_cq", "heldout_cr", "heldout_cs",
              "heldout_ct", "heldout_cu", "heldout_cv", "heldout_cw", "heldout_cx", "heldout_cy",
              "heldout_cz", "heldout_da", "heldout_db", "heldout_dc", "heldout_dd", "heldout_de",
              "heldout_df", "heldout_dg", "heldout_dh", "heldout_di", "heldout_dj", "heldout_dk",
              "heldout_dl", "heldout_dm", "heldout_dn", "heldout_do", "heldout_dp", "heldout_dq",
              "heldout_dr", "heldout_ds", "heldout_dt", "heldout_du", "heldout_dv", "heldout_dw",
              "heldout_dx", "heldout_dy", "heldout_dz", "heldout_ea", "heldout_eb", "heldout_ec",
              "heldout_ed", "heldout_ee", "heldout_ef", "heldout_eg", "heldout_eh", "heldout_ei",
              "heldout_ej", "heldout_ek", "heldout_el", "heldout_em", "heldout_en", "heldout_eo",
              "heldout_ep", "heldout_eq", "heldout_er", "heldout_es", "heldout_et", "heldout_eu",
              "heldout_ev", "heldout_ew", "heldout_ex", "heldout_ey", "heldout_ez", "heldout_fa",
              "heldout_fb", "heldout_fc", "heldout_fd", "heldout_fe", "heldout_ff", "heldout_fg",
              "heldout_fh", "heldout_fi", "heldout_fj", "heldout_fk", "heldout_fl", "heldout_fm",
              "heldout_fn", "heldout_fo", "heldout_fp", "heldout_fq", "heldout_fr", "heldout_fs",
              "heldout_ft", "heldout_fu", "heldout_fv", "heldout_fw", "heldout_fx", "heldout_fy",
              "heldout_fz", "heldout_ga", "heldout_gb", "heldout_gc", "heldout_gd", "heldout_ge",
              "heldout_gf", "heldout_gg", "heldout_gh", "heldout_gi", "heldout_gj", "heldout_gk",
              "heldout_gl", "heldout_gm", "heldout_gn", "heldout_go", "heldout_gp", "heldout_gq",
              "heldout_gr", "heldout_gs", "heldout_gt", "heldout_gu", "heldout_gv", "heldout_gw",
              "heldout_gx", "heldout_gy", "heldout_gz", "heldout_ha", "heldout_hb", "heldout_hc",
              "heldout_hd", "heldout_he", "heldout_hf", "heldout_hg", "heldout_hh", "heldout_hi",
              "heldout_hj", "heldout_hk", "heldout_hl", "heldout_hm", "heldout_hn", "heldout_ho")
WRITTEN_DIR = Path(__file__).with_name("data") / "written"
MODEL_VERSION = "compliance-families-56"
# The share of clean training items (out-of-fold) a family's model may flag. Measured twice on
# sets the layer had not seen, with a rulebook that had not seen them either: on BH-BM (rulebook
# 2026.11-40) a budget of 0.002 gave P0 recall 0.926 at 0.010 clean false positives and 0.005 gave
# 0.941 at 0.015; on CB-CG (rulebook 2026.11-43) 0.925/0.050 against 0.940/0.053 (0.01: 0.943/
# 0.054); trained without CH-DK and scored on them (rulebook 2026.11-51), 0.950/0.011 against
# 0.958/0.013, and keeping the P1 families at 0.002 changed neither figure. 0.005 buys 1-1.5
# points of recall for 0.2-0.5 points of false alarms, which are P1 (a reviewer's reason, never a
# block). The denials it first flagged (不需要您的身份证号, 请不要发送卡号, 扣错的钱一定退回) are
# kept from the layer by the model rules' unless_text.
CLEAN_FP_BUDGET = 0.005
# N-grams seen in fewer training texts are left out. Trained on the sets before AP and scored on
# AP–BA (3,600 items) with rulebook 2026.11-38, min_df 2, 3, 5, 8 and 12 gave the same P0 recall
# (0.950–0.952) and clean false-positive rate (0.011); at 5 the vocabulary is 39k n-grams instead
# of 106k, and the checker's per-draft model cost falls with it.
MIN_DF = 5
MIN_THRESHOLD = 0.5
# The layer's doubt: a rule's finding of a family is set aside (shown, not counted) when the text
# and the finding's clause score below the level under which this share of the family's training
# positives fall (out-of-fold). Rules match words; many false alarms are words in a sense the text
# does not bear (最好设置自动还款, 这种群百分之百有问题). Scored with models that had not seen the
# sets (P0 recall / clean FP; no doubts, doubts on the whole text alone, shipped): DL-DQ 0.938 /
# 0.041, 0.936 / 0.019, 0.938 / 0.027; DR-DW 0.946 / 0.018, 0.945 / 0.010, 0.946 / 0.013. The
# whole text alone halved the findings on the benchmark's long drafts (one violating sentence
# barely moves a long post's score), hence the clause. Doubting at 1% or 2% of positives (whole
# text, DL-DQ) cost more recall: 0.932 / 0.018, 0.920 / 0.015.
VETO_QUANTILE = 0.005
NGRAM_MAX = 3  # _ngram_keys packs up to three code points into one integer
_CLAUSE_RE = re.compile(r"[^。！？!?；;\n]+")
_SPACES_RE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class FamilyModels:
    """Fitted per-family linear models flattened onto one shared n-gram vocabulary.

    ``weights[i, j]`` is n-gram ``i``'s idf times family ``j``'s coefficient, so a text's scores
    are its sublinear tf over the vocabulary, l2-normalised with the idf, times ``weights`` — what
    the vectoriser and the regressions compute, without building a sparse matrix per text (the
    checker's throughput target is 1,000 drafts a second). N-grams are looked up as integers:
    code points packed 21 bits apart (:func:`_ngram_keys`), exact and free of collisions, so a
    whole text's n-grams are found with one sorted search instead of one dictionary lookup each.
    """

    families: tuple[str, ...]
    keys: np.ndarray  # sorted packed n-grams of the vocabulary
    idf: np.ndarray  # per key
    weights: np.ndarray  # per key and family
    intercepts: np.ndarray
    thresholds: dict[str, float]
    vetoes: dict[str, float]  # below this score a rule's finding of the family is doubted

    @cached_property
    def _rows(self) -> np.ndarray:
        """``weights`` with ``idf`` as a last column: a text's n-grams are gathered from one
        array, one memory access per n-gram instead of two (the vocabulary outgrows the cache)."""
        return np.ascontiguousarray(np.concatenate([self.weights, self.idf[:, None]], axis=1),
                                    dtype=np.float64)

    @cached_property
    def _table(self) -> tuple[np.ndarray, np.ndarray]:
        """The compiled scorer's arrays: the vocabulary as an open-addressing table of (key,
        row) pairs, at most half full, and the intercepts."""
        size = 1 << max(4, (2 * len(self.keys)).bit_length())
        table = np.empty((size, 2), dtype=np.int64)
        _ngram_scoring.build_table(  # type: ignore[union-attr]
            np.ascontiguousarray(self.keys, dtype=np.int64), table
        )
        return table, np.ascontiguousarray(self.intercepts, dtype=np.float64)

    def scores(self, text: str) -> dict[str, float]:
        """Probability of each family for ``text``."""
        if _ngram_scoring is not None:
            return dict(zip(self.families, self._compiled(text), strict=True))
        return self.numpy_scores(text)

    def _compiled(self, text: str) -> list[float]:
        table, intercepts = self._table
        return _ngram_scoring.score(  # type: ignore[no-any-return,union-attr]
            _prepared(text), table, self._rows, intercepts
        )

    def numpy_scores(self, text: str) -> dict[str, float]:
        """:meth:`scores` in numpy: the reference the compiled scorer is held to, and the path
        taken where the extension was not built."""
        grams, counts = self._distinct_grams(text)
        at, hit = self._lookup(grams)
        logits = self.intercepts
        if hit.any():
            tf = 1.0 + np.log(counts[hit])
            rows = self._rows[at]
            weighted = tf * rows[:, -1]
            logits = tf @ rows[:, :-1] / math.sqrt(float(weighted @ weighted)) + logits
        probs = 1.0 / (1.0 + np.exp(-logits))
        return dict(zip(self.families, map(float, probs), strict=True))

    def score_many(self, texts: list[str]) -> np.ndarray:
        """Probabilities, one row per text and one column per family, in one vectorised pass
        (a post's clauses are scored together to find the one that carries a finding).

        The texts' n-grams are cut from one array of all their code points, keeping those that
        lie inside one text; per-text numpy calls cost more than the arithmetic on a dozen
        clauses. They are looked up in sorted order (the search then walks the vocabulary nearly
        in order) and counted per text as (text, vocabulary position) pairs in one integer.
        The compiled scorer needs no batching: it scores each text in one call."""
        if _ngram_scoring is not None:
            return np.array([self._compiled(text) for text in texts],
                            dtype=np.float64).reshape(len(texts), len(self.families))
        grams, owner = _grams_of(texts)
        logits = np.zeros((len(texts), len(self.families)))
        if grams.size:
            order = np.argsort(grams)
            grams, owner = grams[order], owner[order]
            at, hit = self._lookup(grams)
            pairs, counts = np.unique(owner[hit] * len(self.keys) + at, return_counts=True)
            if pairs.size:
                rows, at = np.divmod(pairs, len(self.keys))
                tf = 1.0 + np.log(counts)
                vocab = self._rows[at]
                weighted = tf * vocab[:, -1]
                norms = np.sqrt(np.bincount(rows, weighted * weighted, minlength=len(texts)))
                starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
                present = rows[starts]
                sums = np.add.reduceat(tf[:, None] * vocab[:, :-1], starts, axis=0)
                logits[present] = sums / norms[present, None]
        return 1.0 / (1.0 + np.exp(-(logits + self.intercepts)))

    @staticmethod
    def _distinct_grams(text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's distinct n-gram keys, sorted (so the search below walks the vocabulary
        nearly in order), and how often each occurs."""
        keys = _ngram_keys(_prepared(text))
        if keys.size == 0:
            return keys, keys
        keys.sort()
        firsts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        return keys[firsts], np.diff(np.append(firsts, len(keys)))

    def _lookup(self, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary positions of the n-grams that are in it, and which ones are."""
        where = np.minimum(np.searchsorted(self.keys, grams), len(self.keys) - 1)
        hit = self.keys[where] == grams
        return where[hit], hit


def _grams_of(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every n-gram key of every text (as :meth:`FamilyModels._distinct_grams` cuts them, not
    made distinct) and the text each belongs to."""
    prepared = [_prepared(text) for text in texts]
    points = np.frombuffer("".join(prepared).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(prepared)), [len(text) for text in prepared])
    keys, owners = [points], [owner]
    for n in range(2, min(NGRAM_MAX, len(points)) + 1):
        inside = owner[: len(points) - n + 1] == owner[n - 1 :]  # not across two texts
        keys.append(_packed(points, n)[inside])
        owners.append(owner[: len(points) - n + 1][inside])
    return np.concatenate(keys), np.concatenate(owners)


def _prepared(text: str) -> str:
    """The text as the vectoriser read it when the layer was fitted: lowercased, each run of
    whitespace one space."""
    return _SPACES_RE.sub(" ", text.lower())


def _ngram_keys(text: str) -> np.ndarray:
    """The text's character 1- to 3-grams as integers (code points < 2**21 packed side by side;
    code points are never 0 in text, so 1-, 2- and 3-gram keys fall in disjoint ranges)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return np.concatenate([_packed(points, n) for n in range(1, min(NGRAM_MAX, len(points)) + 1)]
                          or [points])


def _packed(points: np.ndarray, n: int) -> np.ndarray:
    """The keys of the n-grams starting at each position that has ``n`` code points left."""
    key = points[: len(points) - n + 1]
    for k in range(1, n):
        key = (key << 21) | points[k : len(points) - n + 1 + k]
    return key


def _gram_key(gram: str) -> int:
    key = 0
    for ch in gram:
        key = (key << 21) | ord(ch)
    return key


def training_items() -> list[tuple[str, Item]]:
    """(set name, item) for every labelled item the layer may learn from."""
    from redfunnel.compliance.evaluate import DATASETS, load_labelled

    items: list[tuple[str, Item]] = [(name, item) for name in TRAIN_SETS
                                       for item in load_labelled(DATASETS[name])]
    for path in sorted(WRITTEN_DIR.glob("*.jsonl")):
        items += [(path.stem, item) for item in load_labelled(path)]
    return items


def _fit(texts: list[str], labels: np.ndarray) -> tuple[TfidfVectorizer, list[LogisticRegression]]:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, NGRAM_MAX), sublinear_tf=True,
                                 min_df=MIN_DF)
    matrix = vectorizer.fit_transform(texts)
    models = [LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear",
                                 random_state=0).fit(matrix, labels[:, j])
              for j in range(labels.shape[1])]
    return vectorizer, models


def train(items: list[tuple[str, Item]] | None = None) -> FamilyModels:
    """Fit the layer on ``items`` (default: :func:`training_items`) and choose its thresholds."""
    items = training_items() if items is None else items
    texts = [item.text for _name, item in items]
    labels = np.array([[family in item.labels for family in MODEL_FAMILIES]
                       for _name, item in items], dtype=int)
    clean = np.array([not item.labels for _name, item in items])
    out_of_fold = np.zeros(labels.shape, dtype=float)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for fit_rows, test_rows in folds.split(texts, clean):
        vectorizer, models = _fit([texts[i] for i in fit_rows], labels[fit_rows])
        matrix = vectorizer.transform([texts[i] for i in test_rows])
        for j, model in enumerate(models):
            out_of_fold[test_rows, j] = model.predict_proba(matrix)[:, 1]
    thresholds, vetoes = {}, {}
    for j, family in enumerate(MODEL_FAMILIES):
        clean_scores = np.sort(out_of_fold[clean, j])[::-1]
        allowed = int(CLEAN_FP_BUDGET * len(clean_scores))
        edge = float(clean_scores[allowed]) + 1e-6 if len(clean_scores) > allowed else 0.0
        thresholds[family] = max(MIN_THRESHOLD, edge)
        positives = np.sort(out_of_fold[labels[:, j] == 1, j])
        doubt_at = int(VETO_QUANTILE * len(positives))
        vetoes[family] = float(positives[doubt_at]) if len(positives) else 0.0
    vectorizer, models = _fit(texts, labels)
    return _flatten(vectorizer, models, thresholds, vetoes)


def _flatten(vectorizer: TfidfVectorizer, models: list[LogisticRegression],
             thresholds: dict[str, float], vetoes: dict[str, float]) -> FamilyModels:
    """The fitted vectoriser and regressions as one :class:`FamilyModels`."""
    idf = vectorizer.idf_.astype(float)
    grams = sorted((_gram_key(gram), int(col)) for gram, col in vectorizer.vocabulary_.items())
    keys = np.array([k for k, _ in grams], dtype=np.int64)
    columns = np.array([c for _, c in grams], dtype=np.int64)
    coef = np.stack([m.coef_[0] for m in models], axis=1)
    return FamilyModels(MODEL_FAMILIES, keys, idf[columns], (idf[:, None] * coef)[columns],
                        np.array([float(m.intercept_[0]) for m in models]), thresholds, vetoes)


@cache
def family_models() -> FamilyModels:
    """The layer trained on the shipped labelled sets, from the disk cache when it is current."""
    here = Path(__file__).parent
    from redfunnel.compliance.evaluate import DATASETS

    inputs = (Path(__file__), *(DATASETS[name] for name in TRAIN_SETS),
              *sorted(WRITTEN_DIR.glob("*.jsonl")), here / "rulebook.py")
    return load_or_build("compliance-families", inputs, MODEL_VERSION, train, FamilyModels)


_SUBSTITUTES: list[FamilyModels] = []


def active_models() -> FamilyModels:
    """The layer the checker uses: the shipped one, or one put in place by :func:`models_in_use`."""
    return _SUBSTITUTES[-1] if _SUBSTITUTES else family_models()


def clear_score_caches() -> None:
    """Forget the scores of texts seen so far (a benchmark's passes must each score afresh)."""
    _scores.cache_clear()
    _clauses.cache_clear()
    _clause_scores.cache_clear()


@contextmanager
def models_in_use(models: FamilyModels) -> Iterator[None]:
    """Check with ``models`` instead of the shipped layer (leave-one-writer-out evaluation)."""
    _SUBSTITUTES.append(models)
    clear_score_caches()
    try:
        yield
    finally:
        _SUBSTITUTES.pop()
        clear_score_caches()


@lru_cache(maxsize=8192)
def _scores(text: str) -> dict[str, float]:
    return active_models().scores(text)


@lru_cache(maxsize=512)
def _clauses(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CLAUSE_RE.finditer(text) if m.group().strip()]


@lru_cache(maxsize=512)
def _clause_scores(text: str) -> np.ndarray:
    return active_models().score_many([text[s:e] for s, e in _clauses(text)])


def model_doubts(family: str, text: str, span: tuple[int, int]) -> bool:
    """Whether the layer doubts a rule's finding of ``family`` at ``span`` of ``text`` (see
    ``VETO_QUANTILE``): the text as a whole and every clause the finding touches score below the
    family's doubt level. The clause counts too because one violating sentence in a long, otherwise
    harmless post lowers the whole text's score; the sentence itself still scores high."""
    if family not in MODEL_FAMILIES or not text.strip():
        return False
    models = active_models()
    level = models.vetoes[family]
    if _scores(text)[family] >= level or _mostly_latin(text):
        return False
    clauses = _clauses(text)
    if len(clauses) <= 1:
        return True
    # Only the clauses the finding touches are scored, each on its own (as :meth:`score_many`
    # would score it): a finding touches one clause of a post's fifteen.
    start, end = span
    return all(
        _scores(text[c_start:c_end])[family] < level
        for c_start, c_end in clauses
        if c_start < end and start < c_end
    )


_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=256)
def _mostly_latin(text: str) -> bool:
    """Whether a text holds more than twice as many Latin letters as Chinese characters (an
    English word is several letters, a Chinese one one or two characters): a desk serving
    foreigners, "our bank special prepare credit card for you". The character n-gram models
    learnt Chinese; on such a text a low score is no evidence, so they doubt no rule there."""
    return len(_LATIN_RE.findall(text)) > 2 * len(_CJK_RE.findall(text))


def model_flags(family: str, text: str) -> bool:
    """Whether the text as a whole scores at the family's threshold (the model has a finding)."""
    return family in model_flagged(text)


def model_flagged(text: str) -> frozenset[str]:
    """The families whose threshold the text as a whole reaches (the model has a finding)."""
    if not text or text.isspace():
        return frozenset()
    thresholds = active_models().thresholds
    return frozenset(f for f, score in _scores(text).items() if score >= thresholds[f])


def model_spans(family: str, text: str) -> list[tuple[int, int]]:
    """The clause the model scores highest, if the text as a whole scores above the threshold
    (a one-clause text is its own clause: no clause is scored)."""
    if not model_flags(family, text):
        return []
    models = active_models()
    clauses = _clauses(text)
    if len(clauses) <= 1:
        return [(0, len(text))]
    scores = _clause_scores(text)
    return [clauses[int(np.argmax(scores[:, models.families.index(family)]))]]
