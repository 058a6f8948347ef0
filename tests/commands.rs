//! The shell's commands over real IPC, without a desktop: Tauri's mock runtime invokes them
//! exactly as the UI does (JSON in, JSON out) against a real SQLite file.

use cartera_app::startup;
use cartera_app::store::Store;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;
use tauri::WebviewWindowBuilder;

struct App {
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn app() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_path_buf();
    // The app's own start path: the database opened by `startup::begin` (nothing to start on
    // a desktop here: no tray, no scheduler).
    let app = cartera_app::with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("build the app");
    startup::begin(app.handle(), Ok(data), Box::new(|_, _| {}));
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
    assert_eq!(count, json!({ "total": 1, "moreThan": false }));
}

/// A date `days` from today, as the follow-up form sends it.
fn in_days(days: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(days)).to_string()
}

fn company(app: &App, name: &str) -> Value {
    app.invoke("create_client", json!({ "input": input(name, None) }))
        .expect("create succeeds")
}

#[test]
fn the_database_opens_through_the_start_path() {
    let app = app();
    let status = app.invoke("startup_status", json!({})).unwrap();
    assert_eq!(
        status["failure"],
        Value::Null,
        "a fresh folder opens: no recovery screen"
    );
    assert!(matches!(status["language"].as_str(), Some("es" | "en")));
}

#[test]
fn a_follow_up_lives_its_life_over_ipc() {
    let app = app();
    let client = company(&app, "Ferretería López");
    let planned = app
        .invoke(
            "create_follow_up",
            json!({ "clientId": client["id"], "input": { "action": "call",
                "purpose": "ofrecer nueva lista de precios", "dueDate": in_days(2),
                "dueTime": "10:00:00", "recurrence": null } }),
        )
        .expect("planned");
    assert_eq!(planned["dueDate"], in_days(2));
    let id = planned["id"].clone();
    let listed = app
        .invoke("client_follow_ups", json!({ "clientId": client["id"] }))
        .unwrap();
    assert!(listed.as_array().unwrap().iter().any(|f| f["id"] == id));

    let moved = app
        .invoke(
            "reschedule_follow_up",
            json!({ "id": id, "date": in_days(3), "time": null }),
        )
        .unwrap();
    assert_eq!(moved["dueDate"], in_days(3));
    assert_eq!(moved["dueTime"], Value::Null);
    app.invoke(
        "snooze_follow_up",
        json!({ "id": id, "choice": "tomorrow_morning" }),
    )
    .unwrap();

    // A one-off has no occurrences gone by to log.
    let went_by = app
        .invoke("missed_occurrences", json!({ "id": id }))
        .unwrap();
    assert_eq!(went_by, json!([]));
    let done = app
        .invoke(
            "complete_follow_up",
            json!({ "id": id, "outcome": "interested", "note": "Quiere 20 cajas",
                    "missed": "log" }),
        )
        .unwrap();
    assert_eq!(done["interaction"]["summary"], "Quiere 20 cajas");
    let history = app
        .invoke(
            "client_history",
            json!({ "clientId": client["id"], "filter": { "show": null, "noteKind": null },
                    "after": null, "limit": 10 }),
        )
        .unwrap();
    let first = &history["items"][0];
    assert_eq!(
        (&first["type"], &first["summary"], &first["missed"]),
        (&json!("contact"), &json!("Quiere 20 cajas"), &json!(false))
    );
    assert_eq!(history["next"], json!(null));
    let stats = app
        .invoke("contact_stats", json!({ "clientId": client["id"] }))
        .unwrap();
    assert_eq!(stats["contacts30Days"], 1);
    let again = app
        .invoke(
            "complete_follow_up",
            json!({ "id": id, "outcome": "reached", "note": "", "missed": "forget" }),
        )
        .expect_err("a follow-up is completed once");
    assert!(matches!(
        again["kind"].as_str(),
        Some("conflict" | "not_found")
    ));
}

#[test]
fn a_follow_up_in_the_year_ten_thousand_is_refused_with_the_allowed_range() {
    let app = app();
    let client = company(&app, "Bodegas Ruiz");
    let error = app
        .invoke(
            "create_follow_up",
            json!({ "clientId": client["id"], "input": { "action": "visit", "purpose": "",
                "dueDate": "+10000-01-01", "dueTime": null, "recurrence": null } }),
        )
        .expect_err("refused");
    assert_eq!(error["kind"], "validation");
    assert_eq!(error["field"], "dueDate");
    assert_eq!(error["fields"][0]["rule"], "date_out_of_range");
    assert!(error["fields"][0]["from"].is_string() && error["fields"][0]["to"].is_string());
}

#[test]
fn every_bad_field_comes_back_at_once() {
    let app = app();
    let mut bad = input("", Some("ana@"));
    bad["phone"] = json!("12");
    let error = app
        .invoke("create_client", json!({ "input": bad }))
        .expect_err("refused");
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["name", "phone", "email"]);
}

