"""Plain-PyTorch reference for SideBySide: the paper's five models, the same SGD step at batch 128.

Prints one line per model: "<MODEL> <images per second>". Run with Debian's torch
(apt-get install python3-torch libopenblas0-pthread; the script refuses to measure on the reference
BLAS):
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/src/main/resources/pytorch_reference.py MLP_1X512:20 ALEXNET_SMALL:4
(the script also sets it before importing torch: without it, torch's OpenMP threads busy-wait
beside OpenBLAS's and every step is ~3x slower, which would flatter any comparison).
"""

import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402  (must follow the environment setting)
from torch import nn  # noqa: E402

BATCH = 128
# Epochs of warm-up before the measured one, as gengap's in-process and trainer figures have.
WARMUP_EPOCHS = 2


def conv(cin, cout, k, stride, bn):
    layers = [nn.Conv2d(cin, cout, k, stride, padding=(k - 1) // 2)]
    if bn:
        layers.append(nn.BatchNorm2d(cout))
    layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Inc(nn.Module):
    def __init__(self, cin, a, b, bn):
        super().__init__()
        self.one = conv(cin, a, 1, 1, bn)
        self.three = conv(cin, b, 3, 1, bn)

    def forward(self, x):
        return torch.cat([self.one(x), self.three(x)], 1)


class Down(nn.Module):
    def __init__(self, cin, c, bn):
        super().__init__()
        self.conv = conv(cin, c, 3, 2, bn)
        self.pool = nn.MaxPool2d(3, 2, padding=1)

    def forward(self, x):
        return torch.cat([self.conv(x), self.pool(x)], 1)


def inception(bn):
    return nn.Sequential(
        conv(3, 96, 3, 1, bn),
        Inc(96, 32, 32, bn), Inc(64, 32, 48, bn), Down(80, 80, bn),
        Inc(160, 112, 48, bn), Inc(160, 96, 64, bn), Inc(160, 80, 80, bn), Inc(160, 48, 96, bn),
        Down(144, 96, bn),
        Inc(240, 176, 160, bn), Inc(336, 176, 160, bn),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(336, 10))


def alexnet():
    # tf.nn.lrn's alpha is per element; torch divides alpha by the window size (9).
    def block(cin):
        return [nn.Conv2d(cin, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1),
                nn.LocalResponseNorm(9, alpha=0.001, beta=0.75, k=1.0)]
    return nn.Sequential(*block(3), *block(64), nn.Flatten(),
                         nn.Linear(64 * 7 * 7, 384), nn.ReLU(), nn.Linear(384, 192), nn.ReLU(),
                         nn.Linear(192, 10))


def mlp(hidden):
    layers, width = [nn.Flatten()], 3 * 28 * 28
    for _ in range(hidden):
        layers += [nn.Linear(width, 512), nn.ReLU()]
        width = 512
    return nn.Sequential(*layers, nn.Linear(width, 10))


MODELS = {
    "MLP_1X512": (lambda: mlp(1), 0.01),
    "MLP_3X512": (lambda: mlp(3), 0.01),
    "ALEXNET_SMALL": (alexnet, 0.01),
    "INCEPTION_SMALL": (lambda: inception(True), 0.1),
    "INCEPTION_SMALL_NO_BN": (lambda: inception(False), 0.1),
}


def measure(name, steps):
    torch.manual_seed(1)
    build, lr = MODELS[name]
    model = build()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(BATCH, 3, 28, 28)
    y = torch.randint(0, 10, (BATCH,))
    warmup = WARMUP_EPOCHS * steps
    for i in range(warmup + steps):
        if i == warmup:
            start = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return steps * BATCH / (time.perf_counter() - start)


def blas_libraries():
    """The BLAS shared objects this process has mapped, once torch has run a matmul."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as maps:
        return sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})


def require_fast_blas():
    # Debian's torch calls whatever libblas.so.3 the alternatives system names; the reference BLAS
    # (libblas3) is ~15x slower on the MLPs and would make gengap look fast by comparison.
    libraries = blas_libraries()
    if libraries and not any(
            fast in library for library in libraries for fast in ("openblas", "mkl", "blis")):
        sys.exit("torch runs on the reference BLAS (" + ", ".join(libraries) + "): not a fair"
                 " plain-PyTorch figure; install libopenblas0-pthread")


def main(args):
    require_fast_blas()
    for arg in args:
        name, steps = arg.split(":")
        print(f"{name} {measure(name, int(steps)):.1f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
