#!/usr/bin/env python3
"""The same experiment in PyTorch, to compare against `05-pretrain` (needs torch).

A character-level GPT on tiny Shakespeare in nanoGPT's CPU "baby" configuration: 4 layers,
4 heads, width 128, context 64, batch 12, 2000 steps, AdamW (0.9, 0.99), weight decay 0.1 on
matrices and embeddings, lr 1e-3 -> 1e-4 by cosine after 100 warmup steps, clip 1.0, no
biases, dropout 0, tanh GELU. Prints the validation loss (20 random batches, as nanoGPT
estimates it, and over every window) every 250 steps and the median step time.

    python3 scripts/reference/pytorch_baby.py ../shared/data/tinyshakespeare.txt --seed 1337
"""
import argparse, math, time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("data")
p.add_argument("--seed", type=int, default=1337)
p.add_argument("--steps", type=int, default=2000)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--gelu", default="tanh", choices=["tanh", "none"])
args = p.parse_args()
torch.manual_seed(args.seed)
torch.set_num_threads(args.threads)

text = open(args.data, encoding="utf-8").read()
chars = sorted(set(text))
ids = torch.tensor([chars.index(c) for c in text], dtype=torch.long)
n = int(0.9 * len(ids))
train, val = ids[:n], ids[n:]
V, T, B, C, L, H = len(chars), 64, 12, 128, 4, 4


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(C, bias=False), nn.LayerNorm(C, bias=False)
        self.qkv, self.proj = nn.Linear(C, 3 * C, bias=False), nn.Linear(C, C, bias=False)
        self.fc, self.fc_proj = nn.Linear(C, 4 * C, bias=False), nn.Linear(4 * C, C, bias=False)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, t, C)
        x = x + self.proj(y)
        return x + self.fc_proj(F.gelu(self.fc(self.ln2(x)), approximate=args.gelu))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.ln_f = nn.LayerNorm(C, bias=False)
        for name, w in self.named_parameters():
            if w.dim() >= 2:
                std = 0.02 / math.sqrt(2 * L) if name.endswith(("proj.weight", "fc_proj.weight")) else 0.02
                nn.init.normal_(w, 0.0, std)

    def forward(self, x, y):
        h = self.wte(x) + self.wpe(torch.arange(x.shape[1]))
        for blk in self.blocks:
            h = blk(h)
        logits = self.ln_f(h) @ self.wte.weight.T
        return F.cross_entropy(logits.view(-1, V), y.view(-1))


def batch(data):
    ix = torch.randint(len(data) - T, (B,))
    return torch.stack([data[i:i + T] for i in ix]), torch.stack([data[i + 1:i + T + 1] for i in ix])


def lr_at(it, hi=1e-3, lo=1e-4, warmup=100, decay=2000):
    if it < warmup:
        return hi * (it + 1) / (warmup + 1)
    if it > decay:
        return lo
    return lo + 0.5 * (1 + math.cos(math.pi * (it - warmup) / (decay - warmup))) * (hi - lo)


model = GPT()
decay = [w for w in model.parameters() if w.dim() >= 2]
other = [w for w in model.parameters() if w.dim() < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}],
                        lr=1e-3, betas=(0.9, 0.99))


@torch.no_grad()
def evaluate():
    sampled = sum(model(*batch(val)).item() for _ in range(20)) / 20
    windows = [(val[i:i + T], val[i + 1:i + T + 1]) for i in range(0, len(val) - T - 1, T)]
    full = sum(model(x[None], y[None]).item() for x, y in windows) / len(windows)
    return sampled, full


times = []
for it in range(args.steps + 1):
    if it % 250 == 0 or it == args.steps:
        s, f = evaluate()
        print(f"step {it}: val {s:.4f} (20 random batches), {f:.4f} (all windows)", flush=True)
    if it == args.steps:
        break
    for g in opt.param_groups:
        g["lr"] = lr_at(it)
    t0 = time.perf_counter()
    loss = model(*batch(train))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    times.append(time.perf_counter() - t0)
print(f"median step {1000 * sorted(times)[len(times) // 2]:.1f} ms")
