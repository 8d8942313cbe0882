# Sourced by app.sh and api.sh: bring the index up to date with the archive in the background while
# the server starts, and stop that build when the server stops. Every batch it committed is
# kept for the next start; the build's progress and summary go to the index's build.log.
# The archive and the index: INDEXER_ARCHIVE_DIR and INDEXER_INDEX_DIR (default archive/ and index/).
archive="${INDEXER_ARCHIVE_DIR:-archive}"
index="${INDEXER_INDEX_DIR:-index}"
mkdir -p "$index"
echo "Indexing $archive in the background (progress and summary: $index/build.log)"
(status=0
 python -m indexer build "$archive" --index "$index" >>"$index/build.log" 2>&1 || status=$?
 # A build stopped with the server (by a signal: 128 + its number) did not fail.
 if [ "$status" -ne 0 ] && [ "$status" -lt 128 ]; then echo "Indexing failed: see $index/build.log" >&2; fi) &
build=$!
trap 'pkill -P "$build" 2>/dev/null || true' EXIT
