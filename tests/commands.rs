//! The shell's commands over real IPC, without a desktop: Tauri's mock runtime invokes them
//! exactly as the UI does (JSON in, JSON out) against a real SQLite file.

use cartera_app::store::Store;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

struct App {
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn app() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open the database");
    let app = cartera_app::with_commands(mock_builder())
        .manage(store)
        .build(mock_context(noop_assets()))
        .expect("build the app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("build the webview");
    App { webview, _dir: dir }
}

impl App {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("json response"))
    }
}

fn input(name: &str, email: Option<&str>) -> Value {
    json!({
        "kind": "company", "name": name, "taxId": null, "phone": null, "email": email,
        "whatsapp": null, "address": null, "city": "Sevilla", "segment": "Mayorista",
        "tags": ["VIP"], "status": "active", "colour": "red", "profile": null
    })
}

#[test]
fn create_then_list_over_ipc() {
    let app = app();
    let created = app
        .invoke(
            "create_client",
            json!({ "input": input("Ferretería López", None) }),
        )
        .expect("create succeeds");
    assert_eq!(created["name"], "Ferretería López");
    assert_eq!(created["tags"], json!(["VIP"]));

    let page = app
        .invoke(
            "list_clients",
            json!({ "request": { "filter": { "search": "ferreteria", "segmentId": null,
                "tagId": null, "colour": null, "status": null },
                "sort": "name", "after": null, "limit": 50 } }),
        )
        .expect("list succeeds");
    assert_eq!(page["items"][0]["id"], created["id"]);
    assert_eq!(page["next"], Value::Null);
    assert_eq!(
        app.invoke("is_database_empty", json!({})).unwrap(),
        json!(false)
    );
}

#[test]
fn validation_error_reaches_the_ui_as_kind_message_field() {
    let app = app();
    let error = app
        .invoke(
            "create_client",
            json!({ "input": input("Bodegas Ruiz", Some("not-an-email")) }),
        )
        .expect_err("a malformed e-mail is refused");
    assert_eq!(error["kind"], "validation");
    assert_eq!(
        error["field"], "email",
        "the form needs the field to put the error under it"
    );
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn trash_and_restore_over_ipc() {
    let app = app();
    let created = app
        .invoke(
            "create_client",
            json!({ "input": input("Talleres Gil", None) }),
        )
        .unwrap();
    let id = created["id"].clone();
    app.invoke("trash_client", json!({ "id": id })).unwrap();
    let trash = app
        .invoke("list_trash", json!({ "after": null, "limit": 20 }))
        .unwrap();
    assert_eq!(trash["items"][0]["id"], id);
    let missing = app
        .invoke(
            "update_client",
            json!({ "id": id, "input": input("X", None) }),
        )
        .expect_err("a trashed client cannot be edited");
    assert_eq!(missing["kind"], "not_found");
    app.invoke("restore_client", json!({ "id": id })).unwrap();
    let count = app
        .invoke(
            "count_clients",
            json!({ "filter": { "search": null, "segmentId": null, "tagId": null,
                "colour": null, "status": null } }),
        )
        .unwrap();
    assert_eq!(count, json!(1));
}
