"""Paths of the sample documents bundled with liantu (see corpus/SAMPLES.md)."""
from pathlib import Path

SAMPLES_DIR = Path(__file__).parent / "samples"


def sample_paths() -> list[Path]:
    """The bundled sample documents, in a stable order."""
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file())
