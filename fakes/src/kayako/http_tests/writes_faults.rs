//! Writes (visible afterwards, logged) and injected faults.

use axum::http::StatusCode;

use super::{app, get, ticket_ids, values, write};
use crate::control::{Fault, FaultKind};
use crate::kayako::fixtures as fx;

#[tokio::test]
async fn create_ticket_then_read_it_back() {
    let (app, control) = app();
    let fields = [
        ("subject", "Doorbell chime too quiet"),
        ("fullname", "New Person"),
        ("email", "new.person@example.com"),
        ("contents", "The chime is barely audible."),
        ("departmentid", "3"),
        ("ticketstatusid", "1"),
        ("ticketpriorityid", "2"),
        ("tickettypeid", "1"),
        ("autouserid", "1"),
    ];
    let r = write(&app, "POST", "/Tickets/Ticket", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let id = ticket_ids(&r.text)[0];
    assert!(!r.text.contains("<posts>"));
    let back = get(&app, &format!("/Tickets/Ticket/{id}")).await;
    assert_eq!(values(&back.text, "subject"), ["Doorbell chime too quiet"]);
    assert_eq!(control.count_writes("POST", "/Tickets/Ticket"), 1);
    let missing = write(&app, "POST", "/Tickets/Ticket", &fields[1..]).await;
    assert_eq!((missing.status, missing.text.as_str()), (StatusCode::BAD_REQUEST, "No subject specified"));
    assert_eq!(control.writes().len(), 1, "rejected writes are not logged");
}

#[tokio::test]
async fn reply_note_and_update_are_visible_afterwards() {
    let (app, control) = app();
    let id = fx::LOGIN_TICKET_ID.to_string();
    let r = write(
        &app,
        "POST",
        "/Tickets/TicketPost",
        &[("ticketid", &id), ("contents", "Fixed in 4.2.1"), ("staffid", "3")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let posts = get(&app, &format!("/Tickets/TicketPost/ListAll/{id}")).await;
    assert_eq!(values(&posts.text, "contents").last().map(String::as_str), Some("Fixed in 4.2.1"));
    let r = write(
        &app,
        "POST",
        "/Tickets/TicketNote",
        &[("ticketid", &id), ("contents", "Call back Friday"), ("staffid", "3")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let notes = get(&app, &format!("/Tickets/TicketNote/ListAll/{id}")).await;
    assert!(notes.text.contains("Call back Friday"));
    let r = write(
        &app,
        "PUT",
        &format!("/Tickets/Ticket/{id}"),
        &[("ticketstatusid", "3"), ("ownerstaffid", "1"), ("subject", "Login fixed")],
    )
    .await;
    assert_eq!(values(&r.text, "statusid"), ["3"]);
    let t = get(&app, &format!("/Tickets/Ticket/{id}")).await;
    assert_eq!(values(&t.text, "subject"), ["Login fixed"]);
    assert_eq!(values(&t.text, "ownerstaffname"), ["Priya Raman"]);
    let bad = write(&app, "PUT", &format!("/Tickets/Ticket/{id}"), &[("ticketstatusid", "99")]).await;
    assert_eq!((bad.status, bad.text.as_str()), (StatusCode::BAD_REQUEST, "Invalid Ticket Status ID"));
    let methods: Vec<String> = control.writes().iter().map(|w| format!("{} {}", w.method, w.path)).collect();
    assert_eq!(
        methods,
        [
            "POST /Tickets/TicketPost",
            "POST /Tickets/TicketNote",
            format!("PUT /Tickets/Ticket/{id}").as_str()
        ]
    );
}

#[tokio::test]
async fn faults_match_the_route_in_any_url_form() {
    let (app, control) = app();
    let route = format!("/Tickets/Ticket/{}", fx::LOGIN_TICKET_ID);
    control.inject(
        Fault::new(&route, FaultKind::Status { code: 503, body: None, retry_after: None }).with_times(2),
    );
    let r = get(&app, &route).await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable"));
    let r = super::send(&app, "GET", &format!("/api/index.php?e={route}&{}", super::auth()), None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&app, &route).await.status, StatusCode::OK, "used up");
    control.inject(Fault::new("/Tickets", FaultKind::InvalidXml));
    assert!(get(&app, &route).await.text.ends_with("<ticket id=\"1\""));
    control.inject(Fault::new("/Tickets", FaultKind::Huge { bytes: 300_000 }));
    assert_eq!(get(&app, &route).await.bytes.len(), 300_000);
    control.inject(
        Fault::new("/Base", FaultKind::Redirect { location: "http://elsewhere.test/".into() })
            .with_method("GET"),
    );
    assert_eq!(get(&app, "/Base/Department").await.status, StatusCode::FOUND);
    control.inject(Fault::new(
        "/Base",
        FaultKind::Status { code: 429, body: Some("slow down".into()), retry_after: Some(3) },
    ));
    let r = get(&app, "/Base/Department").await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::TOO_MANY_REQUESTS, "slow down"));
    assert_eq!(control.count("GET", "/Tickets/Ticket"), 5);
}

#[tokio::test]
async fn hang_honours_client_timeouts_and_latency_applies() {
    let (app, control) = app();
    control.inject(Fault::new("/Base/Staff", FaultKind::Hang));
    let hung = tokio::time::timeout(std::time::Duration::from_millis(100), get(&app, "/Base/Staff")).await;
    assert!(hung.is_err());
    control.set_latency(std::time::Duration::from_millis(60));
    let t0 = std::time::Instant::now();
    assert_eq!(get(&app, "/Base/Staff").await.status, StatusCode::OK);
    assert!(t0.elapsed() >= std::time::Duration::from_millis(60));
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let fake = crate::kayako::FakeKayako::start(crate::kayako::KayakoOptions::default()).await.unwrap();
    assert!(fake.api_url().ends_with("/api/index.php"));
    let addr = fake.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(fake);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
