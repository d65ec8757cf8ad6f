#!/usr/bin/env bash
# Rebuilds every module from source, offline, with Debian's Rust toolchain,
# and copies each .wasm to dist/<name>.wasm.
#
# Needs: apt-get install rustc cargo libstd-rust-dev-wasm32 \
#          librust-syn-dev librust-quote-dev librust-proc-macro2-dev
# (.cargo/config.toml points cargo at /usr/share/cargo/registry and /usr/bin/rustc.)
set -euo pipefail
cd "$(dirname "$0")"

CARGO=${CARGO:-/usr/bin/cargo}
export RUSTC=${RUSTC:-/usr/bin/rustc}
# Source paths end up in the wasm (panic locations). Strip the checkout's
# absolute path so every checkout builds the same bytes and panics name
# files relative to modules/ (e.g. `bindings/src/table.rs`).
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$PWD/="
MODULES=(quickstart-chat guide bank feature-schedule feature-views feature-procedures feature-hostile feature-syntax feature-minimal feature-lifecycle migrate-v1 migrate-v2 migrate-v3 migrate-refused migrate-constraints)

if [[ ! -d /usr/lib/rustlib/wasm32-unknown-unknown ]]; then
  echo "missing the wasm32 standard library: apt-get install libstd-rust-dev-wasm32" >&2
  exit 1
fi

"$CARGO" build --release --target wasm32-unknown-unknown --offline

mkdir -p dist
for m in "${MODULES[@]}"; do
  src="target/wasm32-unknown-unknown/release/${m//-/_}.wasm"
  cp "$src" "dist/$m.wasm"
  printf '%-28s %8d bytes\n' "dist/$m.wasm" "$(stat -c %s "dist/$m.wasm")"
done

if command -v node >/dev/null 2>&1; then
  node tools/inspect.mjs dist/*.wasm > target/inspect.txt && echo "inspect: ok (target/inspect.txt)"
  node tools/selftest.mjs
fi
