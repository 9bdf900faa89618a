//! Conversation material per contact reason: subjects, first messages, agent answers,
//! follow-ups and internal notes, with `{placeholders}` filled per ticket.

mod orders;
mod products;
mod returns;
mod shipping;

use super::catalog::Kind;

/// One concrete situation within a topic; every field describes the same story.
#[derive(Debug)]
pub(crate) struct Scenario {
    pub subjects: &'static [&'static str],
    /// First customer message, email style (greeting and sign-off are added around it).
    pub opener: &'static str,
    /// The same first message for chat, SMS, social and voicemail.
    pub quick: &'static str,
    /// The agent's first answer.
    pub reply: &'static str,
    /// The customer's answer to it.
    pub followup: &'static str,
    /// The agent message that settles the case.
    pub resolution: &'static str,
    /// What an agent notes internally about it.
    pub note: &'static str,
    /// Product families the story fits (empty: any product).
    pub kinds: &'static [Kind],
}

/// One kind of support request: its scenarios and how tickets about it are filed.
#[derive(Debug)]
pub(crate) struct Topic {
    pub key: &'static str,
    /// Relative frequency among generated tickets.
    pub weight: u32,
    pub scenarios: &'static [Scenario],
    pub tags: &'static [&'static str],
    /// Value of the "Contact reason" custom field.
    pub reason: &'static str,
    /// Value of the "Resolution" custom field once closed.
    pub resolution: &'static str,
    pub intent: &'static str,
    /// Team the ticket is routed to.
    pub team: u64,
    /// Percent chance of high priority.
    pub urgency: u32,
    pub needs_order: bool,
    /// The customer sends photos, so the ticket comes in by email or contact form.
    pub photos: bool,
}

/// Every regular topic, weighted by `weight`.
pub(crate) const ALL: [&Topic; 15] = [
    &shipping::WHERE_IS_MY_ORDER,
    &shipping::LOST_PACKAGE,
    &shipping::CUSTOMS,
    &shipping::ADDRESS_CHANGE,
    &returns::REFUND_NOT_RECEIVED,
    &returns::DAMAGED_ITEM,
    &returns::WRONG_SIZE,
    &returns::RETURN_REQUEST,
    &returns::WARRANTY,
    &orders::DISCOUNT_CODE,
    &orders::CANCEL_ORDER,
    &orders::PAYMENT_DECLINED,
    &orders::FEEDBACK,
    &products::SIZING,
    &products::WATERPROOFING,
];

/// Unsolicited pitches that land in the support inbox and get marked as spam.
pub(crate) const SPAM: [(&str, &str); 5] = [
    (
        "Boost your store's Google ranking in 30 days",
        "Hello Northwind Outfitters team,\n\nI came across your website and noticed it is not ranking on the first page for \"waterproof hiking jackets\". Our SEO specialists can get you there in 30 days, guaranteed.\n\nCan I send over a free audit?\n\nRegards,\nKevin | RankBoost Digital",
    ),
    (
        "Partnership opportunity - 2M followers",
        "Hi!! We run a network of outdoor lifestyle pages with 2M+ followers. We'd love to feature Northwind products for a small fee of $499 per post. Reply PARTNER to get started.",
    ),
    (
        "URGENT: Your domain listing expires today",
        "Your domain northwind.test listing in our business directory expires today. Renew now to avoid losing your search visibility: https://renew-directory.test/nw\n\nDomain Services Dept.",
    ),
    (
        "Cheap wholesale jackets direct from factory",
        "Dear buyer,\n\nWe are manufacturer of outdoor jackets, MOQ 50 pcs, price from $6.90. Custom logo OK. Please check our catalogue and contact us on WhatsApp.\n\nBest wishes\nLinda",
    ),
    (
        "Re: Invoice #88231 overdue",
        "Please find the overdue invoice attached and settle it via the secure portal below within 24 hours.\n\nhttps://secure-invoices.test/pay/88231\n\nAccounts team",
    ),
];

/// Spammy sender names and addresses.
pub(crate) const SPAMMERS: [(&str, &str, &str); 3] = [
    ("Kevin", "Marsh", "kevin@rankboost.test"),
    ("Linda", "Zhou", "sales@factory-direct.test"),
    ("Domain", "Services", "noreply@renew-directory.test"),
];
