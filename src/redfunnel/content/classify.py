"""Pillar, product and audience classifiers: TF-IDF over characters and jieba words plus cue words.

Why this shape: bank posts are short, full of emoji and slang, and written in words the small
training corpus never saw. Character 1–3-grams survive unseen words and typos; jieba words with
a finance dictionary keep multi-character terms (``积存金``, ``个人养老金``) whole; cue-word
tokens from ``lexicon`` carry curated domain knowledge into the same linear model. One feature
matrix serves all three label dimensions, so a note is tokenised once.

The model is trained from the shipped corpus on first use (a few seconds, deterministic) and kept
in memory; nothing trained is committed. Format (图文/视频) is read from the note type when the
source knows it and guessed from the text only otherwise.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from redfunnel.jsonl import JsonLinesError, read_json_lines
from redfunnel.model_cache import load_or_build

DATA_DIR = Path(__file__).parent / "data"
TRAIN_FILE = DATA_DIR / "train.jsonl"
WRITTEN_TRAIN_FILE = DATA_DIR / "train_written.jsonl"
WRITTEN_WEIGHT = (
    3.0  # hand-written training posts read like real ones; generated ones are templated
)
HELDOUT_FILE = DATA_DIR / "heldout.jsonl"
FINANCE_DICT = DATA_DIR / "finance_dict.txt"

PILLARS = ("brand", "education", "anti_fraud", "service", "product", "activity", "lifestyle")
PRODUCTS = (
    "credit_card",
    "consumer_loan",
    "mortgage",
    "deposit",
    "wealth",
    "fund_insurance",
    "gold",
    "fx_study_abroad",
    "pension",
    "debit_payment",
    "sme",
    "none",
)
SEGMENTS = (
    "gen_z",
    "young_professional",
    "new_citizen",
    "study_abroad",
    "senior",
    "sme_owner",
    "general",
)
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "pillar": PILLARS,
    "product": PRODUCTS,
    "segment": SEGMENTS,
}
MODEL_VERSION = "content-v1"

PILLAR_ZH = {
    "brand": "品牌",
    "education": "投教科普",
    "anti_fraud": "反诈",
    "service": "服务指南",
    "product": "产品种草",
    "activity": "活动福利",
    "lifestyle": "生活方式/IP",
}
PRODUCT_ZH = {
    "credit_card": "信用卡",
    "consumer_loan": "消费贷",
    "mortgage": "房贷",
    "deposit": "存款",
    "wealth": "理财",
    "fund_insurance": "基金保险",
    "gold": "黄金",
    "fx_study_abroad": "外汇/留学",
    "pension": "养老金融",
    "debit_payment": "借记卡/支付",
    "sme": "小微",
    "none": "无具体产品",
}
SEGMENT_ZH = {
    "gen_z": "Z世代/学生",
    "young_professional": "年轻职场人",
    "new_citizen": "新市民",
    "study_abroad": "留学",
    "senior": "中老年",
    "sme_owner": "小微企业主",
    "general": "大众",
}
LABEL_ZH = {"pillar": PILLAR_ZH, "product": PRODUCT_ZH, "segment": SEGMENT_ZH}

_TOPIC_RE = re.compile(r"\[话题\]#?")
_XHS_CODE_RE = re.compile(r"\[[^\[\]\s]{1,8}R\]")
_SPACE_RE = re.compile(r"\s+")
_VIDEO_RE = re.compile(r"vlog|视频|拍了|镜头|直播|[看点]完整版", re.IGNORECASE)
MAX_CHARS = 600


class CorpusError(ValueError):
    """A labelled corpus line that cannot be used, with file, line and field."""


@dataclass(frozen=True)
class Example:
    """One labelled corpus row."""

    id: str
    title: str
    body: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Prediction:
    """Labels of one note with the model's probability for each chosen label."""

    pillar: str
    product: str
    segment: str
    format: str | None
    scores: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pillar": self.pillar,
            "product": self.product,
            "segment": self.segment,
            "format": self.format,
            "scores": self.scores,
        }


def note_text(title: str | None, body: str | None) -> str:
    """Title (twice: it carries the topic) and body, without topic markers and XHS emoji codes."""
    text = f"{title or ''}。{title or ''}。{body or ''}"
    text = _TOPIC_RE.sub(" ", text)
    text = _XHS_CODE_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text)[:MAX_CHARS].lower()


def format_of(note_type: str | None, text: str = "") -> str:
    """图文 or 视频: from the source's note type (``normal``/``video``/Chinese) when it is known."""
    t = (note_type or "").strip().lower()
    if t in ("video", "视频", "短视频"):
        return "视频"
    if t in ("normal", "图文", "image", "article", "文章"):
        return "图文"
    return "视频" if _VIDEO_RE.search(text) else "图文"


def load_corpus(path: Path) -> list[Example]:
    """Read a labelled JSONL corpus; a bad line raises ``CorpusError`` (file, line, field)."""
    out: list[Example] = []
    try:
        for n, row in read_json_lines(path):
            labels = {}
            for dim, allowed in DIMENSIONS.items():
                value = row.get(dim)
                if value not in allowed:
                    raise JsonLinesError(str(path), n, f"字段 {dim} 的值 {value!r} 不是合法标签")
                labels[dim] = value
            out.append(
                Example(
                    str(row.get("id", n)),
                    str(row.get("title") or ""),
                    str(row.get("body") or ""),
                    labels,
                )
            )
    except JsonLinesError as exc:
        raise CorpusError(str(exc)) from None
    return out


