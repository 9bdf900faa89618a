//! Reads: ticket shape, CDATA, ListAll filters and paging, posts, search flags, references.

use super::{app, auth, get, send, ticket_ids, values};
use crate::kayako::fixtures as fx;

#[tokio::test]
async fn ticket_by_numeric_or_display_id_has_posts_and_exact_shape() {
    let (app, _) = app();
    let by_id = get(&app, &format!("/Tickets/Ticket/{}", fx::LOGIN_TICKET_ID)).await;
    let by_mask = get(&app, &format!("/Tickets/Ticket/{}", fx::LOGIN_TICKET_DISPLAY_ID)).await;
    assert_eq!(by_id.text, by_mask.text);
    let t = by_id.text;
    assert!(t.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tickets>\n<ticket id=\"1042\" flagtype=\"0\">\n<displayid><![CDATA[KXQ-318-40217]]></displayid>\n<departmentid><![CDATA[3]]></departmentid>\n"));
    assert!(t.ends_with("</posts>\n</ticket>\n</tickets>"));
    assert_eq!(values(&t, "subject"), [fx::LOGIN_TICKET_SUBJECT]);
    assert_eq!(values(&t, "ownerstaffname"), [fx::STAFF_FULL_NAME]);
    assert_eq!(values(&t, "email")[0], fx::HANNAH_EMAIL);
    assert_eq!(values(&t, "contents").len(), fx::LOGIN_TICKET_POSTS);
    assert!(t.contains("<note type=\"ticket\" id=\""));
    assert!(t.contains("creatorstaffname=\"Marcus Webb\""));
    assert!(t.contains("<watcher staffid=\"1\" name=\"Priya Raman\" />"));
    assert!(!t.contains("<attachments>"), "posts inside tickets carry no attachments");
}

#[tokio::test]
async fn cdata_terminators_are_split_and_raw_bytes_are_served() {
    let (app, _) = app();
    let r = get(&app, &format!("/Tickets/Ticket/{}", fx::CDATA_TICKET_ID)).await;
    assert!(
        r.text.contains("<subject><![CDATA[Email footer shows ]]]]><![CDATA[> after the update]]></subject>")
    );
    let r = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::NON_UTF8_TICKET_ID)).await;
    assert!(r.bytes.windows(fx::NON_UTF8_BYTES.len()).any(|w| w == fx::NON_UTF8_BYTES));
    assert!(std::str::from_utf8(&r.bytes).is_err());
}

#[tokio::test]
async fn listall_needs_a_department_and_defaults_to_unresolved() {
    let (app, _) = app();
    let none = get(&app, "/Tickets/Ticket/ListAll/-1/-1/-1/-1").await;
    assert!(ticket_ids(&none.text).is_empty(), "no department matches nothing");
    assert_eq!(none.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tickets>\n</tickets>");
    let open = get(&app, "/Tickets/Ticket/ListAll/3").await;
    let ids = ticket_ids(&open.text);
    assert!(ids.contains(&fx::LOGIN_TICKET_ID));
    assert!(!ids.contains(&fx::CLOSED_TICKET_ID), "-1 status means unresolved only");
    assert!(!open.text.contains("<posts>"));
    let closed = get(&app, &format!("/Tickets/Ticket/ListAll/3/{}", fx::CLOSED_STATUS_ID)).await;
    assert!(ticket_ids(&closed.text).contains(&fx::CLOSED_TICKET_ID));
}

#[tokio::test]
async fn listall_filters_csv_owner_user_and_pages_by_path_segments() {
    let (app, _) = app();
    let r =
        get(&app, &format!("/Tickets/Ticket/ListAll/1,2,3,4,5/1,2,3,4,5/-1/{}", fx::HANNAH_USER_ID)).await;
    let mut ids = ticket_ids(&r.text);
    ids.sort();
    assert_eq!(ids, [fx::CLOSED_TICKET_ID, fx::LOGIN_TICKET_ID]);
    let r = get(&app, "/Tickets/Ticket/ListAll/2/-1/0").await;
    assert!(ticket_ids(&r.text).contains(&fx::INVOICE_TICKET_ID), "owner 0 is unassigned");
    assert!(values(&r.text, "ownerstaffid").iter().all(|o| o == "0"));
    let all = ticket_ids(
        &get(&app, "/Tickets/Ticket/ListAll/1,2,3,4,5/-1/-1/-1/-1/0/lastactivity/DESC").await.text,
    );
    let page = ticket_ids(
        &get(&app, "/Tickets/Ticket/ListAll/1,2,3,4,5/-1/-1/-1/10/5/lastactivity/DESC").await.text,
    );
    assert_eq!(page, all[5..15]);
    let r = get(&app, "/Tickets/Ticket/ListAll/1,2,3,4,5/-1/-1/-1/10/5/lastactivity/DESC").await;
    let times: Vec<i64> = values(&r.text, "lastactivity").iter().map(|v| v.parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    // Query-string count is ignored, as on the real server.
    let q =
        send(&app, "GET", &format!("/api/index.php/Tickets/Ticket/ListAll/3?count=2&{}", auth()), None).await;
    assert!(ticket_ids(&q.text).len() > 2);
    // Unknown sort fields sort by ticket id.
    let ids = ticket_ids(&get(&app, "/Tickets/Ticket/ListAll/3/-1/-1/-1/-1/0/nonsense/ASC").await.text);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn posts_by_numeric_id_only_with_attachments() {
    let (app, _) = app();
    let r = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::LONG_TICKET_ID)).await;
    assert_eq!(values(&r.text, "contents").len(), fx::LONG_TICKET_POSTS);
    let masked = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::LONG_TICKET_DISPLAY_ID)).await;
    assert_eq!(masked.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<posts>\n</posts>");
    let inv = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::INVOICE_TICKET_ID)).await;
    assert!(inv.text.contains("<filename><![CDATA[statement.txt]]></filename>"));
    let huge = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::HUGE_TICKET_ID)).await;
    assert!(huge.bytes.len() > fx::HUGE_POST_MIN_BYTES);
    let html = get(&app, &format!("/Tickets/TicketPost/ListAll/{}", fx::HTML_TICKET_ID)).await;
    assert!(values(&html.text, "ishtml").iter().all(|v| v == "1"));
}

