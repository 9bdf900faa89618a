//! Names, subjects and phrasings the generated desk is made of.

/// Customer first names.
pub(crate) const FIRST: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas", "Mia",
    "Oliver", "Amelia", "Elijah", "Harper", "James", "Evelyn", "Benjamin", "Abigail", "Henry", "Chloe",
    "Samuel", "Grace", "Mateo", "Zoe", "Arjun", "Leila", "Kenji", "Fatima", "Tomasz", "Ingrid", "Rafael",
    "Aisha", "Niamh", "Yusuf",
];
/// Customer last names.
pub(crate) const LAST: &[&str] = &[
    "Anderson",
    "Brooks",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ulrich",
    "Vargas",
    "Walsh",
    "Xu",
    "Young",
    "Zimmermann",
    "Novak",
    "Haddad",
    "Silva",
    "Kim",
];
/// Email domains customers write from.
pub(crate) const DOMAINS: &[&str] =
    &["example.com", "example.org", "example.net", "mail.example", "inbox.example"];
/// Customer organizations (id = index + 1).
pub(crate) const ORGANIZATIONS: &[&str] = &[
    "Harbor Property Group",
    "Northgate Offices",
    "Maple Street Apartments",
    "Kestrel Hotels",
    "Bluefin Dental",
];

/// Staff: first, last, designation (ids 1..=10; id 3 is the fixture staff member).
pub(crate) const STAFF: &[(&str, &str, &str)] = &[
    ("Priya", "Raman", "Support Lead"),
    ("Tom", "Gallagher", "Billing Specialist"),
    ("Marcus", "Webb", "Senior Support Engineer"),
    ("Sofia", "Lindqvist", "Support Engineer"),
    ("Kwame", "Mensah", "Support Engineer"),
    ("Elena", "Petrova", "Returns Coordinator"),
    ("Jamal", "Carter", "Sales Engineer"),
    ("Hye-jin", "Park", "Support Agent"),
    ("Lucia", "Ferraro", "Support Agent"),
    ("Owen", "Byrne", "Account Manager"),
];

/// A department's topic: its tags, then (subject, opening line) pairs.
pub(crate) type Topic = (&'static [&'static str], &'static [(&'static str, &'static str)]);

/// Per ticket department (index = id - 1).
pub(crate) const TOPICS: &[Topic] = &[
    (
        &["general", "question"],
        &[
            (
                "Question about warranty coverage",
                "Does the two-year warranty cover a hub bought from a reseller?",
            ),
            (
                "How do I change my account email?",
                "I moved to a new email address and want to update my Brightwave account.",
            ),
            (
                "Feedback on the new mobile app",
                "The new dashboard is great but the device list is hard to reorder.",
            ),
            (
                "Where is my order history?",
                "I cannot find my past orders anywhere in the app or the website.",
            ),
            (
                "Request for the installation manual",
                "Could you send me the PDF installation manual for the video doorbell?",
            ),
        ],
    ),
    (
        &["billing", "invoice"],
        &[
            (
                "Refund for cancelled subscription",
                "I cancelled my Plus subscription last week but was still charged.",
            ),
            (
                "Invoice shows the wrong VAT number",
                "Our company VAT number on the latest invoice is wrong, please correct it.",
            ),
            (
                "Update the credit card on file",
                "My card expires this month; how do I replace it without losing my plan?",
            ),
            (
                "Annual plan pricing question",
                "Is there a discount if we switch twelve homes to the annual plan?",
            ),
            (
                "Payment failed but the order went through",
                "The checkout said the payment failed, yet I got an order confirmation.",
            ),
        ],
    ),
    (
        &["technical", "hub"],
        &[
            (
                "Hub offline after firmware update",
                "Since last night's firmware update the hub shows offline in the app.",
            ),
            (
                "Smart plug will not pair",
                "The smart plug blinks blue but the app never finds it during pairing.",
            ),
            (
                "Motion sensor false alarms",
                "The hallway motion sensor triggers alarms at night when nobody is home.",
            ),
            (
                "Camera stream keeps buffering",
                "The outdoor camera stream buffers every few seconds on Wi-Fi.",
            ),
            (
                "Thermostat shows the wrong temperature",
                "The thermostat reads 4 degrees higher than a separate thermometer.",
            ),
            (
                "App crashes on startup",
                "The Android app crashes right after the splash screen since the update.",
            ),
        ],
    ),
    (
        &["sales", "quote"],
        &[
            (
                "Bulk order for an office building",
                "We are fitting out a six-floor office and need pricing for 120 sensors.",
            ),
            (
                "Reseller partnership enquiry",
                "We run an electronics shop and would like to become an authorised reseller.",
            ),
            (
                "Quote for 40 smart plugs",
                "Please send a quote for 40 smart plugs delivered to our warehouse.",
            ),
            (
                "Demo request for property managers",
                "Could we book a demo of the multi-home dashboard for our team?",
            ),
        ],
    ),
    (
        &["returns", "rma"],
        &[
            ("Return label not received", "I requested a return ten days ago but never received the label."),
            ("Doorbell damaged on arrival", "The video doorbell arrived with a cracked faceplate."),
            ("Exchange for a different colour", "Can I exchange the white thermostat for the black one?"),
            ("RMA status check", "What is the status of my RMA? The hub was sent back two weeks ago."),
        ],
    ),
];

/// Staff replies, any topic.
pub(crate) const STAFF_REPLIES: &[&str] = &[
    "Thanks for reaching out. Could you send the serial number printed under the device?",
    "I have escalated this to our engineering team and will update you as soon as I hear back.",
    "Please try restarting the hub by holding the reset button for ten seconds, then let me know.",
    "I've applied the change on our side; it can take up to an hour to show in the app.",
    "Sorry for the trouble. I've issued a prepaid return label to your email address.",
    "Good news: this is fixed in version 4.2.1, which is rolling out today.",
];

/// Customer follow-ups, any topic.
pub(crate) const USER_REPLIES: &[&str] = &[
    "Thanks, I tried that but it still does the same thing.",
    "Here is the serial number: BW-HUB-2231-7781. Let me know if you need anything else.",
    "That worked, thank you so much for the quick help!",
    "Any update on this? It has been a few days.",
    "I have attached a screenshot of the error message.",
];
