"""Fast text features for the content classifiers: hashed character n-grams and finance words.

Why not scikit-learn's ``TfidfVectorizer(analyzer="char")``: it builds every n-gram as a Python
string, which caps throughput near 2–3k notes/s on one core, and the classifier has to label
whole crawls. Here a batch of notes becomes one array of code points and the n-gram hashes are
computed for all notes at once with numpy; only the buckets seen in training become columns.

Words: the title goes through jieba with the finance dictionary (titles are short and carry the
topic; see ``classify``), and finance-dictionary words anywhere in the text are found by looking
their hashes up among the n-gram hashes, which also yields the ``LEX:<dimension>:<label>`` cue
counts of ``lexicon``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix

from redfunnel.content.lexicon import CUES

_BITS = 22
_MASK = np.uint64((1 << _BITS) - 1)
_PRIMES = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
)
_SALT = (
    np.uint64(0x27D4EB2F165667C5),
    np.uint64(0x85EBCA77C2B2AE63),
    np.uint64(0xFF51AFD7ED558CCD),
)


def ngram_hashes(texts: Sequence[str], max_n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row index, length and 64-bit hash of every character n-gram (1 <= n <= ``max_n``) of every
    text, in one numpy pass over the concatenated code points: the hash of an n-gram extends the
    hash of its (n-1)-gram prefix, so all lengths cost ``max_n`` vector steps. N-grams never
    span two texts."""
    empty = np.zeros(0, np.int64)
    if not texts:
        return empty, empty, np.zeros(0, np.uint64)
    joined = "\x00".join(texts) + "\x00"
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    seps = np.concatenate([[0], np.cumsum(cp == 0)])
    rows, sizes, hashes = [], [], []
    h = np.full(len(cp), _SALT[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for n in range(1, max_n + 1):
            m = len(cp) - n + 1
            if m <= 0:
                break
            h = (h[:m] ^ cp[n - 1 : n - 1 + m]) * _PRIMES[(n - 1) % 3]
            ok = (seps[n : n + m] - seps[:m]) == 0
            hn = h[ok]
            hn = hn ^ (hn >> np.uint64(29))
            rows.append(doc[:m][ok])
            sizes.append(np.full(len(hn), n, dtype=np.int8))
            hashes.append(hn)
    return np.concatenate(rows), np.concatenate(sizes), np.concatenate(hashes)


def word_hash(word: str) -> int:
    """The hash ``ngram_hashes`` gives ``word`` as one n-gram of its own length."""
    _, n, h = ngram_hashes([word], len(word))
    return int(h[n == len(word)][0])


JIEBA_MIN_FREQ = 20


def jieba_dictionary_words(min_freq: int = JIEBA_MIN_FREQ) -> set[str]:
    """Words of jieba's own dictionary (2–4 characters, frequency >= ``min_freq``)."""
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= min_freq:
                out.add(parts[0].lower())
    return out


def hash_words(words: Sequence[str]) -> np.ndarray:
    """``word_hash`` of many words in one numpy pass."""
    if not words:
        return np.zeros(0, np.uint64)
    rows, sizes, h = ngram_hashes(words, max(len(w) for w in words))
    lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
    full = sizes == lengths[rows]
    out = np.zeros(len(words), dtype=np.uint64)
    out[rows[full]] = h[full]
    return out


class FinanceWords:
    """Counts of dictionary words and of lexicon cues per text, found by hash lookup.

    The dictionary is jieba's own plus the finance dictionary. Every dictionary word is an n-gram
    of its own length, so looking the n-gram hashes of a batch up among the sorted word hashes
    finds every dictionary word in the text, which is what jieba's full mode (``cut_all=True``)
    returns, at numpy speed instead of jieba's pure-Python DAG. A cue word adds one count to each
    ``LEX:<dimension>:<label>`` it belongs to.
    """

    def __init__(self) -> None:
        from redfunnel.content.classify import FINANCE_DICT

        labels: dict[str, set[str]] = {}
        for dim, table in CUES.items():
            for label, ws in table.items():
                for w in ws:
                    labels.setdefault(w.lower(), set()).add(f"LEX:{dim}:{label}")
        vocab = set(labels)
        with FINANCE_DICT.open(encoding="utf-8") as fh:
            vocab.update(line.split()[0].lower() for line in fh if line.strip())
        vocab |= jieba_dictionary_words()
        self.words = sorted(w for w in vocab if len(w) >= 1 and w.strip())
        hashes = hash_words(self.words)
        order = np.argsort(hashes)
        self.hashes = hashes[order]
        self.word_index = order
        # A 2^22-entry presence table on the low hash bits discards almost every n-gram before
        # the binary search, which otherwise dominates the cost.
        self.filter = np.zeros(1 << 22, dtype=bool)
        self.filter[(self.hashes & np.uint64((1 << 22) - 1)).astype(np.int64)] = True
        self.max_n = max(len(w) for w in self.words)
        self.cue_names = sorted({c for cs in labels.values() for c in cs})
        cue_pos = {c: i for i, c in enumerate(self.cue_names)}
        r, c = [], []
        for i, w in enumerate(self.words):
            for name in sorted(labels.get(w, ())):
                r.append(i)
                c.append(cue_pos[name])
        self.cue_map = csr_matrix(
            (np.ones(len(r), np.float32), (r, c)), shape=(len(self.words), len(self.cue_names))
        )

    def counts(self, texts: Sequence[str]) -> csr_matrix:
        """Rows: texts (lower-cased by the caller); columns: dictionary words, then cue labels."""
        rows, _, h = ngram_hashes(texts, self.max_n)
        return self.counts_from_hashes(len(texts), rows, h)

    def counts_from_hashes(self, n_texts: int, rows: np.ndarray, h: np.ndarray) -> csr_matrix:
        from scipy.sparse import hstack

        cand = self.filter[(h & np.uint64((1 << 22) - 1)).astype(np.int64)]
        rows, h = rows[cand], h[cand]
        pos = np.searchsorted(self.hashes, h)
        pos[pos >= len(self.hashes)] = 0
        hit = self.hashes[pos] == h
        found = self.word_index[pos[hit]]
        m = csr_matrix(
            (np.ones(int(hit.sum()), np.float32), (rows[hit], found)),
            shape=(n_texts, len(self.words)),
        )
        return hstack([m, m @ self.cue_map]).tocsr()

    @property
    def names(self) -> list[str]:
        return self.words + self.cue_names


@lru_cache(maxsize=1)
def finance_words() -> FinanceWords:
    """The finance dictionary and cue lexicon, indexed once per process."""
    return FinanceWords()


class HashedTfidf:
    """TF-IDF over hashed character 1–3-grams, restricted to the buckets seen when fitting."""

    def __init__(self, min_df: int = 2) -> None:
        self.min_df = min_df
        self.columns: np.ndarray | None = None
        self.idf: np.ndarray | None = None

    def _counts(self, rows: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        buckets = h & _MASK
        key = rows.astype(np.uint64) << np.uint64(_BITS) | buckets
        uniq, counts = np.unique(key, return_counts=True)
        return (uniq >> np.uint64(_BITS)).astype(np.int64), (uniq & _MASK).astype(np.int64), counts

    def fit_transform(self, n_texts: int, rows: np.ndarray, h: np.ndarray) -> csr_matrix:
        """Fit on the 1–3-gram hashes of ``n_texts`` texts (from ``ngram_hashes``) and transform."""
        rows, buckets, counts = self._counts(rows, h)
        df = np.bincount(buckets, minlength=1 << _BITS)
        keep = np.flatnonzero(df >= self.min_df)
        self.columns = np.full(1 << _BITS, -1, dtype=np.int32)
        self.columns[keep] = np.arange(len(keep), dtype=np.int32)
        self.idf = (np.log((1 + n_texts) / (1 + df[keep])) + 1).astype(np.float32)
        return self._matrix(n_texts, rows, buckets, counts)

    def transform(self, n_texts: int, rows: np.ndarray, h: np.ndarray) -> csr_matrix:
        rows, buckets, counts = self._counts(rows, h)
        return self._matrix(n_texts, rows, buckets, counts)

    def _matrix(
        self, n: int, rows: np.ndarray, buckets: np.ndarray, counts: np.ndarray
    ) -> csr_matrix:
        assert self.columns is not None and self.idf is not None
        cols = self.columns[buckets]
        ok = cols >= 0
        rows, cols = rows[ok], cols[ok]
        data = (1 + np.log(counts[ok])).astype(np.float32) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=n))
        norms[norms == 0] = 1
        data = data / norms[rows].astype(np.float32)
        return csr_matrix((data, (rows, cols)), shape=(n, len(self.idf)), dtype=np.float32)
