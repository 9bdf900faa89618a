//! Named fixture data of the fake Open Help Desk that tests assert against: credentials,
//! people, groups, categories, statuses and the tickets the issue talks about.

/// API key of Priya Natarajan (Admin).
pub const ADMIN_KEY: &str = "ohd_sk_4d1f0a9c2b7e48f3a5c6d7e8f9a0b1c2";
/// API key of Tom Becker (Staff in Hardware Support and Service Desk).
pub const STAFF_KEY: &str = "ohd_sk_7b3e5c1d9a2f4e6b8c0d1e2f3a4b5c6d";
/// API key of Jonas Weber (User; reporter of OHD-2026-000293).
pub const USER_KEY: &str = "ohd_sk_2c9a8b7d6e5f4a3b2c1d0e9f8a7b6c5d";
/// OAuth2 client id (acts as Integration Bot, Admin).
pub const CLIENT_ID: &str = "ohd_client_helpdesk_mcp";
/// OAuth2 client secret.
pub const CLIENT_SECRET: &str = "ohd_cs_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

/// Admin.
pub const PRIYA_NAME: &str = "Priya Natarajan";
/// Staff, Hardware Support.
pub const AMELIE_NAME: &str = "Amélie Durand";
/// Amélie's email.
pub const AMELIE_EMAIL: &str = "amelie.durand@example.org";
/// Staff, Hardware Support and Service Desk (the staff key's owner).
pub const TOM_NAME: &str = "Tom Becker";
/// Staff, Software Team.
pub const MARC_NAME: &str = "Marc Olsen";
/// User (the user key's owner).
pub const JONAS_NAME: &str = "Jonas Weber";
/// Another User.
pub const SARA_NAME: &str = "Sara Lind";
/// The client-credentials account.
pub const BOT_NAME: &str = "Integration Bot";

/// Groups.
pub const HARDWARE_GROUP: &str = "Hardware Support";
/// Groups.
pub const SERVICE_DESK_GROUP: &str = "Service Desk";
/// Groups.
pub const SOFTWARE_GROUP: &str = "Software Team";

/// An active category with types and items.
pub const EQUIPMENT: &str = "Equipment";
/// A type of Equipment.
pub const LAPTOP_TYPE: &str = "Laptop";
/// An item of Equipment / Laptop.
pub const BATTERY_ITEM: &str = "Battery";
/// Another item of Equipment / Laptop.
pub const SCREEN_ITEM: &str = "Screen";
/// Another active category.
pub const ACCESS: &str = "Access & Accounts";
/// Another active category.
pub const SOFTWARE: &str = "Software";
/// An inactive category: never listed by `GET /categories`.
pub const INACTIVE_CATEGORY: &str = "Legacy Phones";

/// System statuses.
pub const STATUS_NEW: &str = "New";
/// Custom status.
pub const STATUS_IN_PROGRESS: &str = "In Progress";
/// Custom status.
pub const STATUS_WAITING: &str = "Waiting on customer";
/// System status.
pub const STATUS_RESOLVED: &str = "Resolved";
/// System status.
pub const STATUS_CLOSED: &str = "Closed";
/// An inactive custom status.
pub const STATUS_INACTIVE: &str = "Escalated (retired)";

/// The ticket of the issue: Jonas's swelling battery, Hardware Support, unassigned.
pub const TICKET_293: &str = "OHD-2026-000293";
/// Its subject.
pub const TICKET_293_SUBJECT: &str = "Laptop battery swelling after update";
/// Its internal note (by Amélie Durand).
pub const TICKET_293_NOTE: &str = "Battery batch 2024-Q3 is under recall; order a replacement, do not ship.";
/// A Software Team ticket Tom (staff key) cannot see.
pub const SOFTWARE_TICKET: &str = "OHD-2026-000291";
/// A ticket Sara reported (invisible to the user key).
pub const SARA_TICKET: &str = "OHD-2026-000290";
/// Tickets seeded.
pub const TICKET_COUNT: usize = 13;