#[tokio::test]
async fn search_unions_flags_and_needs_one() {
    let (app, _) = app();
    let search = |body: String| {
        let app = app.clone();
        async move {
            let uri = format!("/api/index.php?e=/Tickets/TicketSearch&{}", auth());
            ticket_ids(&send(&app, "POST", &uri, Some(body)).await.text)
        }
    };
    assert!(search(format!("query={}", fx::INVOICE_NUMBER)).await.is_empty(), "no flag, no result");
    assert_eq!(search(format!("query={}&contents=1", fx::INVOICE_NUMBER)).await, [fx::INVOICE_TICKET_ID]);
    assert_eq!(
        search(format!("query={}&ticketid=1", fx::LOGIN_TICKET_DISPLAY_ID)).await,
        [fx::LOGIN_TICKET_ID]
    );
    let mut by_email = search(format!("query={}&creatoremail=1", fx::HANNAH_EMAIL)).await;
    by_email.sort();
    assert_eq!(by_email, [fx::CLOSED_TICKET_ID, fx::LOGIN_TICKET_ID]);
    assert_eq!(search("query=android+token&notes=1".to_string()).await, [fx::LOGIN_TICKET_ID]);
    assert!(
        search(format!("query={}&fullname=1&tags=1", fx::DANIEL_NAME)).await.contains(&fx::INVOICE_TICKET_ID)
    );
    assert!(search("query=Marcus+Webb&author=1".to_string()).await.contains(&fx::LOGIN_TICKET_ID));
    let capped = search("query=hi&contents=1".to_string()).await;
    assert_eq!(capped.len(), fx::SEARCH_RESULT_LIMIT);
}

#[tokio::test]
async fn reference_lists_serve_bare_listall_and_one() {
    let (app, _) = app();
    for route in ["/Base/Department", "/Base/Department/ListAll"] {
        assert_eq!(values(&get(&app, route).await.text, "title").len(), 6, "{route}");
    }
    let statuses = get(&app, "/Tickets/TicketStatus/ListAll").await.text;
    assert!(values(&statuses, "title").contains(&fx::OPEN_STATUS_NAME.to_string()));
    assert_eq!(values(&get(&app, "/Tickets/TicketStatus/3").await.text, "markasresolved"), ["1"]);
    assert_eq!(values(&get(&app, "/Tickets/TicketPriority").await.text, "title").len(), 5);
    assert_eq!(values(&get(&app, "/Tickets/TicketType").await.text, "title").len(), 5);
    let staff = get(&app, "/Base/Staff").await.text;
    assert!(staff.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<staffusers>"));
    assert_eq!(values(&staff, "fullname").len(), fx::STAFF_COUNT);
    assert_eq!(get(&app, "/Base/Department/99").await.text, "Department not Found");
    let users = get(&app, "/Base/User/Filter/1/1000").await.text;
    assert_eq!(values(&users, "email").len(), fx::USER_COUNT);
}
