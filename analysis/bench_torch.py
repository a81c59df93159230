#!/usr/bin/env python3
"""Baseline for `make bench`: the MLP forward pass with per-layer statistics in PyTorch on
the CPU (float32, SELU), the same shapes as `selfnorm bench mlp`: GFLOP/s = 2·B·N²·D / time.

  bench_torch.py [DEPTH WIDTH BATCH]
"""
import sys
import time

import torch


def main(depth=20, width=1024, batch=512):
    torch.manual_seed(1)
    weights = [torch.randn(width, width) / width**0.5 for _ in range(depth)]
    x0 = torch.randn(batch, width)

    def forward():
        x = x0
        stats = []
        for w in weights:
            x = torch.selu(x @ w)
            stats.append((x.mean(), x.var(unbiased=False)))
        return [(float(m), float(v)) for m, v in stats]

    with torch.no_grad():
        forward()
        best = min(_timed(forward) for _ in range(5))
    gflops = 2.0 * batch * width * width * depth / best / 1e9
    print(f'{{"benchmark":"torch_mlp","depth":{depth},"width":{width},"batch":{batch},'
          f'"threads":{torch.get_num_threads()},"gflops":{gflops:.1f}}}')


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
