//! Anchors tests rely on: tokens, fixed ticket numbers, names and texts that never depend
//! on `TickitiOptions::seed`. The desk belongs to "Trailhead Outfitters", an outdoor-gear shop.

use super::auth::Token;

/// Every ability and the superuser role (the token `--demo tickiti` uses).
pub const FULL_TOKEN: &str = "tk_full_7Qm2Vx9LpR4sN8cJ3hT6yW1bZ5dF0gKa";
/// `tickets:write`, `settings:read`, `workflow:read`, `reports:read`; role staff: a support agent.
pub const AGENT_TOKEN: &str = "tk_agent_4Hs8Kd2Pq7Lm1Xn6Vb3Rz9Tw5Yc0Fj";
/// `tickets:read`, `reports:read`, `settings:read`, `workflow:read`; role staff: read-only.
pub const READ_TOKEN: &str = "tk_read_9Zx1Cv5Bn3Mq7Wt2Ek8Ry6Ui4Op0As";
/// `tickets:read` only; role staff.
pub const TICKETS_ONLY_TOKEN: &str = "tk_tick_2Gh6Jk0Lq4Wr8Ty1Ui5Op9As3Df7Zx";

/// Plan features of the default install.
pub const PLAN: [&str; 5] =
    ["has_reports", "has_escalations", "has_interventions", "has_resolution_tracking", "has_ai_assistant"];

/// The tokens a default fake accepts.
pub fn tokens() -> Vec<Token> {
    let mut full = Token::new(FULL_TOKEN, &["*"], "superuser");
    full.sysadmin = false;
    vec![
        full,
        Token::new(
            AGENT_TOKEN,
            &["tickets:write", "settings:read", "workflow:read", "reports:read"],
            "staff",
        ),
        Token::new(READ_TOKEN, &["tickets:read", "reports:read", "settings:read", "workflow:read"], "staff"),
        Token::new(TICKETS_ONLY_TOKEN, &["tickets:read"], "staff"),
    ]
}

/// "Return label never arrived": Priya Raman, queue Returns, Open, assigned to Tomás Rivera;
/// responses: customer (mentions [`ORDER_NUMBER`]), internal note by Maya Lindqvist, public
/// staff reply by Tomás Rivera (quotes the customer), customer.
pub const RETURN_TICKET: u64 = 220_009;
/// Subject of [`RETURN_TICKET`].
pub const RETURN_SUBJECT: &str = "Return label never arrived";
/// Responses of [`RETURN_TICKET`].
pub const RETURN_RESPONSES: usize = 4;
/// Order number found only in the responses of [`RETURN_TICKET`].
pub const ORDER_NUMBER: &str = "ORD-58213";
/// Text of the internal note on [`RETURN_TICKET`].
pub const RETURN_NOTE: &str = "Checked the carrier portal: the label was generated but the email bounced.";
/// "Boots sole separating after two hikes": Daniel Osei, queue Support, On Hold, Jonah Abara.
pub const BOOTS_TICKET: u64 = 220_014;
/// Subject of [`BOOTS_TICKET`].
pub const BOOTS_SUBJECT: &str = "Boots sole separating after two hikes";
/// "Refund for a duplicate charge": Priya Raman, queue Billing, Resolved as "Refund issued".
pub const REFUND_TICKET: u64 = 220_021;

/// The customer of [`RETURN_TICKET`] and [`REFUND_TICKET`].
pub const PRIYA_NAME: &str = "Priya Raman";
/// Her email.
pub const PRIYA_EMAIL: &str = "priya.raman@example.test";
/// The customer of [`BOOTS_TICKET`].
pub const DANIEL_NAME: &str = "Daniel Osei";
/// His email.
pub const DANIEL_EMAIL: &str = "daniel.osei@example.test";

/// Staff "Maya Lindqvist" (id 1, admin): the user of [`FULL_TOKEN`].
pub const MAYA_EMAIL: &str = "maya.lindqvist@trailhead.test";
/// Staff "Tomás Rivera" (id 2), assignee of [`RETURN_TICKET`].
pub const TOMAS_NAME: &str = "Tomás Rivera";
/// His email.
pub const TOMAS_EMAIL: &str = "tomas.rivera@trailhead.test";
/// Staff members.
pub const STAFF_COUNT: usize = 6;

/// Queue "Returns" (id 2).
pub const RETURNS_QUEUE: &str = "Returns";
/// Queues.
pub const QUEUE_COUNT: usize = 4;
/// Perspective "Returns queue" (id 2): columns ticket number, subject, originator email, created.
pub const RETURNS_PERSPECTIVE: &str = "Returns queue";
/// Its id.
pub const RETURNS_PERSPECTIVE_ID: u64 = 2;
/// Watchlist "VIP customers" (id 1), holding [`RETURN_TICKET`] and [`BOOTS_TICKET`].
pub const VIP_WATCHLIST: &str = "VIP customers";
/// Stock response "Return label" (id 1).
pub const RETURN_LABEL_STOCK: &str = "Return label";
/// Words of its text.
pub const RETURN_LABEL_TEXT: &str = "prepaid return label";
/// Template "damaged_item".
pub const DAMAGED_TEMPLATE: &str = "damaged_item";
/// Its subject.
pub const DAMAGED_SUBJECT: &str = "We're sorry your order arrived damaged";
/// Generated tickets when seeded (numbers from 220100).
pub const GENERATED_TICKETS: usize = 200;
