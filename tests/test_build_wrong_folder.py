"""A build given the wrong folder (spreadsheets, source code, files none of which can be read)
creates no index and empties none; an archive that lost some files still loses them from the index
(hashing embedder: no model)."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from indexer.build.run import build
from indexer.cli import main
from indexer.errors import InvalidInput
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


@pytest.fixture
def full_index(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SAMPLE_MINUTES, archive / "minutes")
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    return archive, tmp_path / "index", Manifest.read(tmp_path / "index").documents


def _folder(path, files: dict[str, bytes]):
    path.mkdir()
    for name, content in files.items():
        (path / name).write_bytes(content)
    return path


def test_a_folder_of_unsupported_files_given_for_a_full_index_removes_nothing(full_index, tmp_path):
    _, index, held = full_index
    wrong = _folder(tmp_path / "w", {"notes.xlsx": b"x"})
    result = CliRunner().invoke(main, ["build", str(wrong), "--index", str(index)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert f"no records found in {wrong}, and the index {index} holds {held} documents: nothing was removed" in line
    assert f"delete the folder {index}" in line
    assert held == 5 and Manifest.read(index).documents == held


def test_a_folder_of_files_none_of_which_can_be_read_given_for_a_full_index_removes_nothing(full_index, tmp_path):
    _, index, held = full_index
    wrong = _folder(tmp_path / "w", {"a.pdf": b"\x00\x01 not a pdf", "b.txt": b""})
    generation = Manifest.read(index).generation
    for rebuild in (False, True):
        with pytest.raises(InvalidInput, match=rf"^no file in .*w could be indexed, e\.g\. a\.pdf .*, and this build "
                                               rf"would remove all {held} documents of the index .*: nothing was removed"):
            build(wrong, index, embedder=HashEmbedder(), rebuild=rebuild)
    after = Manifest.read(index)
    assert (after.documents, after.generation) == (held, generation)


def test_a_first_build_of_a_folder_without_records_creates_no_index(tmp_path):
    ui = _folder(tmp_path / "ui", {f"module{i}.py": b"x = 1\n" for i in range(19)})
    result = CliRunner().invoke(main, ["build", str(ui), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no records found in {ui}: nothing to index"
    assert not (tmp_path / "index").exists()


def test_an_archive_whose_files_were_deleted_or_turned_unreadable_still_loses_the_deleted_ones(full_index):
    archive, index, held = full_index
    first, *others = sorted(p for p in (archive / "minutes").iterdir())
    first.write_bytes(b"\x00\x01\x02" * 2000)  # unreadable now: keeps its previous version
    for path in others:
        path.unlink()
    report = build(archive, index, embedder=HashEmbedder())
    assert len(report.removed) == len(others) == held - 1
    assert Manifest.read(index).documents == 1


def test_the_no_index_error_gives_the_whole_build_command(tmp_path):
    result = CliRunner().invoke(main, ["info", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (f"Error: no index in {tmp_path / 'none'}: build one with "
                                     f"`python -m indexer build ARCHIVE_DIR --index {tmp_path / 'none'}`")


def test_another_archive_given_for_an_index_replaces_nothing_and_the_rebuild_command_names_its_own(full_index, tmp_path):
    archive, index, held = full_index
    other = tmp_path / "other"
    shutil.copytree(archive / "minutes", other / "protokoller")  # other names: none of the index's documents
    result = CliRunner().invoke(main, ["build", str(other), "--index", str(index), "--rebuild"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (
        f"Error: the index {index} holds {held} documents, none of them in {other} (built from {archive.resolve()}): "
        f"nothing was replaced; build it from there (`python -m indexer build {archive.resolve()} --index {index}`), "
        f"or give {other} an index of its own (another --index)")
    assert Manifest.read(index).documents == held
    # the command to rebuild it names the folder it was built from, not ./archive
    manifest = index / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"format_version": 2', '"format_version": 1'),
                        encoding="utf-8")
    refused = CliRunner().invoke(main, ["info", "--index", str(index)])
    assert f"rebuild with `python -m indexer build {archive.resolve()} --index {index} --rebuild`" in refused.output


@pytest.mark.parametrize("how", ["moved", "copied"])
def test_an_archive_folder_moved_or_copied_goes_on_in_its_index(full_index, tmp_path, how):
    archive, index, held = full_index
    moved = archive.rename(tmp_path / "moved") if how == "moved" else shutil.copytree(archive, tmp_path / "copy")
    report = build(moved, index, embedder=HashEmbedder())
    assert not report.removed and Manifest.read(index).documents == held
    assert Manifest.read(index).archive_dir == str(moved.resolve())


@pytest.fixture
def hashed(monkeypatch):
    """The command line with the hashing embedder in place of the model."""
    monkeypatch.setattr("indexer.embed.embedder.Embedder", lambda *args, **kwargs: HashEmbedder())


def test_a_build_given_no_folder_reads_the_folder_its_index_was_built_from_and_says_so(full_index, tmp_path,
                                                                                      monkeypatch, hashed):
    archive, index, held = full_index
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(archive / "minutes", elsewhere / "archive" / "protokoller")  # a ./archive of other names
    monkeypatch.chdir(elsewhere)
    (archive / "minutes" / "ny.txt").write_text("Referat\n\nUdvalget drøftede huslejen på bostederne i kommunen.\n",
                                                encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--index", str(index)])
    assert result.exit_code == 0, result.output
    first, summary = result.stdout.strip().splitlines()[:2]
    assert first == f"building from {archive.resolve()} (the folder this index was built from)"
    assert summary.startswith(f"1 indexed, {held} unchanged, 0 removed")


def test_a_build_given_no_folder_whose_recorded_folder_is_gone_asks_for_the_new_one(full_index, tmp_path,
                                                                                   monkeypatch, hashed):
    archive, index, held = full_index
    archive.rename(tmp_path / "moved")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    shutil.copytree(tmp_path / "moved" / "minutes", tmp_path / "cwd" / "archive" / "protokoller")  # ./archive: not it
    result = CliRunner().invoke(main, ["build", "--index", str(index)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (
        f"Error: the folder the index {index} was built from, {archive.resolve()}, is gone: name the archive's new "
        f"folder (`python -m indexer build NEW_FOLDER --index {index}`)")
    # given another folder, the refusal names no folder that is gone in its command
    refused = CliRunner().invoke(main, ["build", "archive", "--index", str(index)])
    assert refused.exit_code == 1 and f"build {archive.resolve()}" not in refused.output
    assert f"(`python -m indexer build NEW_FOLDER --index {index}`)" in refused.output
    assert Manifest.read(index).documents == held
    assert CliRunner().invoke(main, ["build", str(tmp_path / "moved"), "--index", str(index)]).exit_code == 0


def test_a_new_index_given_no_folder_is_built_from_archive_in_the_current_folder(tmp_path, monkeypatch, hashed):
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive" / "minutes")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--index", "idx"])
    assert result.exit_code == 0 and "building from" not in result.output
    assert Manifest.read(tmp_path / "idx").archive_dir == str((tmp_path / "archive").resolve())
    (tmp_path / "archive").rename(tmp_path / "a")
    missing = CliRunner().invoke(main, ["build", "--index", "idx2"])
    assert missing.exit_code == 2 and "Directory 'archive' does not exist" in missing.output


def test_another_archive_sharing_a_file_with_the_index_replaces_nothing(full_index, tmp_path):
    archive, index, held = full_index
    other = tmp_path / "other"
    shutil.copytree(archive / "minutes", other / "protokoller")  # other names, and one file both hold:
    kept = sorted((archive / "minutes").iterdir())[0]
    (other / "minutes").mkdir()
    shutil.copy(kept, other / "minutes" / kept.name)
    result = CliRunner().invoke(main, ["build", str(other), "--index", str(index)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"holds {held} documents, only 1 of them in {other}" in result.output
    assert "nothing was replaced" in result.output and Manifest.read(index).documents == held


def test_a_moved_archive_with_some_files_gone_goes_on_in_its_index(full_index, tmp_path):
    archive, index, held = full_index
    moved = tmp_path / "moved"
    shutil.copytree(archive, moved)
    sorted((moved / "minutes").iterdir())[0].unlink()  # one record fewer where it is now
    report = build(moved, index, embedder=HashEmbedder())
    assert len(report.removed) == 1 and Manifest.read(index).documents == held - 1
