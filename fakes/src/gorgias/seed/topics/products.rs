//! Pre-sale product questions: sizing and fabric performance.

use super::{Scenario, Topic};
use crate::gorgias::fixtures::TIER1_TEAM_ID;
use crate::gorgias::seed::catalog::{SHELLS, SIZED};

pub(crate) const SIZING: Topic = Topic {
    key: "sizing",
    weight: 7,
    scenarios: &[
        Scenario {
            subjects: &["Sizing question - {product}", "Does the {product} run small?"],
            opener: "I'm usually a {size} in most brands but some reviews say the {product} runs small. Should I size up to {new_size}?",
            quick: "does the {product} run small? normally {size}",
            reply: "Great question! The {product} has an athletic fit, so if you're between sizes or plan to layer underneath, we recommend going up one. I'd go for the {new_size}. Full size chart: {url}",
            followup: "Perfect, ordering the {new_size} now.",
            resolution: "You're welcome! Exchanges are free if it doesn't fit, so no risk.",
            note: "Customer comparing with another brand's sizing, recommended one size up.",
            kinds: SIZED,
        },
        Scenario {
            subjects: &["Which size should I get?"],
            opener: "Do you have a size chart for the {product}? I can't find the measurements anywhere on the product page, and I'm between a {size} and a {new_size}.",
            quick: "hi! what size {product} should I get? between {size} and {new_size}",
            reply: "The {product} is true to size. The full measurements are on our size guide at {url}. If you're between a {size} and a {new_size}, pick the {new_size} for more room.",
            followup: "Thanks, that's really helpful.",
            resolution: "Happy to help, enjoy it!",
            note: "Size chart link missing on the {product} page, reported to the web team.",
            kinds: SIZED,
        },
    ],
    tags: &["product-question"],
    reason: "Product",
    resolution: "Information provided",
    intent: "product/sizing",
    team: TIER1_TEAM_ID,
    urgency: 0,
    needs_order: false,
    photos: false,
};

pub(crate) const WATERPROOFING: Topic = Topic {
    key: "waterproofing",
    weight: 4,
    scenarios: &[
        Scenario {
            subjects: &["Is the {product} fully waterproof?", "Waterproof rating question"],
            opener: "I'm planning a week of hiking in Scotland in October. Is the {product} fully waterproof or just water resistant? What's the hydrostatic head rating?",
            quick: "is the {product} waterproof or water resistant?",
            reply: "Our shells use the 3-layer NorthShield membrane rated at 20,000 mm with fully taped seams, so they're properly waterproof for multi-day rain, and breathable too (15,000 g/m²/24h).",
            followup: "Great, that's what I needed to know.",
            resolution: "Happy hiking! Let us know if you have any other questions.",
            note: "Sent spec sheet. Customer comparing with Gore-Tex shells.",
            kinds: SHELLS,
        },
        Scenario {
            subjects: &["Re-proofing my jacket"],
            opener: "My {product} has started wetting out on the shoulders after two seasons. How should I wash and re-proof it?",
            quick: "how do I re-waterproof my jacket? it's soaking through",
            reply: "Wetting out usually means the DWR coating needs refreshing. Wash it on a cool cycle with a technical cleaner, then tumble dry on low for 20 minutes to reactivate the coating. If that doesn't do it, a spray-on DWR works well. Care guide: {url}",
            followup: "Tumble drying worked, it beads again!",
            resolution: "Brilliant, glad it's back to full performance.",
            note: "Sent the care guide. Possible DWR batch issue? Second report this month.",
            kinds: SHELLS,
        },
    ],
    tags: &["product-question"],
    reason: "Product",
    resolution: "Information provided",
    intent: "product/question",
    team: TIER1_TEAM_ID,
    urgency: 0,
    needs_order: false,
    photos: false,
};
