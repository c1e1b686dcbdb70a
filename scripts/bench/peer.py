"""The native peer of `npm run bench:step` (issue 14): the same models, batches and training steps
in PyTorch on the CPU, timed the same way (methods interleaved round-robin, median of the measured
steps after warm-up), printed as one JSON object on stdout.

Mirrors scripts/bench/measure.ts and src/core/training: MNIST MLP 784-128-64-10 and the small CNN
(conv 3x3x8, max-pool 2, conv 3x3x16, max-pool 2, dense 10; 5,258 parameters), ReLU, Adam lr 1e-4,
summed-over-batch cross-entropy for input gradients and mean cross-entropy for the update:
- standard: one step on the clean batch;
- FGSM-RS: l-inf PGD-1 from a uniform random start, eps 0.1, step 0.125, pixels clamped to [0, 1];
- PGD-7: l-inf PGD, 7 steps of 0.025 from a random start, eps 0.1;
- CURE (paper form): mean CE + 4 * mean_b ||grad l(x+hz) - grad l(x)||^2, z = sign(g)/||sign(g)||,
  h 0.5, exact double backprop.

With --job analyses it times, instead, what scripts/bench/analyses.ts times on the MLP: the 65x65
loss grid (loss, class, margin, confidence per cell) and one plain forward of 4,225 inputs,
Lanczos top-10 with a fixed 60 exact HVPs (each a fresh double backprop, as in tfjs) and full
re-orthogonalization, and the full 784 spectrum (H from 784 HVPs in batches of 196, then
torch.linalg.eigvalsh in float64).

usage: python3 scripts/bench/peer.py [--job steps|analyses] [--steps 10] [--warmup 2] [--threads 1]
                                     [--models mlp,cnn]
"""
import argparse
import json
import os
import statistics
import sys
import time

# OpenBLAS reads its thread count when it loads, so before torch: one thread unless told.
_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

EPS = 0.1


def mlp() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)
    )


def cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 10),
    )


def summed_loss_grad(model, x, y, create_graph=False):
    x = x if x.requires_grad else x.clone().requires_grad_(True)
    loss = F.cross_entropy(model(x), y, reduction="sum")
    (grad,) = torch.autograd.grad(loss, x, create_graph=create_graph)
    return grad


def pgd(model, x, y, steps, step_size, generator):
    start = (torch.rand(x.shape, generator=generator) * 2 - 1) * EPS
    adv = (x + start).clamp(0, 1)
    for _ in range(steps):
        grad = summed_loss_grad(model, adv, y)
        adv = adv + step_size * grad.sign()
        adv = torch.min(torch.max(adv, x - EPS), x + EPS).clamp(0, 1).detach()
    return adv


def update(model, optimizer, loss):
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()


def standard_step(model, optimizer, x, y, generator):
    update(model, optimizer, F.cross_entropy(model(x), y))


def attack_step(steps, step_size):
    def step(model, optimizer, x, y, generator):
        adv = pgd(model, x, y, steps, step_size, generator)
        update(model, optimizer, F.cross_entropy(model(adv), y))

    return step


def cure_step(model, optimizer, x, y, generator, gamma=4.0, h=0.5):
    xs = x.clone().requires_grad_(True)
    logits = model(xs)
    (grad,) = torch.autograd.grad(F.cross_entropy(logits, y, reduction="sum"), xs, create_graph=True)
    signs = grad.detach().sign()
    norms = signs.flatten(1).norm(dim=1).clamp(min=1).view(-1, *([1] * (x.dim() - 1)))
    shifted = (x + h * signs / norms).requires_grad_(True)
    (grad_shifted,) = torch.autograd.grad(
        F.cross_entropy(model(shifted), y, reduction="sum"), shifted, create_graph=True
    )
    regularizer = (grad_shifted - grad).flatten(1).pow(2).sum(1).mean()
    update(model, optimizer, F.cross_entropy(logits, y) + gamma * regularizer)


METHODS = [
    ("standard", standard_step),
    ("FGSM-RS", attack_step(1, 0.125)),
    ("PGD-7", attack_step(7, 0.025)),
    ("CURE", cure_step),
]


def measure(kind, batch, steps, warmup):
    torch.manual_seed(1)
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    runs = []
    for label, step in METHODS:
        torch.manual_seed(1)
        model = mlp() if kind == "mlp" else cnn()
        runs.append((label, step, model, torch.optim.Adam(model.parameters(), lr=1e-4), []))
    generator = torch.Generator().manual_seed(3)
    for round_ in range(warmup + steps):
        for label, step, model, optimizer, times in runs:
            start = time.perf_counter()
            step(model, optimizer, x, y, generator)
            elapsed = (time.perf_counter() - start) * 1000
            if round_ >= warmup:
                times.append(elapsed)
    return {
        "model": kind,
        "batch": batch,
        "steps": steps,
        "medianMs": {label: statistics.median(times) for label, _, _, _, times in runs},
        "minMs": {label: min(times) for label, _, _, _, times in runs},
    }


