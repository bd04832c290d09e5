"""Plain-PyTorch reference for ThroughputBenchmark: the same MLP 1x512 SGD step.

Run with Debian's torch (apt-get install python3-torch libopenblas0-pthread; without OpenBLAS
torch falls back to the netlib reference BLAS, ~14x slower):
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 learning/bench/mlp_reference.py
(the script also sets it before importing torch: without it, torch's OpenMP threads busy-wait
beside OpenBLAS's and every step is ~3x slower, which would flatter the comparison).
"""

import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402  (must follow the environment setting)

BATCH = 128
CIFAR_TRAIN = 50_000


def main(steps: int = 50, warmup: int = 5) -> None:
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(3 * 28 * 28, 512),
        torch.nn.ReLU(),
        torch.nn.Linear(512, 10),
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = [
        (torch.rand(BATCH, 3, 28, 28) * 2 - 1, torch.randint(0, 10, (BATCH,)))
        for _ in range(4)
    ]

    def step(i: int) -> None:
        images, labels = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
        loss.item()  # the Java session reads every step's loss too

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(i)
    seconds = time.perf_counter() - start
    per_second = steps * BATCH / seconds
    print(
        f"plain PyTorch {torch.__version__} threads={torch.get_num_threads()} MLP_1X512: "
        f"{per_second:.1f} images/s, {1000 * seconds / steps:.1f} ms/step, "
        f"CIFAR-10 epoch {CIFAR_TRAIN / per_second:.1f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
