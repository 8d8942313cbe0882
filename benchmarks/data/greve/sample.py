#!/usr/bin/env python3
"""Reproducible sampling of label candidates from the Greve FirstAgenda material.

Stdlib only; no dependency on the indexer package.

    python3 benchmarks/data/greve/sample.py heldout --out /tmp/greve-candidates
    python3 benchmarks/data/greve/sample.py tuning  --out /tmp/greve-candidates
    python3 benchmarks/data/greve/sample.py fresh --seed 20260310 --out /tmp/greve-candidates
    python3 benchmarks/data/greve/sample.py fresh --batch 2 --seed 20260320 --out /tmp/greve-candidates
    python3 benchmarks/data/greve/sample.py fresh --batch 3 --seed 20261207 --out /tmp/greve-candidates
    python3 benchmarks/data/greve/sample.py fresh --batch 4 --seed 20261208 --out /tmp/greve-candidates
    python3 benchmarks/data/greve/sample.py fresh --part heldout --seed 20261206 --out /tmp/greve-candidates

"fresh" draws promise candidates again from the tuning part only, leaving out every sentence
already in a tuning label file, with the same three pools in the held-out sample's proportions
plus a slice of whole agenda items (every sentence of a few items, whatever its words), so that
forms the keyword nets miss can show up; it writes fresh/promises.jsonl. "--batch 2" draws a second
batch the same way that also leaves out the first batch's sentences (promises-tuning-fresh.jsonl),
names its pools fresh2_* and writes fresh2/promises.jsonl; its top-up (drawn last, seed + 1) is
written only with --topup. Batch 1 (the default) is drawn exactly as before. "--batch 3" draws a
third batch that also leaves out the first two batches' sentences (promises-tuning-fresh.jsonl,
promises-tuning-fresh2.jsonl), with the same pools and proportions as batch 1 at about twice its size
(N_FRESH_BATCH3: 96 strong, 72 broad, 80 targeted, then 60 sentences of whole agenda items, about 300
sentences); pools named fresh3_*, written to fresh3/promises.jsonl; its top-up (seed + 1, the batch-1
top-up doubled) only with --topup. "--batch 4" also leaves out the third batch's sentences
(promises-tuning-fresh3.jsonl) and draws fewer keyword-net sentences and more whole agenda items
(N_FRESH_BATCH4: 80 strong, 60 broad, 40 targeted, then 120 sentences of whole items); pools fresh4_*.

"fresh --part heldout" draws the same way from the HELD-OUT part only (the 2024 files of split.json),
leaving out every sentence of promises-heldout.jsonl (no tuning file is read), with the same pools in
the same proportions as the first tuning batch at about twice its size (N_FRESH_HELDOUT: 96 strong,
72 broad, 80 targeted, then 60 sentences of whole agenda items); pools named heldout_fresh_*, written
to heldout_fresh/promises.jsonl. Its top-up (seed + 1, same sizes as the tuning top-up, doubled) is
written only with --topup. Without --part (or with --part tuning) nothing changes.

The split (split.json) was made first, from the meeting date in the file name
only: 2022-2023 -> tuning, 2024 -> heldout. This script never mixes the parts.

For each part it writes three candidate files (unlabelled):
  decisions.jsonl  - agenda items with a non-empty Beslutning, stratified over
                     (committee folder, meeting month) strata, round-robin, plus
                     an oversample of items whose Beslutning mentions a vote.
  promises.jsonl   - sentences matching a broad keyword net (future action,
                     follow-up, orientation, coming back ...), stratified the
                     same way; a "strong" pool and a "broad" pool.
  items.jsonl      - every agenda item of the part, parsed into sections (for
                     finding where promises were taken up again).
The labels themselves were then written by a person reading each candidate;
nothing in this script decides a label.
"""
import argparse, json, os, random, re
from html.parser import HTMLParser

