//! Signatures, the three URL forms and the plain-text error bodies.

use axum::http::StatusCode;

use super::{app, auth, form, get, send};
use crate::kayako::auth::sign;
use crate::kayako::fixtures as fx;

#[tokio::test]
async fn signed_requests_pass_in_all_three_url_forms() {
    let (app, control) = app();
    for uri in [
        format!("/api/index.php?e=/Base/Department&{}", auth()),
        format!("/api/index.php?/Base/Department&{}", auth()),
        format!("/api/index.php/Base/Department?{}", auth()),
    ] {
        let r = send(&app, "GET", &uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.text.contains("<title><![CDATA[Technical Support]]></title>"), "{uri}");
    }
    assert_eq!(control.count("GET", "/Base/Department"), 3, "every form records the same route");
}

#[tokio::test]
async fn missing_bad_or_foreign_credentials_are_401_access_denied() {
    let (app, control) = app();
    let salt = "42";
    let good = sign(fx::SECRET_KEY, salt);
    let cases = [
        String::new(),
        form(&[("apikey", fx::API_KEY), ("salt", salt)]),
        form(&[("apikey", fx::API_KEY), ("salt", salt), ("signature", &sign("not-the-secret", salt))]),
        form(&[("apikey", fx::API_KEY), ("salt", "43"), ("signature", &good)]),
        form(&[("apikey", "someone-else"), ("salt", salt), ("signature", &good)]),
    ];
    for query in cases {
        let r = send(&app, "GET", &format!("/api/index.php/Base/Department?{query}"), None).await;
        assert_eq!((r.status, r.text.as_str()), (StatusCode::UNAUTHORIZED, "Access Denied"), "{query}");
    }
    assert!(control.requests().iter().all(|r| !r.authorized));
}

#[tokio::test]
async fn post_auth_may_come_in_the_body_or_the_query() {
    let (app, _) = app();
    let body = format!("query={}&fullname=1", fx::HANNAH_NAME);
    let r =
        send(&app, "POST", &format!("/api/index.php?e=/Tickets/TicketSearch&{}", auth()), Some(body.clone()))
            .await;
    assert_eq!(r.status, StatusCode::OK);
    // Unsigned POST (the morozsm bug) is refused.
    let r = send(&app, "POST", "/api/index.php/Tickets/TicketSearch", Some(body)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn documented_error_texts_are_plain() {
    let (app, _) = app();
    let r = get(&app, "/Tickets/Ticket/999999").await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::NOT_FOUND, "Ticket not Found"));
    let r = get(&app, "/Tickets/Ticket").await;
    assert_eq!(
        (r.status, r.text.as_str()),
        (StatusCode::BAD_REQUEST, "Not Implemented, Call /Tickets/Ticket/ListAll instead.")
    );
    let r = get(&app, "/Tickets/TicketPost").await;
    assert_eq!(r.text, "Not Implemented, Call /Tickets/TicketPost/ListAll instead.");
    let r = get(&app, "/Tickets/TicketSearch").await;
    assert_eq!(
        (r.status, r.text.as_str()),
        (StatusCode::BAD_REQUEST, "Not Implemented, Call POST /Tickets/TicketSearch instead.")
    );
    let r = get(&app, &format!("/Tickets/TicketPost/{}/{}", fx::LOGIN_TICKET_ID, 999_999)).await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::NOT_FOUND, "Ticket Post not Found"));
    let r = send(&app, "GET", "/elsewhere", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn post_of_another_ticket_is_400() {
    let (app, _) = app();
    let posts = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::INVOICE_TICKET_ID)).await;
    let other_post = super::values(&posts.text, "ticketpostid")[0].clone();
    let r = get(&app, &format!("/Tickets/TicketPost/{}/{other_post}", fx::LOGIN_TICKET_ID)).await;
    assert_eq!(
        (r.status, r.text.as_str()),
        (StatusCode::BAD_REQUEST, "Post does not belong to the specified ticket")
    );
}
