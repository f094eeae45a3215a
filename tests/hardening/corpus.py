"""A generated corpus for the fault tests: a few hundred small articles built from the samples.

Each document is a title with a unique tag (`docNNNN`, one search token) and a handful of
sentences drawn from the bundled seed article and policy samples, so the pipeline finds real
regions, enterprises and projects in them.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from ingest.normalise import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "samples"


def sample_sentences() -> list[str]:
    """Sentences of the bundled samples that are long enough to carry facts."""
    texts = [(SAMPLES / "qzwb-2024-06-20.md").read_text(encoding="utf-8")]
    for line in (SAMPLES / "policy.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line).get("text") or "")
    return [s.text for t in texts for s in split_sentences(t) if 15 <= len(s.text) <= 300 and not s.text.startswith("#")]


def tag(i: int) -> str:
    return f"doc{i:04d}"


def write_corpus(folder: Path, n: int = 300, seed: int = 9) -> list[Path]:
    """`n` Markdown articles in `folder`; returns their paths."""
    rng = random.Random(seed)
    sentences = sample_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        body = "".join(rng.sample(sentences, k=min(len(sentences), rng.randint(4, 9))))
        path = folder / f"article-{i:04d}.md"
        path.write_text(f"# 泉州招商动态 {tag(i)}\n\n2024年{1 + i % 12}月{1 + i % 28}日 {body}\n", encoding="utf-8")
        paths.append(path)
    return paths
