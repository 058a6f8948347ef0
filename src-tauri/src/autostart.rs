//! "Start at login": the platform's autostart entry exists if and only if the setting is on.
//! Applied when the setting is saved and reconciled at every start (the user may have removed
//! the entry by hand, or the app moved). On Linux the entry is an XDG autostart `.desktop`
//! file in `$XDG_CONFIG_HOME/autostart`, written here because the autostart plugin always
//! writes to `~/.config` and leaves the path unquoted; elsewhere the plugin's (the registry on
//! Windows, a LaunchAgent on macOS).

use tauri::{AppHandle, Manager, Runtime};

/// Managed by the desktop app alone: an app without it (the shell's IPC tests on the mock
/// runtime) never touches the user's real autostart entry.
pub struct Managed;

/// Brings the autostart entry in line with the setting.
#[cfg(target_os = "linux")]
pub fn apply<R: Runtime>(app: &AppHandle<R>, wanted: bool) -> Result<(), String> {
    if app.try_state::<Managed>().is_none() {
        return Ok(());
    }
    let dir = xdg::autostart_dir().ok_or("no home folder for the autostart entry")?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    xdg::apply(&dir, &exe, wanted).map_err(|e| e.to_string())
}

/// Brings the autostart entry in line with the setting.
#[cfg(not(target_os = "linux"))]
pub fn apply<R: Runtime>(app: &AppHandle<R>, wanted: bool) -> Result<(), String> {
    use tauri_plugin_autostart::AutoLaunchManager;
    if app.try_state::<Managed>().is_none() {
        return Ok(());
    }
    // Absent in the shell's tests (the mock runtime has no plugins): nothing to apply there.
    let Some(launcher) = app.try_state::<AutoLaunchManager>() else {
        return Ok(());
    };
    if wanted {
        launcher.enable().map_err(|e| e.to_string())
    } else if launcher.is_enabled().map_err(|e| e.to_string())? {
        launcher.disable().map_err(|e| e.to_string())
    } else {
        Ok(())
    }
}

#[cfg(target_os = "linux")]
pub mod xdg {
    //! The XDG autostart entry (freedesktop.org Desktop Application Autostart Specification).

    use std::path::{Path, PathBuf};

    use crate::HIDDEN_FLAG;

    /// The entry's file name inside the autostart folder.
    pub const ENTRY: &str = "cartera.desktop";

    /// `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart`.
    pub fn autostart_dir() -> Option<PathBuf> {
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(config.join("autostart"))
    }

    /// Writes the entry for `exe` (started hidden, in the tray) when `wanted`, else removes it.
    /// Rewritten every time, so an app that moved is found at its new place.
    pub fn apply(dir: &Path, exe: &Path, wanted: bool) -> std::io::Result<()> {
        let file = dir.join(ENTRY);
        if !wanted {
            return match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        std::fs::create_dir_all(dir)?;
        let entry = format!(
            "[Desktop Entry]\nType=Application\nName=Cartera\n\
             Comment=Agenda de clientes: recordatorios al iniciar la sesión\n\
             Comment[en]=Client agenda: reminders from login\n\
             Exec={} {HIDDEN_FLAG}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
            exec_quoted(exe)
        );
        let partial = dir.join(format!("{ENTRY}.partial"));
        std::fs::write(&partial, entry)?;
        std::fs::rename(partial, file)
    }

    /// The program path as the Exec key wants it: in double quotes with `"`, `` ` ``, `$` and
    /// `\` escaped, and every backslash doubled again because Exec is a string value.
    fn exec_quoted(exe: &Path) -> String {
        let mut out = String::from("\"");
        for c in exe.display().to_string().chars() {
            match c {
                '\\' => out.push_str("\\\\\\\\"),
                '"' | '`' | '$' => {
                    out.push_str("\\\\");
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_entry_exists_if_and_only_if_the_setting_is_on() {
            let dir = tempfile::tempdir().unwrap();
            let autostart = dir.path().join("autostart");
            let exe = Path::new("/opt/Mis Programas/cartera");
            apply(&autostart, exe, true).unwrap();
            let entry = std::fs::read_to_string(autostart.join(ENTRY)).unwrap();
            assert!(
                entry.contains("Exec=\"/opt/Mis Programas/cartera\" --hidden\n"),
                "starts hidden, and a path with spaces must stay one argument: {entry}"
            );
            apply(&autostart, exe, true).unwrap();
            apply(&autostart, exe, false).unwrap();
            assert!(!autostart.join(ENTRY).exists(), "off means no entry");
            apply(&autostart, exe, false).unwrap();
        }

        #[test]
        fn special_characters_in_the_path_are_escaped() {
            assert_eq!(
                exec_quoted(Path::new("/a$b/c\"d")),
                "\"/a\\\\$b/c\\\\\"d\"".to_string()
            );
        }
    }
}