ROOT = os.environ.get("GREVE_ROOT", "/work/shared/corpus/meeting-systems/firstagenda-greve")
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240601
N_DECISIONS = {"heldout": 64, "tuning": 36}
N_VOTE_DECISIONS = {"heldout": 22, "tuning": 14}
N_PROMISE_STRONG = {"heldout": 110, "tuning": 55}
N_PROMISE_BROAD = {"heldout": 90, "tuning": 45}
# third pool, drawn after the first two with its own seed (so it does not change
# them): sentences from the strong pool that also match a narrower "coming back"
# net, to enrich the set with real promises (they are rare among keyword hits).
N_PROMISE_TARGETED = {"heldout": 90, "tuning": 30}
# "fresh": a new draw from the tuning part (held-out proportions 110/90/90, about half as many), and
# every not yet labelled sentence of whole agenda items until WHOLE_ITEM_SENTENCES are reached.
N_FRESH = {"strong": 48, "broad": 36, "targeted": 40}
WHOLE_ITEM_SENTENCES = 30
# a top-up drawn last with seed + 1 (so it changes none of the above), when the first draw held too few promises
N_FRESH_TOPUP = {"strong": 14, "broad": 9, "targeted": 16}
WHOLE_ITEM_MAX = 15
# "fresh --part heldout": the same pools and proportions as the first tuning batch, about twice as many
N_FRESH_HELDOUT = {"strong": 96, "broad": 72, "targeted": 80}
WHOLE_ITEM_SENTENCES_HELDOUT = 60
N_FRESH_TOPUP_HELDOUT = {"strong": 28, "broad": 18, "targeted": 32}
# "fresh --batch 3": the same pools and proportions as batch 1, about twice as many (about 300 sentences)
N_FRESH_BATCH3 = {"strong": 96, "broad": 72, "targeted": 80}
WHOLE_ITEM_SENTENCES_BATCH3 = 60
N_FRESH_TOPUP_BATCH3 = {"strong": 28, "broad": 18, "targeted": 32}
# "fresh --batch 4": fewer keyword-net sentences and twice the whole agenda items of batch 3 (about 300 sentences):
# the forms still missed are those no net was written for
N_FRESH_BATCH4 = {"strong": 80, "broad": 60, "targeted": 40}
WHOLE_ITEM_SENTENCES_BATCH4 = 120
HELDOUT_LABELLED = ("promises-heldout.jsonl",)
LABELLED = ("promises-tuning.jsonl", "takenup-promises-tuning.jsonl")
# label files each fresh batch leaves out besides LABELLED: the earlier batches' labels
FRESH_LABELLED = {1: (), 2: ("promises-tuning-fresh.jsonl",),
                  3: ("promises-tuning-fresh.jsonl", "promises-tuning-fresh2.jsonl"),
                  4: ("promises-tuning-fresh.jsonl", "promises-tuning-fresh2.jsonl", "promises-tuning-fresh3.jsonl"),
                  5: ("promises-tuning-fresh.jsonl", "promises-tuning-fresh2.jsonl", "promises-tuning-fresh3.jsonl",
                      "promises-tuning-fresh4.jsonl"),
                  6: ("promises-tuning-fresh.jsonl", "promises-tuning-fresh2.jsonl", "promises-tuning-fresh3.jsonl",
                      "promises-tuning-fresh4.jsonl", "promises-tuning-fresh5.jsonl")}

BLOCK = {"p", "br", "li", "div", "tr", "ul", "ol", "table", "u"}
HEAD = {"h2", "h3", "h4", "h5"}
KNOWN = {"beslutning", "fremstilling", "sagsprocedure", "resume", "indstilling", "sagens forløb",
         "sagsbeskrivelse", "økonomiske konsekvenser", "lovgrundlag", "tidsplan", "kommunikation",
         "øvrige konsekvenser", "øvrige forhold", "supplerende sagsfremstilling", "sagsfremstilling",
         "miljøvurdering", "høring", "baggrund", "supplerende dagsorden"}


class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cur, self.h, self.htext, self.secs = [], None, [], []

    def flush(self):
        t = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        self.cur = []
        if t:
            if not self.secs:
                self.secs.append([0, "", []])
            self.secs[-1][2].append(t)

    def handle_starttag(self, tag, attrs):
        if tag in HEAD:
            self.flush(); self.h, self.htext = tag, []
        elif tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag == self.h:
            self.secs.append([int(tag[1]), re.sub(r"\s+", " ", "".join(self.htext)).strip(), []])
            self.h = None
        elif tag in BLOCK:
            self.flush()

    def handle_data(self, data):
        (self.htext if self.h else self.cur).append(data)


