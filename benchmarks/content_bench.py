#!/usr/bin/env python3
"""Content benchmark: classification throughput on one core, homogeneity over 500k notes.

Run from the repository root (see ``benchmarks/README.md``)::

    .venv/bin/python benchmarks/content_bench.py            # 20k classified, 500k homogeneity
    .venv/bin/python benchmarks/content_bench.py --quick    # 5k and 50k

What it does:

1. Generates notes from a fixed seed with the corpus generator's fragments (a seed other than the
   training one, so the text is new to the model) and pads each body with Xiaohongshu filler to
   a realistic length (median about 200 characters).
2. Classification: trains the model (not timed), then classifies the notes in batches of 2,000
   with BLAS limited to one thread; reports notes per second of wall time and of process CPU
   time. Baseline in the same run: scikit-learn's ``TfidfVectorizer(analyzer="char", 1–3)`` +
   jieba segmentation of the whole text, the straightforward way, on a subset.
3. Homogeneity: MinHash signatures, datasketch LSH and verified pairs over N notes, of which 2%
   are planted near-duplicates (a copy with a few characters changed) of other notes. Reports
   seconds and the share of planted pairs found. Baseline: datasketch's own ``MinHash``
   (``update_batch`` per note) on a subset, extrapolated to N.
4. Prints one table with the targets (>= 5,000 notes/s; <= 60 s for 500k) marked ✓/✗.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

FILLER = (
    "今天给大家分享一个小知识，",
    "记得点赞收藏哦，",
    "有问题评论区留言，",
    "小编整理了很久，",
    "希望对大家有帮助，",
    "我们下期再见～",
    "欢迎关注我们的账号，",
    "每周都会更新干货，",
)


def make_notes(n: int, seed: int) -> list[dict[str, str]]:
    from redfunnel.content.corpus_generator import generate

    rng = random.Random(seed)
    base = generate(min(n, 5000), seed=seed)
    out = []
    for i in range(n):
        ex = base[i % len(base)]
        pad = "".join(rng.choice(FILLER) for _ in range(rng.randint(2, 10)))
        out.append({"title": ex["title"], "body": ex["body"] + pad + str(i)})
    return out


def bench_classify(n: int) -> dict[str, float]:
    from redfunnel.content.classify import get_classifier, note_text, words

    notes = make_notes(n, seed=7)
    clf = get_classifier()
    clf.predict(notes[:100])  # warm caches (jieba dictionary, lexicon index)
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, n, 2000):
        clf.predict(notes[i : i + 2000])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    # Baseline: the straightforward pipeline on a subset.
    from sklearn.feature_extraction.text import TfidfVectorizer

    sub = notes[: min(n, 3000)]
    texts = [note_text(x["title"], x["body"]) for x in sub]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(texts)
    b0 = time.process_time()
    vec.transform(texts)
    for t in texts:
        words(t)
    base_cpu = time.process_time() - b0
    lengths = sorted(len(x["title"]) + len(x["body"]) for x in notes)
    return {
        "notes": n,
        "wall_s": wall,
        "cpu_s": cpu,
        "per_s_wall": n / wall,
        "per_s_cpu": n / cpu,
        "baseline_per_s_cpu": len(sub) / base_cpu,
        "median_chars": lengths[len(lengths) // 2],
    }


def bench_homogeneity(n: int) -> dict[str, float]:
    import numpy as np

    from redfunnel.content.homogeneity import near_duplicate_pairs, normalise, signatures

    rng = random.Random(11)
    notes = make_notes(n, seed=13)
    texts = [normalise(x["title"], x["body"]) for x in notes]
    # The generator reuses fragments, so make every note distinct with a random tail, then plant
    # 2% near-duplicates: a copy of another note with three characters replaced.
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    texts = [t + "".join(rng.choice(alphabet) for _ in range(40)) for t in texts]
    planted = []
    for _ in range(n // 50):
        i, j = rng.randrange(n), rng.randrange(n)
        if i == j:
            continue
        s = list(texts[i])
        for _ in range(3):
            s[rng.randrange(len(s))] = rng.choice(alphabet)
        texts[j] = "".join(s)
        planted.append((min(i, j), max(i, j)))
    t0, c0 = time.perf_counter(), time.process_time()
    sig, valid = signatures(texts)
    t_sig = time.perf_counter() - t0
    pairs = near_duplicate_pairs(sig, valid)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    found = {(int(a), int(b)) for a, b in pairs}
    recall = sum(1 for p in planted if p in found) / max(1, len(planted))
    # Baseline: datasketch's own MinHash, one note at a time, on a subset.
    from datasketch import MinHash

    sub = texts[:2000]
    b0 = time.perf_counter()
    for t in sub:
        m = MinHash(num_perm=64, seed=1, scheme="affine32")
        m.update_batch([t[i : i + 5].encode("utf-8") for i in range(len(t) - 4)])
    base = (time.perf_counter() - b0) * n / len(sub)
    del np
    return {
        "notes": n,
        "signatures_s": t_sig,
        "total_s": total,
        "cpu_s": cpu,
        "pairs": len(found),
        "planted": len(planted),
        "planted_recall": recall,
        "baseline_signatures_s_extrapolated": base,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5k notes classified, 50k for homogeneity")
    ap.add_argument("--classify-notes", type=int, default=None)
    ap.add_argument("--homogeneity-notes", type=int, default=None)
    args = ap.parse_args()
    nc = args.classify_notes or (5000 if args.quick else 20000)
    nh = args.homogeneity_notes or (50000 if args.quick else 500000)
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    c = bench_classify(nc)
    print(
        f"classification: {c['notes']} notes (median {c['median_chars']} chars) "
        f"in {c['wall_s']:.2f} s wall, "
        f"{c['cpu_s']:.2f} s CPU -> {c['per_s_wall']:.0f} notes/s wall, "
        f"{c['per_s_cpu']:.0f} notes/s CPU "
        f"(baseline char TF-IDF + jieba: {c['baseline_per_s_cpu']:.0f} notes/s CPU, "
        f"ratio {c['per_s_cpu'] / c['baseline_per_s_cpu']:.1f}x)"
    )
    h = bench_homogeneity(nh)
    print(
        f"homogeneity: {h['notes']} notes, signatures {h['signatures_s']:.1f} s, "
        f"total {h['total_s']:.1f} s, "
        f"{h['cpu_s']:.1f} s CPU, {h['pairs']} verified pairs, "
        f"planted near-duplicates found {h['planted_recall']:.1%} "
        "(baseline datasketch MinHash per note: "
        f"{h['baseline_signatures_s_extrapolated']:.0f} s extrapolated, "
        f"ratio {h['baseline_signatures_s_extrapolated'] / h['signatures_s']:.1f}x on signatures)"
    )
    scale = 500000 / h["notes"]
    print()
    print(f"{'target':<44}{'measured':>16}  ok")
    print(
        f"{'classification >= 5,000 notes/s (one core)':<44}{c['per_s_cpu']:>16.0f}  "
        f"{'✓' if c['per_s_cpu'] >= 5000 else '✗'}"
    )
    label = "homogeneity 500k notes <= 60 s wall" + (
        "" if scale == 1 else f" (x{scale:.0f} extrap.)"
    )
    print(f"{label:<44}{h['total_s'] * scale:>16.1f}  {'✓' if h['total_s'] * scale <= 60 else '✗'}")
    label = "homogeneity 500k notes <= 60 s CPU" + (
        "" if scale == 1 else f" (x{scale:.0f} extrap.)"
    )
    print(f"{label:<44}{h['cpu_s'] * scale:>16.1f}  {'✓' if h['cpu_s'] * scale <= 60 else '✗'}")


if __name__ == "__main__":
    main()
