//! Unit tests of the transcript parser, name rendering and rosters.

use super::names::*;
use super::roster::*;
use super::*;

fn names(text: &str) -> Vec<(String, bool, bool)> {
    parse(text, &SpeakerSettings::default())
        .into_iter()
        .filter_map(|t| t.label)
        .map(|l| (l.name, l.timed, l.alone))
        .collect()
}

#[test]
fn a_label_name_is_a_letter_and_at_most_sixty_characters() {
    let labels = |name: &str| names(&format!("{name}: (00:41)\nSpeech.\n"));
    let sixty = format!("A{}", "é".repeat(59));
    assert_eq!(labels(&sixty).len(), 1);
    assert_eq!(labels(&format!("{sixty}é")), []);
    assert_eq!(labels("1st Speaker"), []);
    assert_eq!(names("Henry Zhu  0:34\nOtter speech.\n").len(), 1);
    let long_otter = format!("{sixty}é  0:34\nOtter speech.\n");
    assert_eq!(names(&long_otter), []);
}

#[test]
fn recognises_every_label_style() {
    let text = "\
Vladimir Putin: (00:41)\nSpeech one.\n\
Aaron van Wirdum: 00:01:35\n\nSpeech two.\n\
Sjors Provoost (00:02:10): inline speech.\n\
Henry Zhu  0:34  \nOtter speech.\n\
**Jerod Santo:** Bold speech.\n\
**Adam Stacoviak** [00:00:00] Bold timed speech.\n\
**Adam Stacoviak** \\[04:10\\] Escaped time.\n";
    let got = names(text);
    let expected = [
        ("Vladimir Putin", true, true),
        ("Aaron van Wirdum", true, true),
        ("Sjors Provoost", true, false),
        ("Henry Zhu", true, true),
        ("Adam Stacoviak", true, false),
        ("Adam Stacoviak", true, false),
    ];
    assert_eq!(got.len(), 6, "{got:?}");
    for (g, e) in got.iter().zip(expected) {
        assert_eq!((g.0.as_str(), g.1, g.2), e);
    }
    // `**Jerod Santo:**` is untimed and said once: not enough evidence on its own.
    assert!(!got.iter().any(|g| g.0 == "Jerod Santo"));
}

#[test]
fn untimed_labels_need_to_recur_or_be_known() {
    let text = "Q: First question?\nA: Answer.\nQ: Second?\nA: Yes.\n>> JOHN SMITH: Hello.\n>> JOHN SMITH: Again.\n";
    let got: Vec<String> = names(text).into_iter().map(|g| g.0).collect();
    assert_eq!(got, ["Q", "A", "Q", "A", "JOHN SMITH", "JOHN SMITH"]);
    let settings = SpeakerSettings {
        roster: vec!["Peskov".into()],
        ..SpeakerSettings::default()
    };
    assert_eq!(parse("Peskov: We are ready.\n", &settings).len(), 1);
    assert!(parse("Peskov: We are ready.\n", &SpeakerSettings::default()).is_empty());
}

#[test]
fn a_colon_is_not_a_speaker() {
    for text in [
        "READ MORE: China Defence Minister on Trade\nREAD MORE: Another\n",
        "Note: the figures are provisional.\nNote: again.\n",
        "Putin answered why the measures were taken, saying:\n\n\"Because\"\n",
        "The meeting starts at 10:42 and ends at 11:30.\n10:42: opening\n",
        "## Intro\n\nText.\n",
        "Update: new figures.\nUpdate: more.\nPhoto: Reuters\n",
        "“There is always hope”: Putin on the possibility of improving relations\n",
        "In other areas of cooperation, Putin continued:\n\n\"Well\"\n",
        "[inaudible] thank you\n[inaudible] again\n",
    ] {
        assert!(names(text).is_empty(), "{text:?} gave {:?}", names(text));
    }
}

#[test]
fn label_line_transcripts_accept_a_lower_case_label() {
    let text = "Putin: (00:01)\nA.\nReporter: (00:02)\nB.\nPutin: (00:03)\nC.\nReporter:\nD.\naleksandr:\nE.\n";
    let got: Vec<String> = names(text).into_iter().map(|g| g.0).collect();
    assert_eq!(got, ["Putin", "Reporter", "Putin", "Reporter", "aleksandr"]);
}

#[test]
fn a_hard_wrapped_line_ending_in_a_colon_is_no_label() {
    // The Congressional Record wraps its text: `... testified before our` / `committee the
    // following:` continues a sentence, though the document is one of labels alone on lines.
    let text = "Putin: (00:01)\nA.\nReporter: (00:02)\nB.\nPutin: (00:03)\nC.\nReporter:\nThe chief testified before our\ncommittee the following:\n\nWe serve.\naleksandr:\nE.\n";
    let got: Vec<String> = names(text).into_iter().map(|g| g.0).collect();
    assert_eq!(got, ["Putin", "Reporter", "Putin", "Reporter", "aleksandr"]);
}

#[test]
fn dash_turns_are_turns_without_a_speaker() {
    let text = "Title\n\n- Mr. Putin, a question?\n\n- Well, you know.\n";
    let turns = parse(text, &SpeakerSettings::default());
    assert_eq!(turns.len(), 2);
    assert!(turns.iter().all(|t| t.label.is_none()));
    assert_eq!(&text[turns[1].text.clone()], "- Well, you know.");
}

#[test]
fn turns_span_their_speech() {
    let text = "Putin: (00:01)\nOne.\n\nTwo.\nReporter: (00:02)\nThree.\n";
    let turns = parse(text, &SpeakerSettings::default());
    assert_eq!(&text[turns[0].text.clone()], "One.\n\nTwo.");
    assert_eq!(&text[turns[1].text.clone()], "Three.");
}

