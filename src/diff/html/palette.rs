//! A colour per rule for the HTML report, and what the page says about each rule.

use crate::diff::json::Report;
use std::collections::HashMap;
use std::fmt::Write;

/// A colour class per rule: rules that change most get the first, most distinct hues. Colour
/// only helps: every change is labelled with its rule's id too.
pub struct Palette<'a> {
    class: HashMap<&'a str, usize>,
    /// Why each rule exists, for the tooltips.
    pub why: HashMap<&'a str, &'a str>,
    /// Rule ids with their counts, most changes first.
    pub order: Vec<(&'a str, usize)>,
}

impl<'a> Palette<'a> {
    pub fn new(report: &Report<'a>) -> Palette<'a> {
        let mut order: Vec<(&str, usize)> = report
            .totals
            .by_rule
            .iter()
            .map(|(r, n)| (*r, *n))
            .collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let class = order
            .iter()
            .enumerate()
            .map(|(i, (r, _))| (*r, i))
            .collect();
        let why = report
            .rules
            .iter()
            .filter_map(|r| Some((r.id, r.description?)))
            .collect();
        Palette { class, why, order }
    }

    pub fn class(&self, rule: &str) -> String {
        format!("r{}", self.class.get(rule).copied().unwrap_or(0))
    }

    /// One CSS rule per colour class.
    pub fn css(&self) -> String {
        let mut css = String::new();
        // Hues a golden angle apart, skipping the reds and greens that mean deleted and inserted.
        let mut hues = (0..)
            .map(|k| (215.0 + k as f64 * 137.508) % 360.0)
            .filter(|h: &f64| (25.0..335.0).contains(h) && !(100.0..150.0).contains(h));
        for index in 0..self.order.len() {
            let hue = hues.next().unwrap_or(215.0);
            let _ = writeln!(
                css,
                ".r{index}{{--c:hsl({hue:.0} 65% 38%);--bg:hsl({hue:.0} 85% 93%)}}"
            );
        }
        css
    }
}
