#!/usr/bin/env python3
"""The references `compare-speed` runs the lab against (needs torch, transformers, tiktoken).

    speed_reference.py tokenizer GPT2_DIR TEXT            tiktoken's encode_ordinary, one thread
    speed_reference.py save-random-gpt2 OUT               GPT-2 124M with random weights (seed 1), HF format
    speed_reference.py generate MODEL_DIR                 transformers' greedy generate, KV cache on
    speed_reference.py train-gpt2                         a training step of nanoGPT's GPT-2 124M in PyTorch, B=4, T=64, fp32

Each prints one line `result: <number> <unit>` (after any other output), the median of its
repetitions. GPT2_DIR holds GPT-2's encoder.json and vocab.bpe (or vocab.json and merges.txt);
nothing is downloaded.
"""
import json
import os
import statistics
import sys
import time

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
THREADS = int(os.environ.get("THREADS", "2"))


def byte_decoder():
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def tokenizer(directory, text_path, repeats=7):
    import tiktoken
    name = "encoder.json" if os.path.exists(os.path.join(directory, "encoder.json")) else "vocab.json"
    encoder = json.load(open(os.path.join(directory, name), encoding="utf-8"))
    dec = byte_decoder()
    ranks = {bytes(dec[c] for c in t): i for t, i in encoder.items() if t != "<|endoftext|>"}
    enc = tiktoken.Encoding("gpt2-local", pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 50256})
    text = open(text_path, encoding="utf-8").read()
    enc.encode_ordinary(text)                     # warm up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ids = enc.encode_ordinary(text)
        times.append(time.perf_counter() - t0)
    print(f"tiktoken {tiktoken.__version__}: {len(ids)} tokens")
    print(f"result: {len(text.encode()) / statistics.median(times) / 1e6:.2f} MB/s")


def save_random_gpt2(out):
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel
    torch.manual_seed(1)
    model = GPT2LMHeadModel(GPT2Config())
    model.save_pretrained(out, safe_serialization=True)
    print(f"result: {sum(p.numel() for p in model.parameters())} parameters")


def generate(model_dir, prompt_tokens=11, new_tokens=128, repeats=3):
    import torch
    from transformers import GPT2LMHeadModel
    torch.set_num_threads(THREADS)
    model = GPT2LMHeadModel.from_pretrained(model_dir, torch_dtype=torch.float32).eval()
    prompt = torch.arange(prompt_tokens)[None]
    # an explicit mask: generate would otherwise take the ids equal to the pad id for padding
    args = dict(attention_mask=torch.ones_like(prompt), max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                do_sample=False, use_cache=True, pad_token_id=50256)
    with torch.no_grad():
        model.generate(prompt, **{**args, "max_new_tokens": 4, "min_new_tokens": 4})
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = model.generate(prompt, **args)
            times.append(time.perf_counter() - t0)
    ids = out[0, prompt_tokens:].tolist()
    print("ids: " + " ".join(map(str, ids[:16])) + " …")
    print(f"result: {len(ids) / statistics.median(times):.2f} tokens/s")


def train_gpt2(steps=6, batch=4, context=64):
    """nanoGPT's GPT-2 124M (its model.py's architecture: biases, tied head, vocabulary padded
    to 50304, PyTorch's fused causal attention) and nanoGPT's bench.py step: forward and loss,
    backward, AdamW, in fp32, compiled with torch.compile as bench.py does by default
    (COMPILE=0 runs it eagerly)."""
    import math
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)
    V, L, H, C, T = 50304, 12, 12, 768, 1024

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1, self.ln_2 = nn.LayerNorm(C), nn.LayerNorm(C)
            self.c_attn, self.attn_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
            self.c_fc, self.mlp_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

        def forward(self, x):
            b, t, _ = x.shape
            q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
            q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).contiguous().view(b, t, C)
            x = x + self.attn_proj(y)
            return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x))))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
            self.blocks = nn.ModuleList(Block() for _ in range(L))
            self.ln_f = nn.LayerNorm(C)
            for m in self.modules():
                if isinstance(m, (nn.Linear, nn.Embedding)):
                    nn.init.normal_(m.weight, 0.0, 0.02)
            for name, w in self.named_parameters():
                if name.endswith("proj.weight"):
                    nn.init.normal_(w, 0.0, 0.02 / math.sqrt(2 * L))

        def forward(self, x, y):
            h = self.wte(x) + self.wpe(torch.arange(x.shape[1]))
            for blk in self.blocks:
                h = blk(h)
            logits = F.linear(self.ln_f(h), self.wte.weight)        # the head tied to the embeddings
            return F.cross_entropy(logits.view(-1, V), y.view(-1))

    model = GPT().train()
    params = list(model.parameters())
    if os.environ.get("COMPILE", "1") == "1":        # bench.py compiles by default
        model = torch.compile(model)
    opt = torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
                             {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}], lr=6e-4, betas=(0.9, 0.95))
    x = torch.randint(0, 50257, (batch, context))
    y = torch.randint(0, 50257, (batch, context))
    times = []
    for i in range(steps + 2):
        t0 = time.perf_counter()
        loss = model(x, y)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        if i >= 2:
            times.append(time.perf_counter() - t0)
    print(f"result: {1000 * statistics.median(times):.1f} ms/step")


if __name__ == "__main__":
    cmd, rest = sys.argv[1], sys.argv[2:]
    {"tokenizer": tokenizer, "save-random-gpt2": save_random_gpt2, "generate": generate, "train-gpt2": train_gpt2}[cmd](*rest)
