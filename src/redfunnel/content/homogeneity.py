"""Near-duplicate notes across banks: MinHash LSH on character shingles.

Why: the article's complaint is that bank content is interchangeable. A note counts as a
near-duplicate of another when the Jaccard similarity of their character 5-gram sets is about
0.7 or more (the same template with a bank name and a few words changed). Per account we report
the share of its notes that have a near-duplicate at *another* institution, and per pillar how
saturated it is (the share of its notes in clusters spanning several banks).

Signatures are datasketch's ``affine32`` MinHash (MurmurHash3-premixed shingle hashes through
the same seeded affine permutations), computed for a whole batch of notes at once with numpy
instead of one ``MinHash.update`` per shingle; a test checks they equal datasketch's own. The
banding uses the bands and rows datasketch's ``MinHashLSH`` picks for the threshold, grouped with
numpy (a test checks the candidates equal those of a ``MinHashLSH`` index); candidate pairs are
verified on signature agreement. A note counts as duplicated at another bank only through a
verified pair with that bank's note; clusters (union-find over verified pairs) are for display.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

SHINGLE = 5
NUM_PERM = 64
SEED = 1
THRESHOLD = 0.7
MAX_CHARS = 400

_STRIP_RE = re.compile(r"#[^#\n]{1,40}\[话题\]#|\[[^\[\]\s]{1,8}R\]|[\s\W_]+", re.UNICODE)
_M32 = np.uint64(0xFFFFFFFF)


def normalise(title: str | None, body: str | None) -> str:
    """Title and body without hashtags, XHS emoji codes, punctuation, emoji and spaces."""
    return _STRIP_RE.sub("", f"{title or ''}{body or ''}").lower()[:MAX_CHARS]


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def fmix32(h: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer datasketch applies to every input hash."""
    h = h.astype(np.uint32)
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint32(16))
        h = h * np.uint32(0x85EBCA6B)
        h = h ^ (h >> np.uint32(13))
        h = h * np.uint32(0xC2B2AE35)
        return h ^ (h >> np.uint32(16))


def shingle_hashes(texts: Sequence[str], k: int = SHINGLE) -> tuple[np.ndarray, np.ndarray]:
    """Row index and 32-bit hash of every character k-gram (a text shorter than k: itself)."""
    from redfunnel.content.features import ngram_hashes

    padded = [t if len(t) >= k else t.ljust(k, "\x01") for t in texts]
    rows, sizes, h = ngram_hashes(padded, k)
    keep = sizes == k
    return rows[keep], (h[keep] >> np.uint64(32)).astype(np.uint32)


def shingle_hash32(shingle: str) -> int:
    """The hash ``shingle_hashes`` gives one shingle (the ``hashfunc`` for datasketch's MinHash)."""
    _, h = shingle_hashes([shingle], k=len(shingle))
    return int(h[0])


