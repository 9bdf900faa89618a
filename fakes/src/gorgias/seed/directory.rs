//! The fixed directory of the Northwind desk: account, agents, teams, tags, views,
//! custom fields and integrations. None of it depends on the seed.

use chrono::TimeDelta;
use serde_json::json;

use crate::gorgias::fixtures;
use crate::gorgias::store::{Account, CustomField, Integration, Tag, Team, User, View};
use crate::gorgias::wire_time::Time;

/// The fixed part of the store.
pub(crate) struct Directory {
    pub account: Account,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub tags: Vec<Tag>,
    pub views: Vec<View>,
    pub custom_fields: Vec<CustomField>,
    pub integrations: Vec<Integration>,
}

/// (first, last, role, country, timezone, bio)
const AGENTS: [(&str, &str, &str, &str, &str, &str); 8] = [
    ("Sarah", "Chen", "agent", "US", "US/Pacific", "Returns lead. Ask me about refunds and RMAs."),
    ("Marcus", "Okafor", "agent", "GB", "Europe/London", "UK & EU orders, carriers and customs."),
    ("Priya", "Natarajan", "admin", "US", "US/Eastern", "Support manager. Escalations go here."),
    ("Tom", "Fletcher", "agent", "AU", "Australia/Sydney", "APAC shift, product specialist."),
    ("Jess", "Morales", "agent", "US", "US/Central", "Chat and social, weekday mornings."),
    ("Daniel", "Kim", "basic-agent", "US", "US/Pacific", "Seasonal support, joined for peak."),
    ("Hannah", "Walsh", "internal-agent", "US", "US/Mountain", "Warehouse coordinator (Reno DC)."),
    ("Ollie", "Bennett", "agent", "GB", "Europe/London", "Part-time, evenings and weekends."),
];

/// (name, description, emoji, member ids)
const TEAMS: [(&str, &str, &str, &[u64]); 4] = [
    ("Tier 1 Support", "First line for every channel", "🎧", &[2, 5, 6, 7, 9]),
    ("Returns & Refunds", "RMAs, exchanges, refunds and warranty", "💸", &[2, 3, 4]),
    ("Warehouse team", "Lost, damaged and misrouted parcels", "📦", &[8, 3]),
    ("VIP Concierge", "Gold and Platinum members", "⭐", &[4, 5]),
];

/// (name, color, description); ids count from `REFUND_TAG_ID`.
pub(crate) const TAGS: [(&str, &str, &str); 20] = [
    ("refund", "#F58D86", "Customer is asking for money back"),
    ("return", "#F7B267", "Return in progress or requested"),
    ("exchange", "#A0C4FF", "Swap for another size or colour"),
    ("wrong-size", "#BDB2FF", "Ordered the wrong size"),
    ("damaged-item", "#E63946", "Arrived damaged or defective"),
    ("shipping-delay", "#FFD166", "Order late or stuck in transit"),
    ("lost-package", "#EF476F", "Carrier lost the parcel"),
    ("order-status", "#8ECAE6", "Where is my order"),
    ("address-change", "#90BE6D", "Change the delivery address"),
    ("cancellation", "#577590", "Cancel an order"),
    ("discount-request", "#F9C74F", "Discount codes and price matches"),
    ("payment-issue", "#F3722C", "Declined cards, double charges"),
    ("warranty", "#43AA8B", "Lifetime warranty claims"),
    ("product-question", "#4D908E", "Sizing, fabrics, care"),
    ("international", "#277DA1", "Shipping outside the US"),
    ("customs", "#F94144", "Duties and customs holds"),
    ("vip", "#FFBE0B", "Gold or Platinum loyalty member"),
    ("urgent", "#D00000", "Needs an answer today"),
    ("feedback", "#06D6A0", "Compliments and suggestions"),
    ("wholesale", "#6D597A", "Corporate and bulk orders"),
];

pub(crate) fn build(email: &str, now: Time) -> Directory {
    let founded = now - TimeDelta::days(900);
    let mut users = vec![User {
        id: fixtures::API_USER_ID,
        email: email.to_string(),
        firstname: "Demo".into(),
        lastname: "Admin".into(),
        role: "admin".into(),
        bio: "REST API user for integrations.".into(),
        country: "US".into(),
        timezone: "UTC".into(),
        created: founded,
    }];
    for (i, (first, last, role, country, tz, bio)) in AGENTS.iter().enumerate() {
        users.push(User {
            id: fixtures::SARAH_AGENT_ID + i as u64,
            email: format!("{}.{}@northwind.test", first.to_lowercase(), last.to_lowercase()),
            firstname: (*first).into(),
            lastname: (*last).into(),
            role: (*role).into(),
            bio: (*bio).into(),
            country: (*country).into(),
            timezone: (*tz).into(),
            created: founded + TimeDelta::days(30 + 70 * i as i64) + TimeDelta::minutes(613 * i as i64),
        });
    }
    let teams = TEAMS
        .iter()
        .enumerate()
        .map(|(i, (name, description, emoji, members))| Team {
            id: fixtures::TIER1_TEAM_ID + i as u64,
            name: (*name).into(),
            description: (*description).into(),
            emoji: (*emoji).into(),
            member_ids: members.to_vec(),
            created: founded + TimeDelta::days(20 + 40 * i as i64),
        })
        .collect();
    let tags = TAGS
        .iter()
        .enumerate()
        .map(|(i, (name, color, description))| Tag {
            id: fixtures::REFUND_TAG_ID + i as u64,
            name: (*name).into(),
            description: (*description).into(),
            color: (*color).into(),
            created: founded + TimeDelta::days(3 * i as i64) + TimeDelta::seconds(4_271 * i as i64),
        })
        .collect();
    Directory {
        account: Account { domain: fixtures::ACCOUNT_DOMAIN.into(), created: founded - TimeDelta::days(2) },
        users,
        teams,
        tags,
        views: views(now, founded),
        custom_fields: custom_fields(founded),
        integrations: integrations(founded),
    }
}

