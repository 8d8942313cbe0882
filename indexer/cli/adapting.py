"""Commands about the embedding model: `model` (build the bundled model and its ONNX export
now, so the first build does not wait for them) and `adapt` (fine-tune it on an index's own
pairs)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from indexer.cli.common import INDEX_OPTION, main, user_errors


@main.command("model")
@user_errors
def prepare_model() -> None:
    """Build the bundled model (and its ONNX export) once, and say which backend embeds."""
    from indexer.embed.embedder import Embedder

    embedder = Embedder(vector_cache=False)
    click.echo(f"model ready: {embedder.identity.describe()}, in {embedder.model_dir}")


@main.command()
@INDEX_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for the adapted model (replaced).")
@click.option("--epochs", type=click.IntRange(1, 20), default=1, show_default=True)
@click.option("--max-pairs", type=click.IntRange(1), default=None, help="Train on at most this many pairs.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where to train: auto takes a GPU when there is one.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@user_errors
def adapt(index_dir: Path, out_dir: Path, epochs: int, max_pairs: int | None, device: str, as_json: bool) -> None:
    """Fine-tune the index's model on the archive's own pairs (agenda item title -> its text)
    and score it on a tenth of the titles it never saw; build with it by
    `python -m indexer build ARCHIVE --model OUT`."""
    from indexer.build.adapt import adapt as run_adapt

    report = run_adapt(index_dir, out_dir, epochs=epochs, max_pairs=max_pairs, device=device)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
        return
    click.echo(f"adapted {report.base_model} on {report.pairs_trained} pairs ({report.steps} steps, {report.device}, "
               f"{report.wall_s:.0f} s, CPU {report.cpu_s:.0f} s) -> {out_dir}")
    click.echo(f"held-out pairs ({report.pairs_held_out}): recall@1 {report.before.recall_at_1:.3f} -> "
               f"{report.after.recall_at_1:.3f}, MRR@10 {report.before.mrr_at_10:.3f} -> {report.after.mrr_at_10:.3f}; "
               f"English kept {report.english_kept:.3f}, English finding its Danish translation (MRR@10) "
               f"{report.english_to_danish_before.mrr_at_10:.3f} -> {report.english_to_danish_after.mrr_at_10:.3f}")
    if not report.pairs_gained:
        click.echo("it did not gain on the held-out pairs with English kept: keep the original model")
        return
    click.echo("before using it, compare your questions in both languages on an index built with it "
               f"(python -m indexer build ARCHIVE --index NEW_INDEX --model {out_dir}; python -m indexer eval): "
               "adapted models measured so far gained on their pairs and lost English questions")