def signatures(
    texts: Sequence[str], num_perm: int = NUM_PERM, seed: int = SEED, batch: int = 20000
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (n × num_perm, uint32) and a mask of texts that had any content."""
    a, b = _permutations(num_perm, seed)
    sig = np.full((len(texts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    valid = np.fromiter((len(t) > 0 for t in texts), dtype=bool, count=len(texts))
    for start in range(0, len(texts), batch):
        chunk = [t or "\x02" for t in texts[start : start + batch]]
        rows, h = shingle_hashes(chunk)
        if len(rows) == 0:
            continue
        h = fmix32(h)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        docs = rows[starts] + start
        with np.errstate(over="ignore"):
            for p in range(num_perm):
                phv = a[p] * h + b[p]
                sig[docs, p] = np.minimum.reduceat(phv, starts)
    sig[~valid] = np.iinfo(np.uint32).max
    return sig, valid


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:
            p[i], i = root, p[i]
        return root

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band, as datasketch's ``MinHashLSH`` chooses them for this threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def candidate_groups(
    sig: np.ndarray, valid: np.ndarray, threshold: float = THRESHOLD
) -> list[np.ndarray]:
    """Notes sharing an LSH bucket: for each of datasketch's ``b`` bands, notes whose ``r``
    signature values in that band are equal. The bucket grouping is a numpy sort per band instead
    of datasketch's per-note dictionary inserts (about 150 µs a note), which is what makes 500k
    notes fit in a minute; ``test_lsh_buckets_match_datasketch`` checks both give the same pairs."""
    n, num_perm = sig.shape
    b, r = lsh_params(threshold, num_perm)
    ids = np.flatnonzero(valid)
    mult = np.array([0x9E3779B97F4A7C15 >> (i % 7) | 1 for i in range(r)], dtype=np.uint64)
    groups: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        for band in range(b):
            block = sig[ids, band * r : (band + 1) * r].astype(np.uint64)
            key = np.zeros(len(ids), dtype=np.uint64)
            for c in range(r):
                key = (key ^ block[:, c]) * mult[c] + np.uint64(c + 1)
            order = np.argsort(key, kind="stable")
            sk = key[order]
            starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
            sizes = np.diff(np.r_[starts, len(sk)])
            for st, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
                members = ids[order[st : st + size]]
                # Equal keys almost surely mean equal band values; check, as datasketch would.
                same = (
                    sig[members, band * r : (band + 1) * r]
                    == sig[members[0], band * r : (band + 1) * r]
                ).all(axis=1)
                if same.sum() > 1:
                    groups.append(np.sort(members[same]))
    return groups


def near_duplicate_pairs(
    sig: np.ndarray, valid: np.ndarray, threshold: float = THRESHOLD
) -> np.ndarray:
    """Verified near-duplicate pairs (i < j), each once: candidates from the LSH buckets, kept
    when their signatures agree on at least ``threshold`` of the permutations."""
    n, num_perm = sig.shape
    need = int(np.ceil(threshold * num_perm - 1e-9))
    found = []
    small = list(candidate_groups(sig, valid, threshold))
    pairs2 = np.array([g for g in small if len(g) == 2], dtype=np.int64).reshape(-1, 2)
    if len(pairs2):
        ok = (sig[pairs2[:, 0]] == sig[pairs2[:, 1]]).sum(axis=1) >= need
        found.append(pairs2[ok, 0] * n + pairs2[ok, 1])
    for idx in (g for g in small if len(g) > 2):
        for start in range(0, len(idx), 256):
            block = idx[start : start + 256]
            agree = (sig[block][:, None, :] == sig[idx][None, :, :]).sum(axis=2)
            bi, bj = np.nonzero(agree >= need)
            left, right = block[bi], idx[bj]
            keep = left < right
            found.append(left[keep] * n + right[keep])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


def cluster_ids(n: int, pairs: np.ndarray) -> np.ndarray:
    """Cluster id per text (the smallest member index) from verified pairs; singletons alone."""
    uf = _UnionFind(n)
    for i, j in pairs:
        uf.union(int(i), int(j))
    return np.array([uf.find(i) for i in range(n)])


@dataclass
class HomogeneityResult:
    clusters: list[dict[str, Any]]
    accounts: list[dict[str, Any]]
    pillars: list[dict[str, Any]]
    notes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "clusters": self.clusters,
            "accounts": self.accounts,
            "pillars": self.pillars,
        }


def analyse(
    notes: Sequence[Any], *, threshold: float = THRESHOLD, top: int = 20
) -> HomogeneityResult:
    """Clusters, per-account cross-bank duplicate shares and per-pillar saturation.

    ``notes`` are ``LabelledNote``-like objects (note_key, account_id, account_name, institution,
    title, body, pillar, interactions).
    """
    texts = [normalise(n.title, n.body) for n in notes]
    sig, valid = signatures(texts)
    pairs = near_duplicate_pairs(sig, valid, threshold)
    cid = cluster_ids(len(notes), pairs)
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cid):
        members[int(c)].append(i)
    inst_of = [n.institution or f"#{n.account_id}" for n in notes]
    cross = np.zeros(len(notes), dtype=bool)
    for i, j in pairs:
        if inst_of[i] != inst_of[j]:
            cross[i] = cross[j] = True
    cluster_rows = []
    for c, idx in members.items():
        if len(idx) < 2:
            continue
        insts = {inst_of[i] for i in idx}
        first = notes[idx[0]]
        cluster_rows.append(
            {
                "cluster": c,
                "notes": len(idx),
                "institutions": len(insts),
                "accounts": len({notes[i].account_id for i in idx}),
                "title": first.title,
                "pillar": Counter(notes[i].pillar for i in idx).most_common(1)[0][0],
                "median_interactions": float(np.median([notes[i].interactions for i in idx])),
                "members": [
                    {
                        "note_key": notes[i].note_key,
                        "account": notes[i].account_name,
                        "institution": inst_of[i],
                    }
                    for i in idx[:50]
                ],
            }
        )
    cluster_rows.sort(key=lambda r: (-r["institutions"], -r["notes"]))
    per_account: dict[Any, dict[str, Any]] = {}
    for i, n in enumerate(notes):
        row = per_account.setdefault(
            n.account_id,
            {
                "account_id": n.account_id,
                "account": n.account_name,
                "institution": n.institution,
                "notes": 0,
                "cross_bank_duplicates": 0,
            },
        )
        row["notes"] += 1
        row["cross_bank_duplicates"] += int(cross[i])
    accounts = sorted(per_account.values(), key=lambda r: -r["cross_bank_duplicates"] / r["notes"])
    for r in accounts:
        r["share"] = round(r["cross_bank_duplicates"] / r["notes"], 4)
    pillars = []
    by_pillar: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(notes):
        by_pillar[n.pillar].append(i)
    for p, idx in by_pillar.items():
        in_cross = int(cross[idx].sum())
        big = {int(cid[i]) for i in idx if cross[i]}
        pillars.append(
            {
                "pillar": p,
                "notes": len(idx),
                "cross_bank_duplicates": in_cross,
                "saturation": round(in_cross / len(idx), 4),
                "shared_clusters": len(big),
                "institutions": len({inst_of[i] for i in idx}),
            }
        )
    pillars.sort(key=lambda r: -r["saturation"])
    return HomogeneityResult(cluster_rows[:top], accounts, pillars, len(notes))
