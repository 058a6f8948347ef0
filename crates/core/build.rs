//! Rebuilds the core when a migration is added, removed or changed: `include_dir!` embeds the
//! files but does not watch the folder, so a new migration alone would not reach the binary.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
