#!/usr/bin/env python3
"""Peer of `selfnorm bench train`: SGD steps of Figure 1's SNN in PyTorch on the CPU, float32,
the same shapes (784 inputs, DEPTH hidden layers of 784 SELU units with LeCun normal weights,
10 outputs, batch 128, plain SGD at learning rate 0.01, softmax cross-entropy) on the same
standardized Fashion-MNIST rows in order; GFLOP/s counted as selfnorm counts them: the
forward GEMMs and backward's weight and input gradients (none for the inputs).

  bench_train_torch.py [DEPTH [STEPS [DATA_DIR]]]
"""
import gzip
import os
import sys
import time

import numpy as np
import torch


def idx(path):
    with gzip.open(path, 'rb') if path.endswith('.gz') else open(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def main(depth=8, steps=0, data='/usr/share/datasets/fashion-mnist'):
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(1)
    x = idx(os.path.join(data, 'train-images-idx3-ubyte.gz')).reshape(60000, -1).astype(np.float64)
    y = idx(os.path.join(data, 'train-labels-idx1-ubyte.gz')).astype(np.int64)
    sd = x.std(axis=0)
    x = ((x - x.mean(axis=0)) / np.where(sd > 0, sd, 1)).astype(np.float32)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    width, batch = x.shape[1], 128
    layers = []
    for _ in range(depth):
        lin = torch.nn.Linear(width, width)
        torch.nn.init.normal_(lin.weight, std=width ** -0.5)
        torch.nn.init.zeros_(lin.bias)
        layers += [lin, torch.nn.SELU()]
    net = torch.nn.Sequential(*layers, torch.nn.Linear(width, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    steps = steps or x.shape[0] // batch

    def step(s):
        i = (s * batch) % (x.shape[0] - batch + 1)
        opt.zero_grad()
        loss = loss_fn(net(x[i:i + batch]), y[i:i + batch])
        loss.backward()
        opt.step()

    step(0)   # warm up
    t = time.perf_counter()
    for s in range(steps):
        step(s)
    seconds = time.perf_counter() - t
    flops = steps * 2.0 * batch * (width * width * depth * 3 - width * width + width * 10 * 3)
    print(f'{{"benchmark":"torch_train","depth":{depth},"width":{width},"batch":{batch},'
          f'"steps":{steps},"threads":{torch.get_num_threads()},"seconds":{seconds:.4f},'
          f'"gflops":{flops / seconds / 1e9:.2f}}}')


if __name__ == '__main__':
    main(*[int(a) for a in sys.argv[1:3]], *sys.argv[3:4])