#[test]
fn the_agenda_and_its_lists_carry_whole_counts_over_ipc() {
    let app = app();
    let client = company(&app, "Talleres Gil");
    app.invoke(
        "create_follow_up",
        json!({ "clientId": client["id"], "input": { "action": "visit", "purpose": "",
            "dueDate": in_days(1), "dueTime": null, "recurrence": null } }),
    )
    .unwrap();
    let none = json!({ "colour": null, "action": null });
    let agenda = app.invoke("get_agenda", json!({ "filter": none })).unwrap();
    let total = agenda["overdueTotal"].as_u64().unwrap()
        + agenda["dueTodayTotal"].as_u64().unwrap()
        + agenda["upcomingTotal"].as_u64().unwrap();
    assert!(total >= 1, "the visit and the red regime's call: {agenda}");
    let calls_only = json!({ "colour": null, "action": "call" });
    let monday = chrono::Utc::now()
        .date_naive()
        .week(chrono::Weekday::Mon)
        .first_day();
    let week = app
        .invoke(
            "get_week",
            json!({ "monday": monday.to_string(), "filter": calls_only }),
        )
        .unwrap();
    let days = week["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    for day in days {
        let items = day["items"].as_array().unwrap();
        assert!(items.iter().all(|i| i["action"] == "call"));
        assert_eq!(
            day["total"],
            items.len(),
            "each day carries its whole count"
        );
    }
    for list in ["waiting", "quiet"] {
        let request = json!({ "request": { "list": list, "after": null, "limit": 200 } });
        let chase = app.invoke("get_chase", request).unwrap();
        assert!(chase["total"].is_u64(), "{list} carries its whole count");
    }
}

#[test]
fn settings_over_ipc_default_from_the_core_and_refuse_no_working_day() {
    let app = app();
    let settings = app.invoke("get_settings", json!({})).unwrap();
    assert_eq!(settings["planning"]["digestTime"], "08:00:00");
    assert_eq!(settings["planning"]["workingDays"], json!([1, 2, 3, 4, 5]));
    let mut none = settings.clone();
    none["planning"]["workingDays"] = json!([]);
    let error = app
        .invoke("save_settings", json!({ "settings": none }))
        .expect_err("a business works at least one day");
    assert_eq!(error["kind"], "validation");
    assert_eq!(error["field"], "workingDays");
    let mut saturday = settings;
    saturday["planning"]["workingDays"] = json!([6, 1, 2, 3, 4, 5]);
    let saved = app
        .invoke("save_settings", json!({ "settings": saturday }))
        .unwrap();
    assert_eq!(saved["planning"]["workingDays"], json!([1, 2, 3, 4, 5, 6]));
}

#[test]
fn missed_reminders_are_listed_and_dismissed_over_ipc() {
    use cartera_core::reminders::delivery::{self, Delivery};
    use cartera_core::reminders::Notification;
    let app = app();
    {
        let store = app.webview.state::<Store>();
        let mut conn = store.blocking_connection();
        let tx = conn.transaction().unwrap();
        let now = chrono::Utc::now();
        let note = Notification {
            title: "Llamar a Ana".into(),
            body: "10:00".into(),
        };
        delivery::enqueue(&tx, &[note], now).unwrap();
        for attempt in 0..delivery::MAX_ATTEMPTS {
            let at = now + delivery::RETRY_AFTER * attempt as i32;
            let out = delivery::to_deliver(&tx, at).unwrap();
            let refused: Vec<_> = out
                .iter()
                .map(|o| (o.id.clone(), Delivery::Refused("no daemon".into())))
                .collect();
            delivery::record(&tx, &refused, at).unwrap();
        }
        tx.commit().unwrap();
    }
    let missed = app.invoke("missed_notifications", json!({})).unwrap();
    assert_eq!(missed["total"], 1);
    assert_eq!(missed["items"][0]["title"], "Llamar a Ana");
    app.invoke(
        "dismiss_missed_notifications",
        json!({ "ids": [missed["items"][0]["id"]] }),
    )
    .unwrap();
    let after = app.invoke("missed_notifications", json!({})).unwrap();
    assert_eq!(after["total"], 0);
}

#[test]
fn the_tax_id_check_warns_over_ipc() {
    let app = app();
    assert_eq!(
        app.invoke("check_tax_id", json!({ "taxId": "12345678A" }))
            .unwrap(),
        "wrong_control"
    );
    assert_eq!(
        app.invoke("check_tax_id", json!({ "taxId": "12345678-Z" }))
            .unwrap(),
        "valid"
    );
}

#[test]
fn the_calendar_export_writes_a_new_file_each_time_over_ipc() {
    // The Downloads folder of a temporary home (the XDG user-dirs file names it). Only this
    // test reads the user folders, so changing the environment here disturbs no other test.
    let home = tempfile::tempdir().expect("temp home");
    let downloads = home.path().join("Descargas");
    std::fs::create_dir_all(&downloads).unwrap();
    std::fs::write(
        home.path().join("user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )
    .unwrap();
    std::env::set_var("XDG_CONFIG_HOME", home.path());

    let app = app();
    let client = company(&app, "Ferretería López");
    app.invoke(
        "create_follow_up",
        json!({ "clientId": client["id"], "input": { "action": "call",
            "purpose": "precios; nueva tarifa", "dueDate": in_days(2), "dueTime": null,
            "recurrence": null } }),
    )
    .unwrap();
    let first = app.invoke("export_calendar", json!({})).unwrap();
    let second = app.invoke("export_calendar", json!({})).unwrap();
    let (first, second) = (first.as_str().unwrap(), second.as_str().unwrap());
    assert_ne!(first, second, "a second export never overwrites the first");
    assert!(
        first.starts_with(&downloads.display().to_string()),
        "{first}"
    );
    assert!(second.ends_with(" (2).ics"), "{second}");
    let ics = std::fs::read_to_string(first).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains("PRODID:-//Cartera//"));
    assert!(
        ics.contains("precios\\; nueva tarifa"),
        "text is escaped: {ics}"
    );
}

#[test]
fn restoring_a_backup_is_refused_while_the_database_is_open() {
    let app = app();
    let error = app
        .invoke("restore_latest_backup", json!({}))
        .expect_err("the open database is never set aside");
    assert_eq!(error["kind"], "conflict");
    assert_eq!(error["field"], "backup");
}
