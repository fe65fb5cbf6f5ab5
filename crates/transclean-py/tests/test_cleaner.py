"""The Cleaner against the CLI on real transcripts, its errors, batches and pickling."""

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import transclean
from transclean import Cleaner, RuleError

RULES = """\
[meta]
name = "test-rules"

[[rule]]
id = "teh"
kind = "replace"
find = ["teh"]
replace = "the"
"""


def test_clean_and_changes_equal_the_cli_on_the_corpus(cli, corpus, expected):
    cleaner = Cleaner()
    for path in corpus:
        text = path.read_text(encoding="utf-8")
        result = cleaner.clean_with_changes(text)
        assert cleaner.clean(text) == expected[path.name], path
        assert result.text == expected[path.name], path
        assert [c.to_dict() for c in result.changes] == cli.changes(path), path
        assert cleaner.clean_with_counts(text) == (result.text, result.counts)
        assert cleaner.check(text) == (result.text == text)
    assert any(Cleaner().clean_with_changes(p.read_text()).changes for p in corpus)


def test_change_fields_name_rule_and_place():
    result = Cleaner().clean_with_changes("Vladimir Putin: (00:41)\nThe situation in Dombas, in Russia.")
    assert result.text == "Vladimir Putin: The situation in Donbas, in Russia.\n"
    donbas = next(c for c in result.changes if c.rule == "donbas")
    assert (donbas.stage, donbas.line, donbas.column) == ("corrections", 2, 18)
    assert (donbas.before, donbas.after) == ("Dombas", "Donbas")
    assert donbas.range == (donbas.start, donbas.end) == (41, 47)
    assert donbas.source.startswith("builtin:rules/")
    assert result.counts["donbas"] == 1 and result.changed


def test_rule_files_as_text_and_path_layer_like_the_cli(cli, tmp_path):
    path = tmp_path / "extra.toml"
    path.write_text(RULES)
    doc = tmp_path / "doc.txt"
    doc.write_text("teh Dombas  report\n")
    by_text = Cleaner(rules=[RULES], disable=["donbas"])
    by_path = Cleaner(rules=[path], disable=["donbas"])
    assert by_text.clean(doc.read_text()) == by_path.clean(doc.read_text()) == "the Dombas report\n"
    assert by_path.clean(doc.read_text()) == cli.clean(doc, "--rules", path, "--disable", "donbas")
    changes = by_path.clean_with_changes(doc.read_text()).changes
    assert [c.to_dict() for c in changes] == cli.changes(doc, "--rules", path, "--disable", "donbas")
    assert Cleaner(builtin=False, rules=[RULES]).rule_ids == ["teh"]
    assert Cleaner(config=str(path)).clean("teh") == "the\n"


def test_a_bad_rule_file_raises_rule_error_like_the_cli(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\nkind = "regex"\npattern = "(unclosed"\nreplace = ""\n')
    with pytest.raises(RuleError) as caught:
        Cleaner(rules=[str(bad)])
    error = caught.value
    assert (error.file, error.line) == (str(bad), 4)
    assert error.column >= 1 and error.message
    assert str(error) in cli.run("--rules", bad, "rules", "list", check=False).stderr

    with pytest.raises(RuleError) as caught:
        Cleaner(rules=['[[rule]]\nid = "y"\nkind = "replce"\n'])
    assert (caught.value.file, caught.value.line, caught.value.column) == ("<rules[0]>", 3, 8)
    assert "did you mean `replace`" in caught.value.hint

    with pytest.raises(RuleError, match="cannot read rule file") as caught:
        Cleaner(rules=[tmp_path / "missing.toml"])
    assert caught.value.file == str(tmp_path / "missing.toml") and caught.value.line is None

    with pytest.raises(RuleError, match="unknown rule id `donbs`") as caught:
        Cleaner(disable=["donbs"])
    assert "donbas" in caught.value.hint
    assert isinstance(caught.value, ValueError)


def test_clean_batch_equals_clean_on_any_thread_count(corpus, expected):
    cleaner = Cleaner()
    texts = [p.read_text(encoding="utf-8") for p in corpus] * 3
    want = [expected[p.name] for p in corpus] * 3
    assert cleaner.clean_batch(texts) == want
    assert cleaner.clean_batch(texts, threads=1) == want
    assert cleaner.clean_batch(texts, threads=2) == want
    assert cleaner.clean_batch([]) == []
    with pytest.raises(ValueError, match="threads"):
        cleaner.clean_batch(texts, threads=0)


def test_cleaning_is_idempotent_on_the_corpus(corpus):
    cleaner = Cleaner()
    for path in corpus:
        once = cleaner.clean(path.read_text(encoding="utf-8"))
        assert cleaner.clean(once) == once and cleaner.check(once), path


def _clean_in_worker(payload):
    cleaner, text = pickle.loads(payload)
    return cleaner.clean(text), cleaner.fingerprint


def test_a_pickled_cleaner_works_in_a_worker_process_without_the_rule_file(tmp_path):
    path = tmp_path / "extra.toml"
    path.write_text(RULES)
    cleaner = Cleaner(rules=[path], disable=["donbas"], unsafe_fixes=True)
    payload = pickle.dumps((cleaner, "teh Dombas"))
    path.unlink()  # the worker rebuilds the rules from the pickled text, not the file
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        cleaned, fingerprint = pool.submit(_clean_in_worker, payload).result()
    assert (cleaned, fingerprint) == ("the Dombas\n", cleaner.fingerprint)
    restored = pickle.loads(payload)[0]
    assert restored.unsafe_fixes and restored.rule_ids == cleaner.rule_ids
    assert restored.clean_with_changes("teh").changes[0].source == f"{path}:4"


def test_the_package_is_typed():
    from importlib.resources import files

    package = files(transclean)
    assert (package / "py.typed").is_file() and (package / "_native.pyi").is_file()
    assert Cleaner.clean.__doc__ and Cleaner.__doc__ is not None


def test_a_pickled_cleaner_keeps_the_files_its_rule_files_extend(tmp_path):
    (tmp_path / "b.toml").write_text(RULES)
    (tmp_path / "a.toml").write_text('extend = ["b.toml"]\n')
    cleaner = Cleaner(builtin=False, rules=[tmp_path / "a.toml"])
    payload = pickle.dumps(cleaner)
    (tmp_path / "a.toml").unlink()
    (tmp_path / "b.toml").unlink()
    restored = pickle.loads(payload)
    assert restored.clean("teh") == cleaner.clean("teh") == "the"
    assert restored.fingerprint == cleaner.fingerprint


def test_unsafe_fixes_apply_only_when_asked():
    # A doubled word in speech may be meant ("no no"), so the built-in rule is unsafe: left
    # alone by default, as `transclean clean` leaves it, applied with unsafe_fixes=True.
    text = "Anna Berg: I knew knew it would rain today, and it rained all day long.\n"
    assert Cleaner().clean(text) == text
    fixed = Cleaner(unsafe_fixes=True).clean(text)
    assert fixed == "Anna Berg: I knew it would rain today, and it rained all day long.\n"
    restored = pickle.loads(pickle.dumps(Cleaner(unsafe_fixes=True)))
    assert restored.clean(text) == fixed