GRID = 65
LANCZOS_PRODUCTS = 60
LABEL = 3


def per_sample_loss(model, x):
    return F.cross_entropy(model(x), torch.full((x.shape[0],), LABEL), reduction="none")


def hvp(model, x, v):
    """Rows of v times the input Hessians at the rows of x (one double backprop)."""
    x = x.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(per_sample_loss(model, x).sum(), x, create_graph=True)
    (product,) = torch.autograd.grad((grad * v).sum(), x)
    return product


def grid(model, x, u, v):
    with torch.no_grad():
        a = torch.linspace(-2, 2, GRID)
        inputs = x.flatten() + a.view(GRID, 1, 1) * u + a.view(1, GRID, 1) * v
        logits = model(inputs.view(-1, 1, 28, 28))
        loss = F.cross_entropy(logits, torch.full((logits.shape[0],), LABEL), reduction="none")
        top2 = logits.topk(2, dim=1).values
        return loss, logits.argmax(1), top2[:, 0] - top2[:, 1], logits.softmax(1).max(1).values


def lanczos_top10(model, x):
    d = x.numel()
    q = torch.randn(d, dtype=torch.float64)
    basis = [q / q.norm()]
    alphas, betas = [], []
    for i in range(LANCZOS_PRODUCTS):
        w = hvp(model, x, basis[i].float().view_as(x)).flatten().double()
        alphas.append(torch.dot(w, basis[i]))
        Q = torch.stack(basis)
        w = w - Q.T @ (Q @ w)
        w = w - Q.T @ (Q @ w)
        betas.append(w.norm())
        basis.append(w / betas[-1])
    t = torch.diag(torch.stack(alphas))
    off = torch.stack(betas[:-1])
    t = t + torch.diag(off, 1) + torch.diag(off, -1)
    return torch.linalg.eigvalsh(t).flip(0)[:10]


def full_spectrum(model, x):
    d = x.numel()
    start = time.perf_counter()
    rows = []
    for first in range(0, d, 196):
        count = min(196, d - first)
        copies = x.expand(count, *x.shape[1:])
        basis = torch.eye(d)[first:first + count].view(count, *x.shape[1:])
        rows.append(hvp(model, copies, basis).view(count, d))
    h = torch.cat(rows).double()
    middle = time.perf_counter()
    torch.linalg.eigvalsh((h + h.T) / 2)
    return (middle - start) * 1000, (time.perf_counter() - middle) * 1000


def measure_analyses(runs, warmup):
    torch.manual_seed(1)
    model = mlp()
    x = torch.rand(1, 1, 28, 28)
    plain = torch.rand(GRID * GRID, 1, 28, 28)
    u = F.normalize(torch.randn(784), dim=0)
    v = F.normalize(torch.randn(784), dim=0)
    times = {key: [] for key in ("gridMs", "forwardMs", "ratio", "lanczosMs", "hessianMs", "eigenMs")}
    for run in range(warmup + runs):
        start = time.perf_counter()
        grid(model, x, u, v)
        grid_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        with torch.no_grad():
            model(plain)
        forward_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        lanczos_top10(model, x)
        lanczos_ms = (time.perf_counter() - start) * 1000
        hessian_ms, eigen_ms = full_spectrum(model, x)
        if run < warmup:
            continue
        for key, value in (("gridMs", grid_ms), ("forwardMs", forward_ms), ("ratio", grid_ms / forward_ms),
                           ("lanczosMs", lanczos_ms), ("hessianMs", hessian_ms), ("eigenMs", eigen_ms)):
            times[key].append(value)
    row = {key: statistics.median(values) for key, values in times.items()}
    row["gridOverForward"] = row.pop("ratio")
    return {"runs": runs, **row}


def blas() -> str:
    """The BLAS library torch's process loaded (Debian's torch links the system libblas.so.3,
    whichever alternative it points to)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p) for p in paths))
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--models", default="mlp,cnn")
    parser.add_argument("--job", choices=("steps", "analyses"), default="steps")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.job == "analyses":
        row = measure_analyses(args.steps, args.warmup)
        print(json.dumps({"torch": torch.__version__, "threads": args.threads, "blas": blas(), "analyses": row}))
        return
    batches = {"mlp": 64, "cnn": 32}
    rows = [measure(kind, batches[kind], args.steps, args.warmup) for kind in args.models.split(",")]
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "blas": blas(), "rows": rows}))


if __name__ == "__main__":
    main()