def sections(html_text):
    """[[section name, [paragraph, ...]], ...]; h2/h3/h4 headings with a known
    section name start a section, other headings (Greve sometimes puts body text
    in <h4>) are kept as a paragraph of the current section."""
    p = _Html(); p.feed(html_text or ""); p.close(); p.flush()
    out = []
    for _lvl, head, paras in p.secs:
        hn = head.strip().rstrip(":").strip()
        if hn.lower() in KNOWN:
            out.append([hn[0].upper() + hn[1:], list(paras)])
        else:
            if not out:
                out.append(["", []])
            if hn:
                out[-1][1].append(hn)
            out[-1][1].extend(paras)
    return out


def iter_items(paths):
    for rel in paths:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            d = json.load(f)
        date = d["Moede"]["Dato"][:10]
        body = d["Udvalg"]["Navn"]
        for it in d["Dagsordenpunkter"]:
            secs = []
            for fld in it.get("Felter") or []:
                secs += sections(fld.get("Html"))
            yield {"file": rel, "meeting_date": date, "body": body, "item_number": it["Punktnummer"],
                   "case_number": it.get("SagsNummer"), "title": it["Navn"], "sections": secs}


def section_text(item, name):
    return "\n".join("\n".join(p) for n, p in item["sections"] if n == name).strip()


_ABBR = r"(?<!\bjf\.)(?<!\bca\.)(?<!\bkr\.)(?<!\bnr\.)(?<!\bbl\.a\.)(?<!\bf\.eks\.)(?<!\bmv\.)(?<!\bm\.v\.)(?<!\bpkt\.)(?<!\bpk\.)(?<!\bstk\.)(?<!\bfx\.)(?<!\bdvs\.)(?<!\bhhv\.)(?<!\bevt\.)(?<!\bink\.)(?<!\bekskl\.)(?<!\binkl\.)(?<!\bjan\.)(?<!\bfeb\.)(?<!\baug\.)(?<!\bsept\.)(?<!\bokt\.)(?<!\bnov\.)(?<!\bdec\.)"
_SPLIT = re.compile(_ABBR + r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"“0-9])")


def sentences(paragraph):
    return [s.strip() for s in _SPLIT.split(paragraph) if len(s.strip()) > 3]


def stratum(it):
    return (it["file"].split("/")[0], it["meeting_date"][:7])


def round_robin(pool, n, rng, taken=()):
    """pool: list of candidates with a 'stratum'; pick one per stratum per round."""
    strata = {}
    for c in pool:
        strata.setdefault(c["stratum"], []).append(c)
    keys = sorted(strata)
    rng.shuffle(keys)
    for k in keys:
        rng.shuffle(strata[k])
    out, seen = [], set(taken)
    while len(out) < n and any(strata[k] for k in keys):
        for k in keys:
            while strata[k]:
                c = strata[k].pop()
                if c["key"] not in seen:
                    seen.add(c["key"]); out.append(c); break
            if len(out) >= n:
                break
    return out


VOTE = re.compile(r"stemmerne|for stemte|imod stemte|stemte for|stemte imod|undlod at stemme|blev forkastet|blev vedtaget med", re.I)
STRONG = re.compile(r"vende[rs]? tilbage|genoptage|forelægges|fremlægges|forelægge[rs]? |fremlægge[rs]? |"
                    r"kommende møde|senere møde|et senere tidspunkt|ønsker (en|at få|at blive|status|orientering)|"
                    r"(\d\.|første|andet|tredje|fjerde) kvartal|orienteres (om|igen|løbende|efterfølgende)|"
                    r"ny sag|en sag om|udsat|til næste møde|på næste møde|bedt om|anmode[rt]? om", re.I)
TARGETED = re.compile(r"vende[rs]? tilbage|genoptag|ønsker(,)? (at )?(der|sagen|en|at få)|bede[rs]? (om|administrationen)|bedes|"
                      r"(fremlægges|forelægges|fremlægge|forelægge)\b.{0,80}\b(igen|senere|kommende|næste|kvartal|primo|medio|ultimo|"
                      r"efteråret|foråret|januar|februar|marts|april|maj|juni|august|september|oktober|november|december|20\d\d)|"
                      r"vil (blive )?(fremlagt|forelagt|orientere|fremlægge|forelægge)|udsat", re.I)