#[test]
fn names_are_normalised() {
    let settings = SpeakerSettings {
        aliases: [("Matthew".to_string(), "Matthew Chance".to_string())].into(),
        ..SpeakerSettings::default()
    };
    for (raw, want) in [
        ("JOHN SMITH", "John Smith"),
        ("JOHN McDONALD", "John McDonald"),
        ("McDONALD", "McDonald"),
        ("O'BRIEN", "O'Brien"),
        ("RT", "RT"),
        ("CNN", "CNN"),
        ("aleksandr", "Aleksandr"),
        ("aaron van wirdum", "Aaron van Wirdum"),
        ("Matthew", "Matthew Chance"),
        ("Vladimir  Putin", "Vladimir Putin"),
        ("New START Treaty", "New START Treaty"),
        ("Vladimir PUTIN", "Vladimir PUTIN"),
        ("Speaker 2", "Speaker 2"),
        // Initials and acronyms keep their capitals: one short word, no vowel, or dotted.
        ("JFK", "JFK"),
        ("AOC", "AOC"),
        ("NATO", "NATO"),
        ("JOHN F. KENNEDY", "John F. Kennedy"),
        ("J.F.K.", "J.F.K."),
        ("SEN. JFK", "Sen. JFK"),
        ("JANE ROE", "Jane Roe"),
    ] {
        assert_eq!(normalise_name(raw, &settings), want, "{raw}");
    }
}

#[test]
fn roster_counts_turns_and_flags_variants() {
    let text = "Matthew: (00:01)\nA.\nPutin: (00:02)\nB.\nPutin: (00:02)\nB2.\nMatthew Chance: (00:03)\nC.\nSjors Provost: (00:04)\nD.\nSjors Provoost: (00:05)\nE.\nSpeaker 1: (00:06)\nF.\nSpeaker 2: (00:07)\nG.\n";
    let roster = roster(text, &SpeakerSettings::default());
    assert_eq!(roster.speakers[0], ("Matthew".to_string(), 1));
    assert_eq!(
        roster.speakers[1],
        ("Putin".to_string(), 1),
        "merged turns count once"
    );
    assert_eq!(
        roster.variants,
        [
            ("Matthew".to_string(), "Matthew Chance".to_string()),
            ("Sjors Provost".to_string(), "Sjors Provoost".to_string())
        ]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
    /// The reading of a `Name:` line without the backtracker is the label pattern's.
    #[test]
    fn a_name_line_reads_as_the_label_pattern_reads_it(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "Jo", "é", "Ann Lee", "1", "٣", " ", "  ", "\t", ":", "(", ")", "[", "]", "*",
                "**", ">>", ">", "\\", "00:41", "1:02:03.5", "12:3", ",", ".", "x", "\r", "a,",
                "0:00:11.2", "٠٠:٤١", "(00:41)", " (1:02:03)", "Name:", "Jo: ", "[00:41]",
                "\\[0:34\\]", "(٠٠:٤١)", " 00:41 ", "Q.",
            ]),
            0..12,
        ),
        long in proptest::bool::ANY,
    ) {
        let mut line: String = pieces.concat();
        if long {
            line.insert_str(0, &"é".repeat(55));
        }
        let line = line.trim_start_matches([' ', '\t']);
        if let Some(read) = labels::plain_label(line) {
            let pattern = labels::pattern_label(line)
                .filter(|r| crate::label_patterns::is_name(r.name));
            proptest::prop_assert_eq!(read, pattern, "{:?}", line);
        }
    }
}

proptest::proptest! {
    /// Names searched one by one, or looked up in the index of their occurrences, are found
    /// where the automaton finds them.
    #[test]
    fn names_are_mentioned_where_the_automaton_finds_them(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec!["Ann", "Ann Lee", "Lee", "AnnAnn", " ", "é", "\n"]),
            1..16,
        ),
        spans in proptest::collection::vec((0usize..40, 0usize..4), 1..4),
    ) {
        let text: String = pieces.concat();
        // Labels at character boundaries, their names the text at their start.
        let starts: Vec<usize> = (0..text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut labels = Vec::new();
        for (i, (at, len)) in spans.into_iter().enumerate() {
            let start = starts[at % starts.len()];
            let Some(name) = ["Ann", "Ann Lee", "Lee", "AnnA"].get(len) else { continue };
            labels.push(Label {
                range: start..(start + name.len() + i).min(text.len()),
                name: name.to_string(),
                style: LabelStyle::Colon,
                timed: false,
                alone: false,
                line: i,
            });
        }
        let labels: Vec<&Label> = labels.iter().collect();
        proptest::prop_assert_eq!(
            labels::mentioned_by_name(&text, &labels),
            labels::mentioned_by_automaton(&text, &labels)
        );
        proptest::prop_assert_eq!(
            labels::mentioned_by_index(&text, &labels, &mut MentionIndex::default()),
            labels::mentioned_by_automaton(&text, &labels)
        );
    }
}

#[test]
fn a_continuation_marker_speaks_for_the_last_named_speaker() {
    let text = "\
(00:00:01):\nWords before anyone is named.\n\n\
Ann Lee: (00:41)\nHello.\n\n\
(00:01:54):\nMore from Ann.\n\n\
Bob Ray: (00:50)\nHi.\n\n\
(00:02:10):\nMore from Bob.\n\n\
(00:02:30):\nStill Bob.\n";
    let got: Vec<String> = names(text).into_iter().map(|(name, _, _)| name).collect();
    assert_eq!(got, ["Ann Lee", "Ann Lee", "Bob Ray", "Bob Ray", "Bob Ray"]);
}
