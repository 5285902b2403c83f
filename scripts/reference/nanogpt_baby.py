#!/usr/bin/env python3
"""nanoGPT's CPU "baby" run on tiny Shakespeare, reproduced in one file (needs torch).

The model, initialisation, optimizer groups, learning-rate schedule and training loop follow
nanoGPT's `model.py` and `train.py` (config/train_shakespeare_char.py with the README's CPU
overrides: 4 layers, 4 heads, width 128, context 64, batch 12, 2000 steps, dropout 0), and so
does the order in which they draw from torch's random generator: module construction, the two
initialisation passes, the first batch, then each evaluation's 20 train and 20 validation
batches and each step's prefetched batch. With the same seed and torch build, the losses are
nanoGPT's own: seed 1337 with torch 2.15 on two threads prints 1.8857 at step 2000, the figure
measured with nanoGPT itself. At the last step it also reports the loss over every
validation window (which draws no random numbers), a measure without the 20-batch sample's noise.

    python3 scripts/reference/nanogpt_baby.py tinyshakespeare.txt --seed 1337
"""
import argparse, math, time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("data")
p.add_argument("--seed", type=int, default=1337)
p.add_argument("--steps", type=int, default=2000,
               help="stop early, for a quick check (the schedule still decays over 2000 steps, as in nanoGPT's config)")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--gelu", default="none", choices=["none", "tanh"],
               help="none: nanoGPT's exact (erf) GELU; tanh: GPT-2's approximation, as the lab uses")
args = p.parse_args()
torch.manual_seed(args.seed)
torch.set_num_threads(args.threads)

text = open(args.data, encoding="utf-8").read()
chars = sorted(set(text))
ids = torch.tensor([chars.index(c) for c in text], dtype=torch.long)
n = int(0.9 * len(ids))
train, val = ids[:n], ids[n:]
V, T, B, C, L, H = len(chars), 64, 12, 128, 4, 4


class LayerNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(C))

    def forward(self, x):
        return F.layer_norm(x, (C,), self.weight, None, 1e-5)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_attn, self.c_proj = nn.Linear(C, 3 * C, bias=False), nn.Linear(C, C, bias=False)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.c_proj(y.transpose(1, 2).contiguous().view(b, t, C))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_fc, self.c_proj = nn.Linear(C, 4 * C, bias=False), nn.Linear(4 * C, C, bias=False)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate=args.gelu))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = LayerNorm(), Attention(), LayerNorm(), MLP()

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(V, C), wpe=nn.Embedding(T, C),
            h=nn.ModuleList(Block() for _ in range(L)), ln_f=LayerNorm()))
        self.lm_head = nn.Linear(C, V, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)  # children first, so lm_head's draw is the tied matrix's last
        for name, w in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(w, 0.0, 0.02 / math.sqrt(2 * L))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, 0.0, 0.02)

    def forward(self, x, y):
        h = self.transformer.wte(x) + self.transformer.wpe(torch.arange(x.shape[1]))
        for blk in self.transformer.h:
            h = blk(h)
        logits = self.lm_head(self.transformer.ln_f(h))
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
params = dict(model.named_parameters())
decay = [w for w in params.values() if w.dim() >= 2]
other = [w for w in params.values() if w.dim() < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": other, "weight_decay": 0.0}],
                        lr=1e-3, betas=(0.9, 0.99))


@torch.no_grad()
def evaluate(all_windows):
    model.eval()
    sampled = {split: sum(model(*batch(data)).item() for _ in range(20)) / 20
               for split, data in (("train", train), ("val", val))}
    windows = [(val[i:i + T], val[i + 1:i + T + 1]) for i in range(0, len(val) - T - 1, T)]
    full = sum(model(x[None], y[None]).item() for x, y in windows) / len(windows) if all_windows else None
    model.train()
    return sampled, full


times = []
X, Y = batch(train)
for it in range(args.steps + 1):
    for g in opt.param_groups:
        g["lr"] = lr_at(it)
    if it % 250 == 0 or it == args.steps:
        s, f = evaluate(all_windows=it == args.steps)
        print(f"step {it}: train {s['train']:.4f}, val {s['val']:.4f} (20 random batches each)"
              + (f", val {f:.4f} (all windows)" if f is not None else ""), flush=True)
    if it == args.steps:
        break
    t0 = time.perf_counter()
    loss = model(X, Y)
    X, Y = batch(train)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    opt.zero_grad(set_to_none=True)
    times.append(time.perf_counter() - t0)
print(f"median step {1000 * sorted(times)[len(times) // 2]:.1f} ms")
