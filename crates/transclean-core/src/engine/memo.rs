//! Scans that re-read only what changed: a block-local pass keeps what it proposed, and its next
//! scan re-reads only the blocks edited since, taking its earlier proposals for the rest.
//!
//! The pipeline runs again until a run changes nothing, and on a large document the later runs
//! change a few paragraphs in megabytes (issue 15). A pass of [`Reach::Block`] proposes in a
//! block what it proposed there before when the block's text is the same, so only the blocks
//! around an edit need a scan. Its proposals are kept before any filter (speech or prose,
//! exceptions, conflicts), which the engine applies to the whole list as before: the result is
//! what a scan of the whole text gives, and debug builds check that it is.

use crate::changes::{Batch, Shifts, changed_ranges, regions_around};
use crate::rules::{Edit, Pass, Reach};
use crate::text::{StageText, has_verbatim_markers};
use std::ops::Range;

/// Bytes of text per edit applied since a pass's last scan below which the pass scans the whole
/// text again instead of the changed blocks. The unit tests' documents are small: with a low
/// bound there, their later runs re-scan by blocks, which debug builds check against full scans.
const DENSE_CHANGES: usize = if cfg!(test) { 8 } else { 2048 };

#[cfg(test)]
thread_local! {
    /// How many scans re-read only changed blocks, for tests that must make some.
    pub(super) static RESCANS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// What the passes of one document proposed, and every edit applied to it since.
pub(super) struct Memos {
    /// The batches applied to the document since the oldest kept memo, in order.
    log: Vec<Batch>,
    /// Per pass (numbered across the stages), what it proposed when it last scanned.
    passes: Vec<Option<Memo>>,
    /// The document has had no front matter or code fence marker since it was given: blocks
    /// scanned on their own see what they see in the whole text. Once lost, not regained (a
    /// fence removed would change what lines after it are, which earlier proposals assumed).
    plain: bool,
}

struct Memo {
    /// Where the log ended when the pass scanned (moved down as older batches are dropped).
    at: usize,
    /// The rules that were active then.
    active: Vec<bool>,
    /// What it proposed, sorted by position, in the text of that time.
    proposals: Vec<Edit>,
}

impl Memos {
    pub(super) fn new(text: &str, passes: usize) -> Memos {
        Memos {
            log: Vec::new(),
            passes: (0..passes).map(|_| None).collect(),
            plain: !has_verbatim_markers(text),
        }
    }

    /// The document has had no front matter or code fence marker since it was given: no line
    /// of it is verbatim.
    pub(super) fn plain(&self) -> bool {
        self.plain
    }

    /// Notes a batch of `accepted` edits, applied to give `text`.
    pub(super) fn applied(&mut self, text: &str, accepted: &[Edit]) {
        let mut shift: isize = 0;
        let bytes = text.as_bytes();
        let mut batch = Vec::with_capacity(accepted.len());
        for edit in accepted {
            let start = (edit.range.start as isize + shift) as usize;
            let end = start + edit.replacement.len();
            shift += edit.replacement.len() as isize - edit.range.len() as isize;
            batch.push((edit.range.clone(), edit.replacement.len()));
            // A marker can only appear where the text changed, or across its edges.
            if self.plain {
                let around = &bytes[start.saturating_sub(2)..(end + 2).min(bytes.len())];
                if memchr::memmem::find(around, b"```").is_some()
                    || memchr::memmem::find(around, b"~~~").is_some()
                {
                    self.plain = false;
                }
            }
        }
        if self.plain && !accepted.is_empty() {
            let first_line_end = text.find('\n').unwrap_or(text.len());
            self.plain = text[..first_line_end].trim_end() != "---";
        }
        self.log.push(batch);
        // Batches older than every kept memo are never read again. On a large document the
        // first run's (hundreds of thousands of edits, proposals too dense to keep) were a
        // tenth of the memory peak (issue 15).
        let oldest = (self.passes.iter().flatten())
            .map(|memo| memo.at)
            .min()
            .unwrap_or(self.log.len());
        if oldest > 0 {
            self.log.drain(..oldest);
            for memo in self.passes.iter_mut().flatten() {
                memo.at -= oldest;
            }
        }
    }

    /// Runs `pass` (number `slot`) on `text`: on the blocks changed since its last scan if it
    /// may, on the whole text otherwise.
    pub(super) fn scan(
        &mut self,
        slot: usize,
        pass: &dyn Pass,
        text: &StageText,
        active: &[bool],
        out: &mut Vec<Edit>,
    ) {
        if pass.reach() == Reach::Document || !self.plain {
            pass.scan(text, active, out);
            return;
        }
        let from = out.len();
        let reused = match &self.passes[slot] {
            Some(memo) if memo.active == active => rescan(memo, &self.log, pass, text, active, out),
            _ => false,
        };
        if !reused {
            out.truncate(from);
            super::split::scan(pass, text, active, Some(self.plain), out);
        } else {
            if cfg!(debug_assertions) {
                check_against_full_scan(pass, text, active, &out[from..]);
            }
            // Counted in optimised test builds too, so the test of it passes under `--release`.
            #[cfg(test)]
            RESCANS.with(|n| n.set(n.get() + 1));
        }
        // Proposals as dense as that, applied, make the next scan a full one anyway: not kept,
        // they cost neither the copy nor the memory (the first run of a dirty text).
        if out.len() - from > text.as_str().len() / DENSE_CHANGES {
            self.passes[slot] = None;
            return;
        }
        let mut proposals = out[from..].to_vec();
        proposals.sort_by_key(|e| (e.range.start, e.range.end));
        self.passes[slot] = Some(Memo {
            at: self.log.len(),
            active: active.to_vec(),
            proposals,
        });
    }
}

/// Pushes what `pass` proposes on `text`: the memo's proposals outside the blocks changed
/// since, and a scan of those blocks. `false` (with `out` partly filled) if a proposal sits on
/// a block edge, where whose it is cannot be told: the caller scans the whole text instead.
fn rescan(
    memo: &Memo,
    log: &[Batch],
    pass: &dyn Pass,
    text: &StageText,
    active: &[bool],
    out: &mut Vec<Edit>,
) -> bool {
    let current = text.as_str();
    // With a change every few kilobytes (the run after the first), few blocks are unchanged
    // and one scan of the whole text is cheaper than finding them.
    let edits: usize = log[memo.at..].iter().map(Vec::len).sum();
    if edits > current.len() / DENSE_CHANGES {
        return false;
    }
    let changed = changed_ranges(&log[memo.at..]);
    let regions = regions_around(current, &changed);
    // Where most of the text changed (the run after the first), one scan of it is cheaper.
    let covered: usize = regions.iter().map(Range::len).sum();
    if covered > current.len() / 2 {
        return false;
    }
    let mut kept = memo.proposals.clone();
    for shifts in log[memo.at..].iter().map(Shifts::new) {
        kept.retain_mut(|edit| match shifts.map_untouched(&edit.range) {
            Some(range) => {
                edit.range = range;
                true
            }
            None => false,
        });
    }
    let mut next_region = regions.iter().peekable();
    for edit in kept {
        let (start, end, empty) = (edit.range.start, edit.range.end, edit.range.is_empty());
        // Regions wholly before the edit (a region ending where a non-empty edit starts is).
        while next_region
            .next_if(|r| r.end < start || (r.end == start && !empty))
            .is_some()
        {}
        match next_region.peek() {
            Some(region) if end > region.start || (empty && start == region.start) => {
                let inside = region.start <= start && end <= region.end;
                let on_edge = empty && (start == region.start || start == region.end);
                if !inside || on_edge {
                    return false;
                }
                // Inside a changed region: the scan below proposes afresh there.
            }
            _ => out.push(edit),
        }
    }
    for region in &regions {
        let part = StageText::plain_part(current, region.clone());
        let from = out.len();
        pass.scan(&part, active, out);
        for edit in &mut out[from..] {
            if edit.range.is_empty() && (edit.range.start == 0 || edit.range.start == region.len())
            {
                return false;
            }
            edit.range = edit.range.start + region.start..edit.range.end + region.start;
        }
    }
    true
}

/// Debug builds: what a re-scan of changed blocks, or a scan in parts ([`super::split`]), gave
/// is what a scan of the whole text gives.
pub(super) fn check_against_full_scan(
    pass: &dyn Pass,
    text: &StageText,
    active: &[bool],
    got: &[Edit],
) {
    let mut full = Vec::new();
    pass.scan(text, active, &mut full);
    let key = |e: &Edit| (e.range.start, e.range.end, e.rule, e.replacement.clone());
    let mut got: Vec<_> = got.iter().map(key).collect();
    let mut full: Vec<_> = full.iter().map(key).collect();
    got.sort();
    full.sort();
    assert_eq!(
        got,
        full,
        "a block re-scan differs from the full scan of {:?}",
        text.as_str()
    );
}