BROAD = re.compile(r"opfølgning|følge op|følges op|status|evaluering|evaluere|undersøge|undersøgt|"
                   r"orientering|udarbejde|tilbage|senere|forventes|efterfølgende|løbende|fremadrettet|drøfte", re.I)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("part", choices=["tuning", "heldout", "fresh", "takeups"])
    ap.add_argument("--out", default="/tmp/greve-candidates")
    ap.add_argument("--seed", type=int, default=SEED, help="fresh: the draw's seed (the first samples used %d)" % SEED)
    ap.add_argument("--batch", type=int, default=1, choices=sorted(FRESH_LABELLED),
                    help="fresh: which batch (each leaves out the labels of the batches before it)")
    ap.add_argument("--topup", action="store_true",
                    help="fresh, batch 2 on or --part heldout: also write the top-up pools")
    ap.add_argument("--part", dest="fresh_part", choices=["tuning", "heldout"], default="tuning",
                    help="fresh: the part drawn from (heldout: the 2024 files only, leaving out promises-heldout.jsonl)")
    ap.add_argument("--n", type=int, default=36, help="takeups: how many promises to draw")
    ap.add_argument("--takeup-batch", type=int, default=2, choices=sorted(TAKEUP_BATCHES),
                    help="takeups: which take-up batch (the labels it leaves out, the promise batches it draws from)")
    a = ap.parse_args()
    if a.part == "takeups":
        return takeups(a.seed, a.out, a.n, a.takeup_batch)
    if a.part == "fresh":
        if a.fresh_part == "heldout":
            if a.batch != 1:
                ap.error("--part heldout has one batch only")
            return fresh(a.seed, a.out, topup=a.topup, part="heldout")
        return fresh(a.seed, a.out, a.batch, a.topup)
    if a.fresh_part != "tuning":
        ap.error("--part is for fresh only")
    with open(os.path.join(HERE, "split.json"), encoding="utf-8") as f:
        split = json.load(f)
    items = list(iter_items(split[a.part]))
    out = os.path.join(a.out, a.part)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "items.jsonl"), "w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")

    # decisions
    rng = random.Random(SEED)
    dec = []
    for it in items:
        b = section_text(it, "Beslutning")
        if b:
            dec.append({"key": (it["file"], it["item_number"]), "stratum": stratum(it), "file": it["file"],
                        "item_number": it["item_number"], "case_number": it["case_number"], "body": it["body"],
                        "meeting_date": it["meeting_date"], "title": it["title"], "decision_text": b,
                        "indstilling": section_text(it, "Indstilling"), "pool": "general"})
    general = round_robin(dec, N_DECISIONS[a.part], rng)
    votes = round_robin([d for d in dec if VOTE.search(d["decision_text"])], N_VOTE_DECISIONS[a.part], rng,
                        taken=[g["key"] for g in general])
    for v in votes:
        v["pool"] = "votes"
    with open(os.path.join(out, "decisions.jsonl"), "w", encoding="utf-8") as f:
        for c in general + votes:
            c = dict(c); c.pop("key"); c["stratum"] = list(c["stratum"])
            f.write(json.dumps(c, ensure_ascii=False) + "\n")

    # promise candidates (sentences); identical sentences are kept once (first meeting)
    rng = random.Random(SEED + 1)
    seen_text, strong, broad = set(), [], []
    for it in sorted(items, key=lambda i: (i["meeting_date"], i["file"], int(re.sub(r"\D", "", i["item_number"]) or 0))):
        for name, paras in it["sections"]:
            for para in paras:
                for s in sentences(para):
                    k = re.sub(r"\W+", " ", s.lower()).strip()
                    if k in seen_text:
                        continue
                    pool = strong if STRONG.search(s) else broad if BROAD.search(s) else None
                    if pool is None:
                        continue
                    seen_text.add(k)
                    pool.append({"key": (it["file"], it["item_number"], k), "stratum": stratum(it),
                                 "file": it["file"], "item_number": it["item_number"],
                                 "case_number": it["case_number"], "meeting_date": it["meeting_date"],
                                 "body": it["body"], "section": name or "(none)", "sentence": s})
    picked = round_robin(strong, N_PROMISE_STRONG[a.part], rng)
    for c in picked:
        c["pool"] = "strong"
    pb = round_robin(broad, N_PROMISE_BROAD[a.part], rng)
    for c in pb:
        c["pool"] = "broad"
    rng = random.Random(SEED + 2)
    taken = {c["key"] for c in picked}
    pt = round_robin([c for c in strong if c["key"] not in taken and TARGETED.search(c["sentence"])],
                     N_PROMISE_TARGETED[a.part], rng)
    for c in pt:
        c["pool"] = "targeted"
    with open(os.path.join(out, "promises.jsonl"), "w", encoding="utf-8") as f:
        for c in picked + pb + pt:
            c = dict(c); c.pop("key"); c["stratum"] = list(c["stratum"])
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(a.part, "items", len(items), "decisions", len(dec), "->", len(general), "+", len(votes),
          "| promise candidates strong", len(strong), "broad", len(broad), "->", len(picked), "+", len(pb), "+", len(pt))


