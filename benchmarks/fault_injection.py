"""Kill `python -m indexer build` at random moments and check the index survives each kill.

After every kill: the index opens, a search answers, and SQLite and FAISS hold the
same paragraph ids; then a normal build must complete. Run by hand with a larger N:

    python benchmarks/fault_injection.py --runs 20 --seed 1
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import faiss

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.store import vectors  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.store import Store, faiss_path  # noqa: E402


def check_consistent(index_dir: Path, embedder=None) -> int:
    """Open the index, search it, and compare SQLite and FAISS ids; returns the generation."""
    archive = Archive.open(index_dir, embedder=embedder)
    archive.search("huslejestigninger", k=3, mode="lexical" if embedder is None else "hybrid")
    archive.close()
    store = Store.open(index_dir)
    with store.reading():
        manifest = store.manifest()
        ids, _ = store.searchable_vectors(set(), manifest.model["dimension"])
    store.close()
    generation, sqlite_ids = manifest.generation, set(ids.tolist())
    index = vectors.read_index(faiss_path(index_dir, generation))
    faiss_ids = set(faiss.vector_to_array(index.id_map).tolist())
    if sqlite_ids != faiss_ids:
        raise AssertionError(f"generation {generation}: {len(sqlite_ids)} ids in SQLite, {len(faiss_ids)} in FAISS")
    return generation


def mutate(archive_dir: Path, rng: random.Random, step: int) -> None:
    """Edit, add or delete a file so that the next build has work to do."""
    files = sorted(archive_dir.rglob("*.txt"))
    action = rng.choice(["edit", "add", "delete"] if len(files) > 3 else ["edit", "add"])
    if action == "edit":
        target = rng.choice(files)
        target.write_text(target.read_text(encoding="utf-8") +
                          f"\n\nTilføjelse {step}: udvalget drøftede huslejestigninger og bostøtte igen.\n",
                          encoding="utf-8")
    elif action == "add":
        (archive_dir / f"added-{step}.txt").write_text(
            f"Referat {step}\n\nBrugerrådet drøftede personalegennemstrømning og ventelister på "
            f"bostederne i møde nummer {step}, og forvaltningen svarede på spørgsmål.\n", encoding="utf-8")
    else:
        rng.choice(files).unlink()


def run(source: Path, workdir: Path, runs: int, seed: int, max_delay: float) -> list[dict]:
    """`runs` kill-and-check rounds; returns one dict per round."""
    rng = random.Random(seed)
    archive_dir, index_dir = workdir / "archive", workdir / "index"
    shutil.copytree(source, archive_dir)
    command = [sys.executable, "-m", "indexer", "build", str(archive_dir), "--index", str(index_dir)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    results = []
    for step in range(runs):
        before = check_consistent(index_dir)
        mutate(archive_dir, rng, step)
        delay = rng.uniform(0, max_delay)
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        killed = process.wait() == -signal.SIGKILL
        after_kill = check_consistent(index_dir)
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        after_build = check_consistent(index_dir)
        results.append({"step": step, "delay_s": round(delay, 2), "killed": killed,
                        "generation": [before, after_kill, after_build]})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-delay", type=float, default=12.0, help="seconds; a build of the minutes takes ~10-15 s")
    parser.add_argument("--source", type=Path, default=ROOT / "archive" / "minutes")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(os.environ.get("TMPDIR", "/tmp")) / f"fault-injection-{os.getpid()}"
    results = run(args.source, workdir, args.runs, args.seed, args.max_delay)
    for row in results:
        print(row)
    killed = sum(r["killed"] for r in results)
    print(f"{len(results)} rounds, {killed} killed mid-build, all consistent after every kill and rebuild")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
