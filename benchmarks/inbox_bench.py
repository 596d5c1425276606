#!/usr/bin/env python3
"""FAQ suggestion latency with a 5,000-entry library (target: p95 <= 20 ms per query).

Run from the repository root (see ``benchmarks/README.md``)::

    .venv/bin/python benchmarks/inbox_bench.py
    .venv/bin/python benchmarks/inbox_bench.py --entries 20000 --queries 2000

What it does:

1. Builds a library from a fixed seed: the demo bank's 47 approved entries plus generated
   entries (product x aspect x phrasing, e.g. "留学信用卡的年费怎么减免") up to ``--entries``.
2. Builds the BM25 index (``FaqIndex``) and times it.
3. Times ``FaqIndex.suggest(text, k=3)`` per query — jieba tokenising, synonym expansion, BM25
   scoring and top-k — for the held-out paraphrase queries and generated queries, after a
   warm-up, and prints p50/p95/p99/max.
4. Baseline in the same run: a brute-force scorer (token-set overlap of the query with every
   entry, then sort), the obvious implementation without an inverted index, on the same
   queries; the ratio shows what the index buys.
5. Checks the suggestions are still right at this size: top-3 hit rate of the paraphrases.

Exit status is 0 whatever the figures are (timing is no test); 1 only if the run is invalid.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from redfunnel.inbox.evaluate import FAQ_PARAPHRASES  # noqa: E402
from redfunnel.inbox.faq import FaqEntry, FaqIndex, demo_library  # noqa: E402
from redfunnel.inbox.text import tokens  # noqa: E402

TARGET_P95_MS = 20.0
PRODUCTS = ("信用卡", "留学信用卡", "白金卡", "借记卡", "工资卡", "消费贷", "装修贷", "经营贷", "房贷",
            "车贷", "积存金", "金条", "大额存单", "定期存款", "理财产品", "基金定投", "个人养老金",
            "外币账户", "境外汇款", "手机银行", "网银", "社保卡", "ETC", "保险", "数字人民币",
            "信用卡分期", "备用金", "代发工资", "对公账户", "外汇牌价")
ASPECTS = ("怎么申请", "需要什么材料", "年费怎么减免", "手续费是多少", "多久到账", "额度是多少",
           "可以提前还款吗", "在哪里查询", "怎么注销", "利率是多少", "有什么风险", "怎么挂失",
           "能在App办理吗", "节假日能办理吗", "需要本人到网点吗", "有没有优惠活动",
           "怎么修改绑定手机号", "如何开通短信提醒", "最低起购金额", "逾期有什么影响")
FRAMES = ("{p}{a}", "{p}{a}？", "关于{p}：{a}", "{p}业务{a}")


def build_library(n: int, seed: int) -> list[FaqEntry]:
    rng = random.Random(seed)
    entries = list(demo_library())
    i = 0
    while len(entries) < n:
        p, a = rng.choice(PRODUCTS), rng.choice(ASPECTS)
        q = rng.choice(FRAMES).format(p=p, a=a)
        ans = (f"您好，{p}{a.rstrip('？吗')}的具体规则以App页面和相关协议为准，"
               f"如有疑问可拨打客服热线或到网点咨询。（第{i}版说明）")
        entries.append(FaqEntry(f"GEN-{i:05d}", 1, q, ans, p))
        i += 1
    return entries


def load_queries(n: int, seed: int) -> tuple[list[str], list[dict[str, str]]]:
    labelled = [json.loads(line) for line in FAQ_PARAPHRASES.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    rng = random.Random(seed + 1)
    texts = [r["text"] for r in labelled]
    while len(texts) < n:
        texts.append(f"{rng.choice(('请问', '你好，', '', '小编'))}{rng.choice(PRODUCTS)}"
                     f"{rng.choice(ASPECTS)}{rng.choice(('', '？', '，急'))}")
    return texts[:n], labelled


def brute_force(entries: list[FaqEntry], k: int = 3):  # type: ignore[no-untyped-def]
    docs = [set(tokens(e.question)) | set(tokens(e.answer)) for e in entries]

    def suggest(text: str) -> list[int]:
        q = set(tokens(text))
        scored = sorted(((len(q & d), i) for i, d in enumerate(docs)), reverse=True)
        return [i for _, i in scored[:k]]

    return suggest


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 1000) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()

    library = build_library(args.entries, args.seed)
    queries, labelled = load_queries(args.queries, args.seed)
    tokens("预热分词器")  # jieba's dictionary load is start-up cost, not per-query cost

    t0 = time.perf_counter()
    index = FaqIndex(library)
    build_s = time.perf_counter() - t0

    for text in queries[:50]:
        index.suggest(text, k=3)
    latencies = []
    for text in queries:
        t = time.perf_counter()
        index.suggest(text, k=3)
        latencies.append((time.perf_counter() - t) * 1000)

    naive = brute_force(library)
    naive_latencies = []
    for text in queries[: min(len(queries), 200)]:
        t = time.perf_counter()
        naive(text)
        naive_latencies.append((time.perf_counter() - t) * 1000)

    hits = sum(r["faq_key"] in [s.faq_key for s in index.suggest(r["text"], k=3)] for r in labelled)
    if not latencies or len(index) != args.entries:
        print("invalid run", file=sys.stderr)
        return 1
    p95 = percentile(latencies, 0.95)
    naive_p95 = percentile(naive_latencies, 0.95)
    print(f"FAQ suggest benchmark — {len(index)} entries, {len(latencies)} queries, seed {args.seed}")
    print(f"  index build            {build_s * 1000:8.1f} ms")
    print(f"  latency p50            {percentile(latencies, 0.50):8.2f} ms")
    print(f"  latency p95            {p95:8.2f} ms   target <= {TARGET_P95_MS:g} ms "
          f"{'✓' if p95 <= TARGET_P95_MS else '✗'}")
    print(f"  latency p99            {percentile(latencies, 0.99):8.2f} ms")
    print(f"  latency max            {max(latencies):8.2f} ms")
    print(f"  baseline p95 (brute-force overlap, {len(naive_latencies)} queries) "
          f"{naive_p95:8.2f} ms   ratio {naive_p95 / p95:5.1f}x")
    print(f"  paraphrase top-3 hit rate at this size  {hits / len(labelled):.3f} "
          f"({hits}/{len(labelled)}; 47-entry library: see `redfunnel eval faq`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
