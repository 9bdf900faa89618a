//! Anchors tests rely on: credentials and fixed ids, names and texts that never depend on
//! `KayakoOptions::seed`. The desk belongs to "Brightwave", a small smart-home company.

/// The API key the fake accepts by default (Admin CP > REST API > API Information).
pub const API_KEY: &str = "6f1c2b9e-4d7a-4e35-a0c8-93b51d7e2f64";
/// The secret key signatures are checked against by default.
pub const SECRET_KEY: &str =
    "ZTM0YjdmYzEtMGQ5Zi0xYjA0LTRkYzctNjQ1OWUxYjNmMmE4N2QwYjE2YmMtNjY0MC1hNDA0LTk1YjctNzQ4ZWMwYWM5ZGE1";
/// The `t_resultlimit` a default fake applies to TicketSearch.
pub const SEARCH_RESULT_LIMIT: usize = 100;

/// Department "General" (id 1).
pub const GENERAL_DEPARTMENT_ID: u64 = 1;
/// Department "Billing" (id 2), where [`INVOICE_TICKET_ID`] lives.
pub const BILLING_DEPARTMENT_ID: u64 = 2;
/// Department "Technical Support" (id 3), where [`LOGIN_TICKET_ID`] lives.
pub const TECH_DEPARTMENT_ID: u64 = 3;
/// Title of [`TECH_DEPARTMENT_ID`].
pub const TECH_DEPARTMENT_NAME: &str = "Technical Support";
/// A live-chat department (`module` livechat): it exists but holds no tickets.
pub const LIVECHAT_DEPARTMENT_ID: u64 = 6;
/// Ticket departments (module tickets); [`LIVECHAT_DEPARTMENT_ID`] is the sixth department.
pub const TICKET_DEPARTMENT_IDS: [u64; 5] = [1, 2, 3, 4, 5];

/// Status "Open" (id 1, unresolved).
pub const OPEN_STATUS_ID: u64 = 1;
/// Title of [`OPEN_STATUS_ID`].
pub const OPEN_STATUS_NAME: &str = "Open";
/// Status "In Progress" (id 2, unresolved).
pub const IN_PROGRESS_STATUS_ID: u64 = 2;
/// Status "Closed" (id 3, `markasresolved` 1: left out when ListAll's status is `-1`).
pub const CLOSED_STATUS_ID: u64 = 3;
/// Title of [`CLOSED_STATUS_ID`].
pub const CLOSED_STATUS_NAME: &str = "Closed";
/// Status "On Hold" (id 4, unresolved).
pub const ON_HOLD_STATUS_ID: u64 = 4;
/// Priority "High" (id 3).
pub const HIGH_PRIORITY_ID: u64 = 3;
/// Ticket type "Issue" (id 1).
pub const ISSUE_TYPE_ID: u64 = 1;

/// Staff members (ids 1..=10).
pub const STAFF_COUNT: usize = 10;
/// Staff "Marcus Webb", owner of [`LOGIN_TICKET_ID`].
pub const STAFF_ID: u64 = 3;
/// Full name of [`STAFF_ID`].
pub const STAFF_FULL_NAME: &str = "Marcus Webb";
/// Email of [`STAFF_ID`].
pub const STAFF_EMAIL: &str = "marcus.webb@brightwave.test";
/// Users (customers), ids 1..=150.
pub const USER_COUNT: usize = 150;

