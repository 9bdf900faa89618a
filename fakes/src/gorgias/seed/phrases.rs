//! Topic-independent phrases: greetings, sign-offs, nudges, thanks and survey comments.

pub(crate) const CUSTOMER_GREETINGS: [&str; 5] =
    ["Hi,", "Hello,", "Hi there,", "Hello Northwind team,", "Hi team,"];

pub(crate) const CUSTOMER_SIGNOFFS: [&str; 5] =
    ["Thanks,", "Thank you,", "Cheers,", "Best,", "Kind regards,"];

pub(crate) const AGENT_SIGNOFFS: [&str; 4] = ["Best,", "Kind regards,", "Thanks again,", "Have a great day,"];

/// Nudges a customer sends when nothing has happened.
pub(crate) const CUSTOMER_NUDGES: [&str; 8] = [
    "Any update on this?",
    "Hi, just following up on my previous message.",
    "It's been a couple of days, is there any news?",
    "Hello? Still waiting to hear back.",
    "Sorry to chase, but could someone look at this today?",
    "Is anyone there? I've sent two emails now.",
    "Just checking in again. Thanks.",
    "Could you give me an update please? I need to plan around this.",
];

/// Nudges in live channels, where minutes pass rather than days.
pub(crate) const CHAT_NUDGES: [&str; 5] =
    ["still there?", "hello?", "any news?", "ok thanks, I'll wait", "sorry, is anyone looking at this?"];

/// How a satisfied customer ends a thread.
pub(crate) const CUSTOMER_THANKS: [&str; 7] = [
    "Perfect, thank you so much!",
    "Great, thanks for your help.",
    "Brilliant, that's sorted then. Thanks!",
    "Thank you, really appreciate the quick response.",
    "Amazing service, thanks again.",
    "Got it, thanks!",
    "Thanks, all good now 👍",
];

/// Agent messages that keep a longer case moving.
pub(crate) const AGENT_CHECKINS: [&str; 7] = [
    "Just a quick update: I'm still waiting to hear back from the team and will follow up with them again this afternoon.",
    "Thanks for your patience while we look into this. I've escalated it to our operations lead.",
    "I've double-checked everything on our side and I'm waiting on one last confirmation.",
    "Sorry for the slow reply, we've had a very busy week. I'm on it now.",
    "I haven't forgotten about you! I'm expecting an answer from our team by tomorrow.",
    "Could you confirm the best phone number to reach you on, in case it's quicker to sort this out by phone?",
    "I've added a note to your account so anyone on the team can pick this up if I'm out.",
];

/// Agent check-ins in live channels.
pub(crate) const CHAT_CHECKINS: [&str; 4] = [
    "Thanks for waiting, I'm just checking that for you now.",
    "Still here! Bear with me one more minute.",
    "I'm just confirming with a colleague, won't be long.",
    "Sorry for the wait, nearly there.",
];

/// Closing lines agents use when they resolve a ticket.
pub(crate) const AGENT_CLOSERS: [&str; 4] = [
    "Glad we could sort this out. I'll close this ticket, but just reply if anything else comes up.",
    "You're very welcome! I'll mark this as resolved.",
    "Happy to help, and enjoy the new gear!",
    "No problem at all, have a great day.",
];

/// Survey comments by score band.
pub(crate) const SURVEY_GOOD: [&str; 6] = [
    "The agent was fantastic, super quick!",
    "Fast and friendly, thank you.",
    "Problem solved in one email. Great service.",
    "Very helpful, will shop again.",
    "Easy exchange, no hassle.",
    "Great communication throughout.",
];

pub(crate) const SURVEY_BAD: [&str; 4] = [
    "Took over a week to get an answer.",
    "Had to chase three times.",
    "Still don't have my refund.",
    "The bot kept sending me the same link.",
];
