#!/usr/bin/env python3
"""Did the model learn its dialogues? Asks a fine-tuned model (08-chat, greedy) the first
question of N training dialogues drawn with a fixed seed, and counts the replies whose first
sentence equals the first sentence of the dialogue's answer.

    python3 scripts/chat/recall.py --data DIALOGUES --model runs/07-finetune/model.safetensors

Training dialogues are the first 90% (07-finetune holds out the last tenth), read in the
order the lab reads them (natural order of the numbers in the file names). Plain Python.
"""
import argparse, json, os, random, re, subprocess

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--model", required=True)
p.add_argument("--n", type=int, default=50)
p.add_argument("--seed", type=int, default=1337)
p.add_argument("--chat", default=".build/release/08-chat")
p.add_argument("--out", default=None, help="write the questions, answers and replies here (JSON)")
a = p.parse_args()

def strings(path):
    if os.path.isdir(path):
        key = lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)]
        out = []
        for name in sorted(os.listdir(path), key=key):
            if name.endswith(".json"):
                out += json.load(open(os.path.join(path, name), encoding="utf-8"))
        return out
    return json.load(open(path, encoding="utf-8"))

marker = re.compile(r"(用户[：:]|助手[：:]|User:|Assistant:)")
def first_exchange(s):
    parts = [x.strip() for x in marker.split(s.replace("</s>", "")) if x.strip()]
    q = a_ = None
    for i in range(len(parts) - 1):
        if parts[i].startswith(("用户", "User")) and q is None:
            q = parts[i + 1]
        elif parts[i].startswith(("助手", "Assistant")) and q is not None:
            a_ = parts[i + 1]
            break
    return q, a_

def first_sentence(s):
    m = re.search(r"[。！？!?]", s)
    return (s[: m.end()] if m else s).strip()

dialogues = strings(a.data)
train = dialogues[: len(dialogues) - max(1, len(dialogues) // 10)]
picked = random.Random(a.seed).sample(range(len(train)), min(a.n, len(train)))
results, hits = [], 0
for i in picked:
    q, ans = first_exchange(train[i])
    out = subprocess.run([a.chat, "--model", a.model, "--prompt", q, "--temperature", "0", "--out", "runs/recall"],
                         capture_output=True, text=True, check=True).stdout
    reply = next(l for l in out.split("\n") if l.startswith("  assistant: "))[len("  assistant: "):]
    ok = first_sentence(reply) == first_sentence(ans)
    hits += ok
    results.append({"question": q, "answer": ans, "reply": reply, "first_sentence_matches": ok})
print(f"{hits} of {len(picked)} replies ({100 * hits / len(picked):.0f}%) reproduce the first sentence of the trained answer")
if a.out:
    json.dump(results, open(a.out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