_jieba_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """A private jieba tokenizer with the finance dictionary (the global one is left alone)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _jieba_lock:
        tok = jieba.Tokenizer()
        tok.initialize()
        with FINANCE_DICT.open("rb") as fh:  # jieba leaves a path it opened itself unclosed
            tok.load_userdict(fh)
    return tok


def words(text: str) -> list[str]:
    """jieba words (no HMM: faster, and the finance dictionary covers the terms that matter)."""
    return [w for w in _tokenizer().lcut(text, HMM=False) if w.strip()]


def _title_words(title: str) -> list[str]:
    return words(_XHS_CODE_RE.sub(" ", title)[:60])


class ContentClassifier:
    """Three linear models over one shared sparse feature matrix."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

        from redfunnel.content.features import HashedTfidf

        self.char_vec = HashedTfidf(min_df=2)
        self.title_vec = TfidfVectorizer(
            analyzer=_title_words, min_df=1, sublinear_tf=True, dtype=np.float32
        )
        self.dict_tfidf = TfidfTransformer(sublinear_tf=True)
        self.models: dict[str, Any] = {}

    def _features(self, titles: Sequence[str], texts: Sequence[str], fit: bool = False) -> Any:
        from scipy.sparse import hstack

        from redfunnel.content.features import finance_words, ngram_hashes

        fw = finance_words()
        rows, sizes, h = ngram_hashes(texts, max(3, fw.max_n))
        short = sizes <= 3
        fin = fw.counts_from_hashes(len(texts), rows, h)
        if fit:
            # Only dictionary words seen in training become columns (jieba's dictionary is large).
            self.dict_cols = np.flatnonzero(np.asarray((fin > 0).sum(axis=0)).ravel() >= 1)
            fin = fin[:, self.dict_cols]
            a = self.char_vec.fit_transform(len(texts), rows[short], h[short])
            b = self.title_vec.fit_transform(titles)
            c = self.dict_tfidf.fit_transform(fin)
        else:
            fin = fin[:, self.dict_cols]
            a = self.char_vec.transform(len(texts), rows[short], h[short])
            b = self.title_vec.transform(titles)
            c = self.dict_tfidf.transform(fin)
        return hstack([a, b, c * 1.5]).tocsr()

    def fit(
        self, examples: Sequence[Example], weights: Sequence[float] | None = None
    ) -> ContentClassifier:
        from sklearn.linear_model import LogisticRegression

        texts = [note_text(e.title, e.body) for e in examples]
        x = self._features([e.title for e in examples], texts, fit=True)
        for dim in DIMENSIONS:
            y = [e.labels[dim] for e in examples]
            model = LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced")
            model.fit(
                x, y, sample_weight=None if weights is None else np.asarray(weights, dtype=float)
            )
            self.models[dim] = model
        return self

    def predict_texts(
        self, titles: Sequence[str], texts: Sequence[str]
    ) -> list[dict[str, tuple[str, float]]]:
        """For each title and prepared text: ``{dimension: (label, probability)}``."""
        if not texts:
            return []
        x = self._features(titles, texts)
        out: list[dict[str, tuple[str, float]]] = [{} for _ in texts]
        for dim, model in self.models.items():
            proba = model.predict_proba(x)
            best = proba.argmax(axis=1)
            classes = model.classes_
            for i, j in enumerate(best):
                out[i][dim] = (str(classes[j]), float(proba[i, j]))
        return out

    def predict(self, items: Iterable[dict[str, Any]]) -> list[Prediction]:
        """Classify dicts with ``title``, ``body`` and optionally ``note_type``."""
        items = list(items)
        texts = [note_text(i.get("title"), i.get("body")) for i in items]
        raw = self.predict_texts([str(i.get("title") or "") for i in items], texts)
        out = []
        for item, text, r in zip(items, texts, raw, strict=True):
            out.append(
                Prediction(
                    pillar=r["pillar"][0],
                    product=r["product"][0],
                    segment=r["segment"][0],
                    format=format_of(item.get("note_type") or item.get("type"), text),
                    scores={d: round(v[1], 4) for d, v in r.items()},
                )
            )
        return out


_model_lock = threading.Lock()
_model: ContentClassifier | None = None


def model_inputs() -> tuple[Path, ...]:
    """Everything the trained model depends on besides the library: corpus, dictionary, code."""
    here = Path(__file__).parent
    return (TRAIN_FILE, WRITTEN_TRAIN_FILE, FINANCE_DICT, here / "lexicon.py", here / "features.py",
            Path(__file__))


def get_classifier(cache_dir: Path | None = None) -> ContentClassifier:
    """The classifier trained on the shipped training corpus, built once per process.

    With ``cache_dir`` (the workspace's ``cache`` folder) the trained model is also kept on disk
    under a fingerprint of its inputs (:mod:`redfunnel.model_cache`), so later commands skip the
    training; the file is the workspace's own, written by this code, never shipped or downloaded.
    """
    global _model
    with _model_lock:
        if _model is None:
            if cache_dir is None:
                _model = _train()
            else:
                _model = load_or_build("content-model", model_inputs(), MODEL_VERSION, _train,
                                       ContentClassifier, cache_dir)
        return _model


def _train() -> ContentClassifier:
    generated, written = load_corpus(TRAIN_FILE), load_corpus(WRITTEN_TRAIN_FILE)
    return ContentClassifier().fit(
        generated + written, [1.0] * len(generated) + [WRITTEN_WEIGHT] * len(written)
    )


def classify(items: Iterable[dict[str, Any]], cache_dir: Path | None = None) -> list[Prediction]:
    """Classify notes given as dicts with ``title`` and ``body`` (and ``note_type`` if known)."""
    return get_classifier(cache_dir).predict(items)