def sentence_key(s):
    return re.sub(r"\W+", " ", s.lower()).strip()


def fresh(seed, out_dir, batch=1, topup=False, part="tuning"):
    """Promise candidates from the tuning part (or, with part="heldout", the held-out part) that no label
    file of that part holds yet (see the module docstring)."""
    if part == "heldout":
        prefix, label_files = "heldout_fresh", HELDOUT_LABELLED
        n_fresh, n_whole, n_topup = N_FRESH_HELDOUT, WHOLE_ITEM_SENTENCES_HELDOUT, N_FRESH_TOPUP_HELDOUT
    else:
        prefix = "fresh" if batch == 1 else "fresh%d" % batch
        label_files = LABELLED + FRESH_LABELLED[batch]
        n_fresh, n_whole, n_topup = N_FRESH, WHOLE_ITEM_SENTENCES, N_FRESH_TOPUP
        if batch == 3:
            n_fresh, n_whole, n_topup = N_FRESH_BATCH3, WHOLE_ITEM_SENTENCES_BATCH3, N_FRESH_TOPUP_BATCH3
        elif batch in (4, 5, 6):  # batches 5 and 6 in batch 4's proportions
            n_fresh, n_whole = N_FRESH_BATCH4, WHOLE_ITEM_SENTENCES_BATCH4
    with open(os.path.join(HERE, "split.json"), encoding="utf-8") as f:
        split = json.load(f)
    items = list(iter_items(split[part]))
    labelled = set()
    for name in label_files:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            labelled |= {sentence_key(json.loads(line)["sentence"]) for line in f if line.strip()}
    rng = random.Random(seed)
    seen_text, strong, broad, every = set(labelled), [], [], {}
    order = sorted(items, key=lambda i: (i["meeting_date"], i["file"], int(re.sub(r"\D", "", i["item_number"]) or 0)))
    for it in order:
        for name, paras in it["sections"]:
            for para in paras:
                for s in sentences(para):
                    k = sentence_key(s)
                    if k in seen_text:
                        continue
                    seen_text.add(k)
                    c = {"key": (it["file"], it["item_number"], k), "stratum": stratum(it),
                         "file": it["file"], "item_number": it["item_number"],
                         "case_number": it["case_number"], "meeting_date": it["meeting_date"],
                         "body": it["body"], "section": name or "(none)", "sentence": s}
                    every.setdefault((it["file"], it["item_number"]), []).append(c)
                    pool = strong if STRONG.search(s) else broad if BROAD.search(s) else None
                    if pool is not None:
                        pool.append(c)
    picked = round_robin(strong, n_fresh["strong"], rng)
    pb = round_robin(broad, n_fresh["broad"], rng)
    taken = {c["key"] for c in picked + pb}
    pt = round_robin([c for c in strong if c["key"] not in taken and TARGETED.search(c["sentence"])],
                     n_fresh["targeted"], rng)
    taken |= {c["key"] for c in pt}
    # whole items: agenda items with a decision and at most WHOLE_ITEM_MAX sentences not labelled yet (so the slice
    # spans several items), in a random order, every sentence not drawn above
    keys = sorted(k for k, cs in every.items()
                  if any(c["section"] == "Beslutning" for c in cs) and len(cs) <= WHOLE_ITEM_MAX)
    rng.shuffle(keys)
    whole = []
    for k in keys:
        if len(whole) >= n_whole:
            break
        whole += [c for c in every[k] if c["key"] not in taken]
    taken |= {c["key"] for c in whole}
    rng = random.Random(seed + 1)
    s2 = round_robin([c for c in strong if c["key"] not in taken], n_topup["strong"], rng)
    b2 = round_robin([c for c in broad if c["key"] not in taken], n_topup["broad"], rng)
    taken |= {c["key"] for c in s2 + b2}
    t2 = round_robin([c for c in strong if c["key"] not in taken and TARGETED.search(c["sentence"])],
                     n_topup["targeted"], rng)
    if (batch > 1 or part == "heldout") and not topup:
        s2, b2, t2 = [], [], []
    for pool, cs in (("strong", picked), ("broad", pb), ("targeted", pt), ("whole_item", whole),
                     ("strong_2", s2), ("broad_2", b2), ("targeted_2", t2)):
        for c in cs:
            c["pool"] = prefix + "_" + pool
    out = os.path.join(out_dir, prefix)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "promises.jsonl"), "w", encoding="utf-8") as f:
        for c in picked + pb + pt + whole + s2 + b2 + t2:
            c = dict(c); c.pop("key"); c["stratum"] = list(c["stratum"])
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(prefix + " (%s part, seed %d): not yet labelled strong %d, broad %d -> %d + %d + %d targeted + %d whole-item"
          " + top-up %d + %d + %d" % (part, seed, len(strong), len(broad), len(picked), len(pb), len(pt), len(whole),
                                      len(s2), len(b2), len(t2)))


