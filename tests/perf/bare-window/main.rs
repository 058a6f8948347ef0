//! The web view's floor for `scripts/measure`: a bare Tauri window showing a static page, no
//! commands, no plugins, no database. Cartera's memory is judged against what this one uses,
//! measured the same way in the same run.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!(
            "tests/perf/bare-window/tauri.conf.json"
        ))
        .expect("the bare window runs");
}
