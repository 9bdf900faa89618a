//! Anchors tests rely on: credentials, fixed ids and names that never depend on the seed.

/// Basic-auth user the fake accepts by default (also the API user's email).
pub const EMAIL: &str = "api@northwind.test";
/// Basic-auth password the fake accepts by default.
pub const API_KEY: &str = "nw-demo-3c1f9a7e5b";
/// The account subdomain `GET /api/account` reports.
pub const ACCOUNT_DOMAIN: &str = "northwind";

/// The API user ("Demo Admin"), what `GET /api/users/0` returns.
pub const API_USER_ID: u64 = 1;
/// Name of the API user.
pub const API_USER_NAME: &str = "Demo Admin";
/// An agent who owns the refund fixture ticket.
pub const SARAH_AGENT_NAME: &str = "Sarah Chen";
/// Sarah Chen's user id.
pub const SARAH_AGENT_ID: u64 = 2;
/// Sarah Chen's email.
pub const SARAH_EMAIL: &str = "sarah.chen@northwind.test";
/// Number of agents besides the API user.
pub const AGENT_COUNT: usize = 8;

/// "Tier 1 Support" team id.
pub const TIER1_TEAM_ID: u64 = 11;
/// "Returns & Refunds" team id.
pub const RETURNS_TEAM_ID: u64 = 12;
/// "Warehouse team" team id.
pub const WAREHOUSE_TEAM_ID: u64 = 13;

/// The `refund` tag id.
pub const REFUND_TAG_ID: u64 = 301;
/// View "Open tickets" (`eq(ticket.status, 'open')`).
pub const OPEN_VIEW_ID: u64 = 21;
/// View "My tickets", filtered on `{{current_user.id}}`.
pub const MY_TICKETS_VIEW_ID: u64 = 23;
/// Name of the view `containsAny(ticket.tags.name, ['refund']) && eq(ticket.priority, 'high')`.
pub const URGENT_VIEW_NAME: &str = "Urgent refunds";
/// Id of [`URGENT_VIEW_NAME`].
pub const URGENT_VIEW_ID: u64 = 24;
/// Ticket custom field "Contact reason" (dropdown).
pub const CONTACT_REASON_FIELD_ID: u64 = 51;
/// Ticket custom field "Order number" (text).
pub const ORDER_NUMBER_FIELD_ID: u64 = 52;
/// Customer custom field "Loyalty tier".
pub const LOYALTY_TIER_FIELD_ID: u64 = 61;
/// The Shopify integration (key of customers' `integrations` blobs).
pub const SHOPIFY_INTEGRATION_ID: u64 = 6;

/// "Refund not received": Alice Johnson, open, normal, email, Sarah Chen, tag refund, 3 messages.
pub const REFUND_TICKET_ID: u64 = 4521;
/// Subject of [`REFUND_TICKET_ID`].
pub const REFUND_TICKET_SUBJECT: &str = "Refund not received";
/// Messages in [`REFUND_TICKET_ID`].
pub const REFUND_TICKET_MESSAGES: usize = 3;
/// Alice Johnson's customer id.
pub const ALICE_CUSTOMER_ID: u64 = 1001;
/// Alice Johnson's display name.
pub const ALICE_NAME: &str = "Alice Johnson";
/// Alice Johnson's email.
pub const ALICE_EMAIL: &str = "alice.johnson@example.com";
/// Tickets Alice Johnson has in total.
pub const ALICE_TICKET_COUNT: usize = 3;
/// A customer with exactly two tickets (one is #4518 "Wrong item, want refund").
pub const BOB_NAME: &str = "Bob Smith";
/// Bob Smith's customer id.
pub const BOB_CUSTOMER_ID: u64 = 1002;
/// Bob Smith's email.
pub const BOB_EMAIL: &str = "bob.smith@example.org";
/// Tickets Bob Smith has in total.
pub const BOB_TICKET_COUNT: usize = 2;
/// Bob's open ticket "Wrong item, want refund".
pub const BOB_TICKET_ID: u64 = 4518;

/// "Ongoing issue with bulk corporate order": 250 messages, so clients must follow cursors.
pub const LONG_TICKET_ID: u64 = 4600;
/// Messages in [`LONG_TICKET_ID`] (3 pages at limit 100).
pub const LONG_TICKET_MESSAGES: usize = 250;
/// Rich HTML bodies, entities, a blockquote, a signature, an internal note and a quoted
/// customer reply whose `stripped_text` is null.
pub const HTML_TICKET_ID: u64 = 4601;
/// The order reference that occurs in exactly one ticket.
pub const ORDER_REF: &str = "NW-10234";
/// The only ticket mentioning [`ORDER_REF`].
pub const ORDER_TICKET_ID: u64 = 4602;
/// A ticket whose single message body is about 200 KB (for output caps).
pub const HUGE_TICKET_ID: u64 = 4603;
/// Lower bound of the huge message's `body_text` length in bytes.
pub const HUGE_BODY_MIN_BYTES: usize = 200_000;

/// Every fixture ticket id; generated tickets skip these.
pub const FIXTURE_TICKET_IDS: [u64; 9] = [4455, 4472, 4490, 4518, 4521, 4600, 4601, 4602, 4603];
/// The first generated ticket id (generated ids count up from here, skipping fixtures).
pub const FIRST_GENERATED_TICKET_ID: u64 = 4100;
/// Tickets with the default options (320 generated + the fixtures).
pub const TOTAL_TICKETS: usize = 320 + FIXTURE_TICKET_IDS.len();
/// Generated tickets that are in the trash (they are listed unless `trashed=false`).
pub const TRASHED_TICKETS: usize = 3;

/// The macro whose reply text explains the prepaid return label.
pub const RETURN_LABEL_MACRO_ID: u64 = 703;
/// Its name.
pub const RETURN_LABEL_MACRO_NAME: &str = "Return label: how to print it";
/// Words its reply text contains.
pub const RETURN_LABEL_MACRO_PHRASE: &str = "prepaid return label";
/// Unarchived macros (one more is archived).
pub const MACRO_COUNT: usize = 6;
/// The archived macro's name (listed only with `archived=true`).
pub const ARCHIVED_MACRO_NAME: &str = "Holiday shipping cut-off 2025";