# "takeups": promises of the fresh tuning batches whose take-up is to be found by reading, dated to June 2023 (so
# half a year of meetings follows them), at most TAKEUPS_PER_BODY per body, leaving out those already drawn. Each
# take-up batch names the take-up labels it leaves out and the promise batches it draws from, so each draw is
# reproduced as it was made (batch 1, takenup-tuning-fresh.jsonl, was drawn before this command existed).
TAKEUPS_UNTIL = "2023-06-30"
TAKEUPS_PER_BODY = 6
_FRESH_1_TO_4 = ("promises-tuning-fresh.jsonl", "promises-tuning-fresh2.jsonl", "promises-tuning-fresh3.jsonl",
                 "promises-tuning-fresh4.jsonl")
TAKEUP_BATCHES = {  # batch -> (take-up labels left out, promise batches drawn from)
    2: (("takenup-tuning-fresh.jsonl",), _FRESH_1_TO_4),  # seed 20261210
    3: (("takenup-tuning-fresh.jsonl", "takenup-tuning-fresh2.jsonl"),
        _FRESH_1_TO_4 + ("promises-tuning-fresh5.jsonl",)),  # seed 20261212
}
FRESH_REF = 20000  # as benchmarks/greve_labels.py: line i of fresh batch b is FRESH_REF + 1000 * b + i


def takeups(seed, out_dir, n, batch):
    labelled, fresh_files = TAKEUP_BATCHES[batch]
    drawn = set()
    for name in labelled:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            drawn |= {json.loads(line)["promise_ref"] for line in f if line.strip()}
    candidates = []
    for fresh_batch, name in enumerate(fresh_files, start=1):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            for i, line in enumerate(f):
                p = json.loads(line)
                ref = FRESH_REF + 1000 * fresh_batch + i
                if p["is_promise"] and p["meeting_date"] <= TAKEUPS_UNTIL and ref not in drawn:
                    candidates.append(dict(p, promise_ref=ref))
    rng = random.Random(seed)
    rng.shuffle(candidates)
    per_body, picked = {}, []
    for p in candidates:
        if len(picked) < n and per_body.get(p["body"], 0) < TAKEUPS_PER_BODY:
            per_body[p["body"]] = per_body.get(p["body"], 0) + 1
            picked.append(p)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "takeups.jsonl"), "w", encoding="utf-8") as f:
        for p in sorted(picked, key=lambda p: p["promise_ref"]):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print("takeups (seed %d): %d candidates not yet drawn -> %d" % (seed, len(candidates), len(picked)))


if __name__ == "__main__":
    main()
