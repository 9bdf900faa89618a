//! The pictures: the results as a markdown table and a latency-vs-concurrency
//! PNG (plotters' bitmap backend; text in DejaVu Sans when the system has it,
//! else the PNG is skipped and only the table is written).

use std::path::Path;

use anyhow::{Context as _, Result};
use plotters::prelude::*;
use plotters::style::FontStyle;

/// One measured row.
#[derive(Clone, Debug)]
pub struct Row {
    /// What was called.
    pub what: String,
    /// Concurrent clients.
    pub clients: usize,
    /// Answers per second.
    pub rate: f64,
    /// Latency, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Slowest, ms.
    pub max_ms: f64,
    /// Every error counted (must be 0).
    pub errors: u64,
    /// Host CPU per answer, ms.
    pub cpu_ms: f64,
    /// Host RSS after the run, MiB.
    pub rss_mib: f64,
    /// Upstream requests per answer.
    pub upstream: f64,
}

/// The table header and separator.
pub const HEADER: &str = "| call | clients | req/s | p50 ms | p99 ms | max ms | errors | host CPU ms/call | host RSS MiB | upstream req/call |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

impl Row {
    /// This row as a markdown table line.
    pub fn markdown(&self) -> String {
        format!(
            "| {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {:.3} | {:.1} | {:.2} |\n",
            self.what,
            self.clients,
            self.rate,
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            self.errors,
            self.cpu_ms,
            self.rss_mib,
            self.upstream
        )
    }
}

const FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

/// Draws p50 and p99 latency against clients, one line pair per call kind.
/// Returns false when no font was found (nothing written).
pub fn latency_png(path: &Path, title: &str, rows: &[Row]) -> Result<bool> {
    let Some(font) = FONTS.iter().find_map(|p| std::fs::read(p).ok()) else { return Ok(false) };
    // plotters keeps registered fonts for the process's life.
    let font: &'static [u8] = Box::leak(font.into_boxed_slice());
    plotters::style::register_font("sans-serif", FontStyle::Normal, font)
        .map_err(|_| anyhow::anyhow!("unusable font"))?;
    let mut kinds: Vec<&str> = rows.iter().map(|r| r.what.as_str()).collect();
    kinds.dedup();
    let max_clients = rows.iter().map(|r| r.clients).max().unwrap_or(1).max(2) as f64;
    let max_ms = rows.iter().map(|r| r.p99_ms).fold(1.0, f64::max) * 1.5;
    let min_ms = rows.iter().map(|r| r.p50_ms).fold(f64::MAX, f64::min).clamp(0.01, 1.0) * 0.7;
    let root = BitMapBackend::new(path, (960, 600)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d((1f64..max_clients * 1.3).log_scale(), (min_ms..max_ms).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("concurrent clients")
        .y_desc("latency (ms, log)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| if *v < 1.0 { format!("{v:.2}") } else { format!("{v:.0}") })
        .label_style(("sans-serif", 15))
        .draw()?;
    for (i, kind) in kinds.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let points = |f: fn(&Row) -> f64| -> Vec<(f64, f64)> {
            rows.iter().filter(|r| r.what == *kind).map(|r| (r.clients as f64, f(r))).collect()
        };
        chart
            .draw_series(LineSeries::new(points(|r| r.p50_ms), color.stroke_width(3)))?
            .label(format!("{kind} p50"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3)));
        chart.draw_series(points(|r| r.p50_ms).into_iter().map(|p| Circle::new(p, 4, color.filled())))?;
        chart
            .draw_series(LineSeries::new(points(|r| r.p99_ms), color.stroke_width(1)))?
            .label(format!("{kind} p99"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(1)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 15))
        .draw()?;
    root.present().with_context(|| format!("write {}", path.display()))?;
    Ok(true)
}