/// (name, emoji, filters, order_by, order_dir, shared with team ids)
type ViewSpec = (&'static str, &'static str, String, &'static str, &'static str, &'static [u64]);

fn views(now: Time, founded: Time) -> Vec<View> {
    let week_ago = (now - TimeDelta::days(7)).format("%Y-%m-%d").to_string();
    let closed_this_week =
        format!("eq(ticket.status, 'closed') && gte(ticket.closed_datetime, '{week_ago}')");
    let specs: [ViewSpec; 10] = [
        ("Open tickets", "📥", "eq(ticket.status, 'open')".into(), "updated_datetime", "desc", &[]),
        ("Unassigned", "🙋", "eq(ticket.status, 'open') && eq(ticket.assignee_user.id, null)".into(), "created_datetime", "asc", &[]),
        ("My tickets", "🙏", "eq(ticket.assignee_user.id, '{{current_user.id}}') && eq(ticket.status, 'open')".into(), "updated_datetime", "desc", &[]),
        (fixtures::URGENT_VIEW_NAME, "🔥", "containsAny(ticket.tags.name, ['refund']) && eq(ticket.priority, 'high')".into(), "updated_datetime", "desc", &[12]),
        ("Chat backlog", "💬", "eq(ticket.channel, 'chat') && eq(ticket.status, 'open')".into(), "created_datetime", "asc", &[11]),
        ("Closed this week", "✅", closed_this_week, "closed_datetime", "desc", &[]),
        ("Shipping problems", "🚚", "containsAny(ticket.tags.name, ['shipping-delay', 'lost-package', 'customs']) && eq(ticket.status, 'open')".into(), "updated_datetime", "desc", &[13]),
        ("VIP customers", "⭐", "containsAny(ticket.tags.name, ['vip']) && eq(ticket.status, 'open')".into(), "updated_datetime", "desc", &[14]),
        ("Spam", "🚫", "eq(ticket.spam, true)".into(), "updated_datetime", "desc", &[]),
        ("Trash", "🗑️", "neq(ticket.trashed_datetime, null)".into(), "updated_datetime", "desc", &[]),
    ];
    specs
        .into_iter()
        .enumerate()
        .map(|(i, (name, emoji, filters, order_by, order_dir, teams))| View {
            id: fixtures::OPEN_VIEW_ID + i as u64,
            slug: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            filters,
            search: None,
            order_by: order_by.into(),
            order_dir: order_dir.into(),
            emoji: emoji.into(),
            team_ids: teams.to_vec(),
            created: founded + TimeDelta::days(60 + 11 * i as i64),
        })
        .collect()
}

fn custom_fields(founded: Time) -> Vec<CustomField> {
    let field = |id,
                 object: &str,
                 label: &str,
                 description: &str,
                 priority,
                 choices: &[&str],
                 managed: Option<&str>| CustomField {
        id,
        object_type: object.into(),
        label: label.into(),
        description: description.into(),
        priority,
        required: priority == 1,
        choices: choices.iter().map(|c| c.to_string()).collect(),
        managed_type: managed.map(str::to_string),
        created: founded + TimeDelta::days(200 + i64::from(priority)),
    };
    vec![
        field(
            fixtures::CONTACT_REASON_FIELD_ID,
            "Ticket",
            "Contact reason",
            "Why the customer got in touch",
            1,
            &["Refund", "Shipping", "Product", "Exchange", "Other"],
            Some("contact_reason"),
        ),
        field(
            fixtures::ORDER_NUMBER_FIELD_ID,
            "Ticket",
            "Order number",
            "Shopify order name, e.g. NW-10001",
            2,
            &[],
            None,
        ),
        field(
            53,
            "Ticket",
            "Resolution",
            "How the ticket was resolved",
            3,
            &["Refunded", "Replaced", "Exchanged", "Information provided", "No action needed"],
            Some("resolution"),
        ),
        field(
            fixtures::LOYALTY_TIER_FIELD_ID,
            "Customer",
            "Loyalty tier",
            "Northwind Rewards tier",
            1,
            &["Bronze", "Silver", "Gold", "Platinum"],
            Some("customer_type"),
        ),
    ]
}

fn integrations(founded: Time) -> Vec<Integration> {
    vec![
        Integration {
            id: 5,
            name: "Support mailbox".into(),
            kind: "email".into(),
            meta: json!({ "address": "support@northwind.test", "verified": true }),
            http: None,
            created: founded + TimeDelta::days(1),
        },
        Integration {
            id: fixtures::SHOPIFY_INTEGRATION_ID,
            name: "northwind-outfitters".into(),
            kind: "shopify".into(),
            meta: json!({
                "shop_name": "northwind-outfitters",
                "shop_domain": "northwind-outfitters.myshopify.com",
                "currency": "USD", "sync_customer_notes": true,
            }),
            http: None,
            created: founded + TimeDelta::days(2),
        },
        Integration {
            id: 7,
            name: "Order lookup webhook".into(),
            kind: "http".into(),
            meta: json!({}),
            http: Some(json!({
                "url": "https://hooks.northwind.test/gorgias/ticket-events",
                "method": "POST",
                "request_content_type": "application/json",
                "response_content_type": "application/json",
                "headers": {},
                "form": null,
                "triggers": { "ticket-created": true, "ticket-updated": false, "ticket-message-created": true },
            })),
            created: founded + TimeDelta::days(410),
        },
    ]
}
