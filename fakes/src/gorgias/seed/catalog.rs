//! What Northwind Outfitters sells, and the codes and carriers its tickets talk about.

/// Product families, so a story about a zipper or a membrane names a product that has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Waterproof hooded shells.
    Shell,
    /// Insulated and fleece jackets, vests.
    Jacket,
    Layer,
    Pants,
    Footwear,
    Gear,
    Accessory,
}

/// Any wearable with a size.
pub(crate) const SIZED: &[Kind] = &[Kind::Shell, Kind::Jacket, Kind::Layer, Kind::Pants, Kind::Footwear];
/// Tops with zips and shoulders.
pub(crate) const TOPS: &[Kind] = &[Kind::Shell, Kind::Jacket];
/// Waterproof shells only.
pub(crate) const SHELLS: &[Kind] = &[Kind::Shell];
/// No restriction.
pub(crate) const ANY: &[Kind] = &[];

#[derive(Clone, Copy, Debug)]
pub(crate) struct Product {
    pub title: &'static str,
    pub usd: f64,
    pub sizes: &'static [&'static str],
    pub colors: &'static [&'static str],
    pub sku: &'static str,
    pub kind: Kind,
}

const APPAREL: &[&str] = &["XS", "S", "M", "L", "XL", "XXL"];
const SHOES: &[&str] = &["US 7", "US 8", "US 9", "US 10", "US 11", "US 12"];
const ONE_SIZE: &[&str] = &["One size"];

const fn p(
    title: &'static str,
    usd: f64,
    sizes: &'static [&'static str],
    colors: &'static [&'static str],
    sku: &'static str,
    kind: Kind,
) -> Product {
    Product { title, usd, sizes, colors, sku, kind }
}

pub(crate) const PRODUCTS: [Product; 16] = [
    p(
        "Ridgeline Waterproof Parka",
        289.0,
        APPAREL,
        &["Forest Green", "Slate", "Black"],
        "RDG-PK",
        Kind::Shell,
    ),
    p("Summit Down Jacket", 249.0, APPAREL, &["Glacier Blue", "Black", "Rust"], "SMT-DJ", Kind::Jacket),
    p("Trailhead Fleece Pullover", 89.0, APPAREL, &["Heather Grey", "Navy", "Moss"], "TRH-FP", Kind::Jacket),
    p("Cascade Rain Shell", 179.0, APPAREL, &["Signal Orange", "Storm Grey"], "CSC-RS", Kind::Shell),
    p("Alpine Merino Base Layer", 75.0, APPAREL, &["Charcoal", "Berry"], "ALP-BL", Kind::Layer),
    p("Basecamp Hiking Pants", 99.0, APPAREL, &["Khaki", "Graphite"], "BSC-HP", Kind::Pants),
    p("Switchback Convertible Pants", 109.0, APPAREL, &["Sand", "Olive"], "SWB-CP", Kind::Pants),
    p("Tundra Insulated Boots", 199.0, SHOES, &["Brown", "Black"], "TND-IB", Kind::Footwear),
    p("Wanderer Trail Runners", 139.0, SHOES, &["Lichen", "Ember"], "WND-TR", Kind::Footwear),
    p("Coastline Softshell Vest", 119.0, APPAREL, &["Navy", "Pine"], "CST-SV", Kind::Jacket),
    p("Northwind 35L Daypack", 149.0, ONE_SIZE, &["Forest Green", "Sunset"], "NWD-35", Kind::Gear),
    p("Harbor Flannel Shirt", 69.0, APPAREL, &["Red Plaid", "Blue Plaid"], "HBR-FS", Kind::Layer),
    p("Glacier Insulated Gloves", 59.0, &["S", "M", "L"], &["Black"], "GLC-GL", Kind::Accessory),
    p("Trailhead Beanie", 29.0, ONE_SIZE, &["Mustard", "Charcoal", "Teal"], "TRH-BN", Kind::Accessory),
    p("Expedition Wool Socks (3-pack)", 35.0, &["S", "M", "L"], &["Assorted"], "EXP-SK", Kind::Accessory),
    p("Sierra 2-Person Tent", 349.0, ONE_SIZE, &["Sage"], "SRA-T2", Kind::Gear),
];

/// Whether product `index` belongs to one of `kinds` (an empty list accepts everything).
pub(crate) fn fits(index: usize, kinds: &[Kind]) -> bool {
    kinds.is_empty() || PRODUCTS.get(index).is_some_and(|p| kinds.contains(&p.kind))
}

/// Indexes of the products that fit `kinds`.
pub(crate) fn matching(kinds: &[Kind]) -> Vec<usize> {
    (0..PRODUCTS.len()).filter(|i| fits(*i, kinds)).collect()
}

pub(crate) const DISCOUNT_CODES: [&str; 6] =
    ["WELCOME10", "TRAIL15", "BLACKFRIDAY25", "RESTOCK20", "NEWSLETTER10", "FREESHIP"];

/// Tracking URL for a carrier and number, the way Shopify fulfilments expose them.
pub(crate) fn tracking_url(carrier: &str, number: &str) -> String {
    let host = carrier.to_lowercase().replace(' ', "");
    format!("https://track.{host}.test/{number}")
}
