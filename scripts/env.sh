# Sourced by the scripts: one build folder outside the clone, reused by every checkout and CI
# run on this machine (a fresh clone then builds in seconds, not minutes).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cartera/target}"
export PATH="$HOME/.cargo/bin:$PATH"
