"""watches.yaml: the shipped file loads; a bad file names the watch and the field."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mediamon.errors import ConfigError
from mediamon.settings import CONFIG_DIR, settings_from_env
from mediamon.watches import config
from mediamon.watches.config import TOPICS_PATH, load_watches, topic_codes


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "watches.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_shipped_watches_load_with_topics_resolved_to_codes() -> None:
    watches = {w.name: w for w in load_watches(CONFIG_DIR / "watches.yaml")}
    assert 3 <= len(watches) <= 5
    assert watches["kz-protests"].countries == ("KZ",) and watches["kz-protests"].alert is True
    assert watches["south-china-sea"].topics == ("medtop:16000000", "medtop:20000638")


def test_the_watches_path_comes_from_mediamon_watches(tmp_path: Path) -> None:
    assert settings_from_env({"MEDIAMON_WATCHES": str(tmp_path / "w.yaml")}).watches_path == tmp_path / "w.yaml"
    assert settings_from_env({}).watches_path == CONFIG_DIR / "watches.yaml"


def test_filters_accept_a_topic_by_code_key_or_label_and_one_string_as_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "watches:\n  - name: votes\n    query: vote*\n    topics: [Election, medtop:11000000, "
                           "civil_unrest]\n    languages: ru\n    sources: [tass]\n")
    [watch] = load_watches(path)
    assert watch.topics == ("medtop:20000574", "medtop:11000000", "medtop:20000065")
    assert watch.languages == ("ru",) and watch.sources == ("tass",) and watch.alert is False


def test_an_empty_file_has_no_watches(tmp_path: Path) -> None:
    assert load_watches(write(tmp_path, "watches: []\n")) == []


@pytest.mark.parametrize(("entry", "message"), [
    ('- name: kz\n    query: \'protest "almaty\'', "watch 'kz' field query: unbalanced quote at column 9"),
    ("- name: kz\n    query: a AND", "watch 'kz' field query: AND needs a term after it at column 3"),
    ("- name: kz", "watch 'kz' field query: a query (text) is required"),
    ("- name: kz\n    query: a\n    countries: [UK]", "watch 'kz' field countries: 'UK' is not an ISO 3166-1"),
    ("- name: kz\n    query: a\n    countries: [kazakhstan]", "(did you mean 'KZ'?)"),
    ("- name: kz\n    query: a\n    countries: [UK]", "(did you mean 'GB'?)"),  # the registry's aliases too
    ("- name: kz\n    query: a\n    topics: [gardening]", "watch 'kz' field topics: 'gardening' is not an IPTC"),
    ("- name: kz\n    query: a\n    languages: [russian]", "watch 'kz' field languages: 'russian' is not an ISO 639-1"),
    ("- name: kz\n    query: a\n    sources: ['The Wire']", "watch 'kz' field sources: 'The Wire' is not a source_id"),
    ("- name: kz\n    query: a\n    alert: yes please", "watch 'kz' field alert: must be true or false"),
    ("- name: kz\n    query: a\n    country: [KZ]", "watch 'kz' field country: unknown field"),
    ("- name: kz\n    query: a\n    countries: KZ, UZ", "field countries: 'KZ, UZ' is not an ISO 3166-1"),
    ("- name: kz\n    query: a\n    countries: [1]", "watch 'kz' field countries: must be a list of non-empty strings"),
    ("- name: Kazakhstan Protests\n    query: a", "watch #1 field name: 'Kazakhstan Protests' must be lower-case"),
    ("- query: a", "watch #1 field name: None must be lower-case"),
    ("- name: kz\n    query: a\n  - name: kz\n    query: b", "watch 'kz' field name: the name is used twice"),
])
def test_a_bad_watch_names_the_watch_and_the_field(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_watches(write(tmp_path, "watches:\n  " + entry + "\n"))
    assert message in str(caught.value)


def test_the_query_error_carries_its_caret_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_watches(write(tmp_path, "watches:\n  - name: kz\n    query: 'a (b'\n"))
    assert str(caught.value).splitlines()[1:] == ["  a (b", "    ^"]


@pytest.mark.parametrize(("body", "message"), [
    ("watches: {name: kz}\n", "`watches:` must be a list"),
    ("watchez: []\n", "the file must hold one key, `watches:`"),
    ("watches: [\n", "is not valid YAML"),
    ("a: &x [1]\nwatches: *x\n", "YAML aliases (*name) are not allowed"),
])
def test_a_badly_shaped_file_says_so(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        load_watches(write(tmp_path, body))


def test_a_missing_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="MEDIAMON_WATCHES"):
        load_watches(tmp_path / "absent.yaml")


@pytest.mark.parametrize(("sources", "message"), [
    ("[bbc-new]", "watch 'kz' field sources: 'bbc-new' is not a source of the registry (sources.yaml) "
                  "(did you mean 'bbc-news'?)"),
    ("[tass, zz-top]", "watch 'kz' field sources: 'zz-top' is not a source of the registry (sources.yaml) "
                       "(use the `id:` of one of its sources)"),
])
def test_a_source_the_registry_lacks_is_named_with_a_close_match(tmp_path: Path, sources: str, message: str) -> None:
    path = write(tmp_path, f"watches:\n  - name: kz\n    query: a\n    sources: {sources}\n")
    with pytest.raises(ConfigError) as caught:
        load_watches(path, source_ids={"bbc-news", "tass"})
    assert str(caught.value) == f"watches.yaml: {message}"


def test_the_registrys_sources_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "watches:\n  - name: kz\n    query: a\n    sources: [tass, bbc-news]\n")
    [watch] = load_watches(path, source_ids={"bbc-news", "tass", "rferl"})
    assert watch.sources == ("tass", "bbc-news")


def every_alias(path: Path) -> dict[str, str]:
    """Lower-cased code, key and label -> code, from the whole topics file parsed as YAML."""
    topics = yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
    return {str(alias).lower(): t["code"] for t in topics for alias in (t["code"], t.get("key"), t.get("label"))
            if alias}


def test_the_topic_codes_are_those_of_the_whole_topics_file() -> None:
    codes = topic_codes()
    assert codes == every_alias(TOPICS_PATH)
    assert codes["conflict"] == "medtop:16000000" and len(set(codes.values())) >= 17


def test_the_topic_codes_skip_only_the_keyword_lexicons(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("# topics\ntopics:\n"
                    "  - code: medtop:1\n    key: one\n    keywords:\n      a*: 1\n\n      # note\n"
                    "      \"b c\": 2\n    label: 'First: the one'  # after the lexicon\n"
                    "  - code: medtop:2\n    keywords: {x: 1}\n    label: >-\n      folded\n      label\n"
                    "  - code: medtop:3\n    label: last\n    keywords:\n      z: 1", encoding="utf-8")
    assert topic_codes(path) == every_alias(path)
    assert topic_codes(path)["first: the one"] == "medtop:1" and topic_codes(path)["folded label"] == "medtop:2"


def test_the_topic_codes_of_a_file_the_shortcut_cannot_read_come_from_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("topics:\n  - code: medtop:1\n    keywords:\n      a: &shared pandemic\n"
                    "  - code: medtop:2\n    label: *shared\n", encoding="utf-8")
    assert topic_codes(path) == every_alias(path) == {"medtop:1": "medtop:1", "medtop:2": "medtop:2",
                                                      "pandemic": "medtop:2"}

def test_watches_without_topics_do_not_read_the_topics_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(path: Path) -> dict[str, str]:
        raise OSError(f"{path} read")

    monkeypatch.setattr(config, "topic_codes", unreadable)
    path = write(tmp_path, "watches:\n  - name: kz\n    query: a\n    topics: []\n  - name: uz\n    query: b\n")
    assert [w.name for w in load_watches(path)] == ["kz", "uz"]
    with pytest.raises(OSError, match="read"):
        load_watches(write(tmp_path, "watches:\n  - name: kz\n    query: a\n    topics: [conflict]\n"))


def test_topic_labels_name_every_code_the_watches_accept() -> None:
    from mediamon.watches.config import topic_codes, topic_labels

    labels = topic_labels()
    assert labels["medtop:20000065"] == "civil unrest"
    assert set(topic_codes().values()) == set(labels)


def test_a_watched_topic_with_no_article_yet_is_named_by_its_iptc_label() -> None:
    from mediamon.digest.build import key_label

    assert key_label("topic", "medtop:20000065", None) == "civil unrest"
    assert key_label("topic", "medtop:20000065", "from the articles") == "from the articles"
    assert key_label("topic", "medtop:99999999", None) == "medtop:99999999"