/// "Cannot log in after password reset": Hannah Okafor, Technical Support, Open, High, owner
/// Marcus Webb, 3 posts (user, staff, user), one staff note, tags `login password`.
pub const LOGIN_TICKET_ID: u64 = 1042;
/// Display (mask) id of [`LOGIN_TICKET_ID`].
pub const LOGIN_TICKET_DISPLAY_ID: &str = "KXQ-318-40217";
/// Subject of [`LOGIN_TICKET_ID`].
pub const LOGIN_TICKET_SUBJECT: &str = "Cannot log in after password reset";
/// Posts in [`LOGIN_TICKET_ID`].
pub const LOGIN_TICKET_POSTS: usize = 3;
/// Requester of [`LOGIN_TICKET_ID`].
pub const HANNAH_NAME: &str = "Hannah Okafor";
/// Email of [`HANNAH_NAME`].
pub const HANNAH_EMAIL: &str = "hannah.okafor@example.com";
/// User id of [`HANNAH_NAME`].
pub const HANNAH_USER_ID: u64 = 7;
/// Tickets Hannah Okafor has in total (the login ticket and one closed one).
pub const HANNAH_TICKET_COUNT: usize = 2;

/// "Charged twice for the March invoice": Daniel Ruiz, Billing, In Progress, unassigned.
pub const INVOICE_TICKET_ID: u64 = 1057;
/// Display id of [`INVOICE_TICKET_ID`].
pub const INVOICE_TICKET_DISPLAY_ID: &str = "BRW-552-18306";
/// Subject of [`INVOICE_TICKET_ID`].
pub const INVOICE_TICKET_SUBJECT: &str = "Charged twice for the March invoice";
/// Requester of [`INVOICE_TICKET_ID`].
pub const DANIEL_NAME: &str = "Daniel Ruiz";
/// Email of [`DANIEL_NAME`].
pub const DANIEL_EMAIL: &str = "daniel.ruiz@example.org";
/// User id of [`DANIEL_NAME`].
pub const DANIEL_USER_ID: u64 = 12;
/// The invoice number quoted only in [`INVOICE_TICKET_ID`]'s first post.
pub const INVOICE_NUMBER: &str = "INV-20418";

/// "Hub keeps dropping off Wi-Fi": a conversation of [`LONG_TICKET_POSTS`] posts.
pub const LONG_TICKET_ID: u64 = 1100;
/// Display id of [`LONG_TICKET_ID`].
pub const LONG_TICKET_DISPLAY_ID: &str = "LNG-100-00001";
/// Posts in [`LONG_TICKET_ID`] (more than 100, alternating user and staff).
pub const LONG_TICKET_POSTS: usize = 140;
/// A ticket whose posts are HTML (`ishtml` 1): tables, entities, a quoted reply, a signature.
pub const HTML_TICKET_ID: u64 = 1101;
/// Display id of [`HTML_TICKET_ID`].
pub const HTML_TICKET_DISPLAY_ID: &str = "HTM-101-00002";
/// A ticket whose single post is about 2 MB (a pasted debug log).
pub const HUGE_TICKET_ID: u64 = 1102;
/// Lower bound of the huge post's `contents` length in bytes.
pub const HUGE_POST_MIN_BYTES: usize = 2_000_000;
/// A ticket whose first post carries Latin-1 bytes (`Caf\xe9 M\xfcller`), served raw, not UTF-8.
pub const NON_UTF8_TICKET_ID: u64 = 1103;
/// The raw bytes inside [`NON_UTF8_TICKET_ID`]'s first post.
pub const NON_UTF8_BYTES: &[u8] = b"Caf\xe9 M\xfcller";
/// A ticket whose subject contains `]]>`, so it is split across two CDATA sections.
pub const CDATA_TICKET_ID: u64 = 1104;
/// Subject of [`CDATA_TICKET_ID`].
pub const CDATA_TICKET_SUBJECT: &str = "Email footer shows ]]> after the update";
/// A closed ticket of Hannah Okafor's ("Thermostat schedule resets", status Closed).
pub const CLOSED_TICKET_ID: u64 = 1003;

/// Every fixture ticket id; generated tickets skip these.
pub const FIXTURE_TICKET_IDS: [u64; 8] = [1003, 1042, 1057, 1100, 1101, 1102, 1103, 1104];
/// The first generated ticket id (generated ids count up from here, skipping fixtures).
pub const FIRST_TICKET_ID: u64 = 1001;
/// Tickets with the default options (generated + fixtures).
pub const TOTAL_TICKETS: usize = 300;
