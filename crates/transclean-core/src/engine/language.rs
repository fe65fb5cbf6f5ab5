//! A document's language, read only once a rule written for some languages proposes a change.
//!
//! Rule files may be for some languages only (the built-in English corrections and doubled
//! words are), so the engine used to read every document's language twice: from the text as
//! given, and from the settled text when cleaning changed it. Reading one costs some 1.8 M
//! instructions (whatlang, on 4 KB): half of all the work over a tree of transcripts
//! (issue 15). Yet the language only matters where such a rule proposes something.
//!
//! A rule that proposes nothing cleans as a rule that does not apply: every pass asks each
//! active rule in turn and lets the next one try where a rule proposes nothing, and no pass
//! changes what it finds by which rules apply. So until one of those rules proposes a change
//! (before any filter), each is taken to apply; when one does, the language of the text as
//! given is read, and the stage is scanned again with the rules it turns on. For the same
//! reason the settled text's language is read only where it could change the outcome: where
//! the language read so far turns some such rule off (the settled one might turn it on), or
//! where such a rule proposed in the run that settled, or for the suggestions when one of
//! them proposes one.

use super::Engine;

/// What the engine knows of one document's language, and the rule files that apply to it.
pub(super) struct DocumentLanguage {
    /// Per rule file: its `applies-when` holds for the text the current run started with.
    applies: Vec<bool>,
    /// The language the rules are chosen by: the config's, or the one read from the text.
    language: Option<String>,
    /// `language` is read (or needs no reading). Until it is, every rule file for some
    /// languages is taken to apply.
    read: bool,
    /// The text as given, as far as its language is read from, while it is not read.
    given: Option<String>,
    /// Tests: read both languages whenever the engine did before it waited for a rule that
    /// needs them (the reference the lazy reading is checked against).
    eager: bool,
}

impl Engine {
    /// The language of the document `text` (the text as given): read now if the engine must
    /// (a config language, or tests of the eager reading), otherwise when a rule needs it.
    pub(super) fn document_language(&self, text: &str) -> DocumentLanguage {
        #[cfg(test)]
        let eager = self.eager_language;
        #[cfg(not(test))]
        let eager = false;
        let waits = self.language.is_none() && self.for_languages.contains(&true) && !eager;
        DocumentLanguage {
            applies: Vec::new(),
            language: (!waits).then(|| self.language_of(text)).flatten(),
            read: !waits,
            given: waits.then(|| crate::config::language::sample(text).to_string()),
            eager,
        }
    }

    /// Per rule file: whether its `applies-when` holds for `text`.
    fn applying_files(&self, text: &str) -> Vec<bool> {
        (self.applies_when.iter())
            .map(|re| re.as_ref().is_none_or(|re| re.holds_match(text)))
            .collect()
    }

    /// Which rules apply, from the files' `applies-when` results and the language.
    fn active_for(&self, applies: &[bool], language: Option<&str>) -> Vec<bool> {
        let files: Vec<bool> = (applies.iter().zip(&self.languages))
            .map(|(&applies, languages)| {
                applies
                    && (languages.is_empty()
                        || language.is_none_or(|l| languages.iter().any(|x| x == l)))
            })
            .collect();
        self.rules.iter().map(|r| files[r.file]).collect()
    }

    /// Which rules apply to a document: from its `applies-when` and `languages`.
    pub(super) fn active_rules(&self, text: &str, language: Option<&str>) -> Vec<bool> {
        self.active_for(&self.applying_files(text), language)
    }
}

impl DocumentLanguage {
    /// The rules that apply at the start of a pipeline run over `text`.
    pub(super) fn start_run(&mut self, engine: &Engine, text: &str) -> Vec<bool> {
        self.applies = engine.applying_files(text);
        self.active(engine)
    }

    /// The rules that apply, by what is known of the language.
    pub(super) fn active(&self, engine: &Engine) -> Vec<bool> {
        engine.active_for(&self.applies, self.language.as_deref())
    }

    /// Whether the language is still to be read when a rule for some languages proposes.
    pub(super) fn waiting(&self) -> bool {
        !self.read
    }

    /// Reads the language of the text as given; returns the rules that apply now.
    pub(super) fn read_given(&mut self, engine: &Engine) -> Vec<bool> {
        if let Some(given) = self.given.take() {
            self.language = engine.language_of(&given);
            self.read = true;
        }
        self.active(engine)
    }

    /// After a run that changed nothing, with `active` its rules and `changed` whether cleaning
    /// changed the text: whether the settled text's language must be read now, because it
    /// could turn on a rule the language so far turns off, or turn off one that proposed in
    /// the run. Otherwise it can only turn off rules that proposed nothing, which changes
    /// nothing but the suggestions ([`DocumentLanguage::settled_for_suggestions`]).
    pub(super) fn settled_needs_reading(
        &self,
        engine: &Engine,
        changed: bool,
        language_rule_proposed: bool,
    ) -> bool {
        if self.eager || (self.read && !changed) {
            // Unchanged, the text is the one the language was read from.
            return changed;
        }
        let turns_all_on = (engine.languages.iter()).all(|languages| {
            languages.is_empty()
                || (self.language.as_deref()).is_none_or(|l| languages.iter().any(|x| x == l))
        });
        !turns_all_on || language_rule_proposed
    }

    /// Reads the settled text's language: whether the rules it turns on are other than
    /// `active` (then cleaning runs again with them).
    pub(super) fn read_settled(&mut self, engine: &Engine, settled: &str, active: &[bool]) -> bool {
        let language = engine.language_of(settled);
        self.read = true;
        self.given = None;
        if language == self.language {
            return false;
        }
        self.language = language;
        self.active(engine) != active
    }

    /// The rules the suggestions of the settled text are made with, when a rule for some
    /// languages proposed one and the settled text's language was not read: read now.
    pub(super) fn settled_for_suggestions(&mut self, engine: &Engine, settled: &str) -> Vec<bool> {
        self.language = engine.language_of(settled);
        self.read = true;
        self.given = None;
        self.active(engine)
    }
}
