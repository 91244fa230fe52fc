#!/usr/bin/env bash
# Builds the real SurrealDB server (crate `surrealdb-server`, pinned) once into a cache outside the repo.
# Pinned to 3.0.2: the engine inside @surrealdb/node 3.0.x, so the loopback server and the real one run the same
# query engine and any difference between them is the transport's. Features are trimmed to what the tests need
# (no RocksDB C++ build, no JavaScript engine). Reuses the cache's target folder, so a rebuild is incremental.
#
#   scripts/build-real-server.sh          # builds if missing, prints the binary's path
#   SURREAL_CACHE=/some/dir scripts/...   # a different cache folder (default: ~/.cache/nestjs-surrealengine)
set -euo pipefail
VERSION=3.0.2
CACHE="${SURREAL_CACHE:-$HOME/.cache/nestjs-surrealengine}"
CRATE_DIR="$CACHE/surreal-$VERSION"
BIN="$CRATE_DIR/target/release/surreal"

if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi
command -v cargo >/dev/null || { echo "cargo is not installed: install Rust (rustup) to build the real server" >&2; exit 1; }

mkdir -p "$CRATE_DIR/src" "$CRATE_DIR/vendor"
SOURCE="$CRATE_DIR/vendor/surrealdb-server-$VERSION"
if [[ ! -d "$SOURCE" ]]; then
  curl -fsSL "https://static.crates.io/crates/surrealdb-server/surrealdb-server-$VERSION.crate" \
    | tar -xz -C "$CRATE_DIR/vendor"
  # rustc 1.95 needs a deeper query limit than the crate declares to lay out its largest async block
  # ("queries overflow the depth limit!" in src/dbs/mod.rs); the crate's own code is unchanged otherwise.
  sed -i 's/^#!\[deny(clippy::mem_forget)\]$/&\n#![recursion_limit = "256"]/' "$SOURCE/src/lib.rs"
  grep -q 'recursion_limit' "$SOURCE/src/lib.rs" || { echo "could not patch $SOURCE/src/lib.rs" >&2; exit 1; }
fi
# The server crate's own lockfile pins every transitive dependency to what 3.0.2 was released with.
[[ -f "$CRATE_DIR/Cargo.lock" ]] || cp "$SOURCE/Cargo.lock" "$CRATE_DIR/Cargo.lock"
cat > "$CRATE_DIR/Cargo.toml" <<TOML
[package]
name = "surreal"
version = "$VERSION"
edition = "2024"
publish = false

[dependencies]
surrealdb-server = { version = "=$VERSION", default-features = false, features = ["cli", "http", "storage-mem", "storage-surrealkv"] }

[patch.crates-io]
surrealdb-server = { path = "vendor/surrealdb-server-$VERSION" }

[profile.release]
debug = false
codegen-units = 16
TOML
cat > "$CRATE_DIR/src/main.rs" <<'RS'
// The `surreal` binary: the same entry point the official one runs (and the same query depth limit the library needs).
#![recursion_limit = "256"]
fn main() -> std::process::ExitCode {
	surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
RS
cd "$CRATE_DIR"
echo "building surrealdb-server $VERSION into $CRATE_DIR (long on 2 cores)" >&2
nice -n 10 cargo build --release >&2
echo "$BIN"
