"""Word counts per script: spaced scripts by words, Han and kana by characters, so the "too short"
rules treat a Chinese or Japanese brief like an English one of the same length."""
from __future__ import annotations

import pytest

from mediamon.extract import extract_article
from mediamon.text.words import CHARS_PER_CJK_WORD, word_count

ZH_BRIEF = ("新华社北京1月15日电 中国人民银行15日宣布，自1月20日起下调金融机构存款准备金率0.5个百分点，"
            "预计将向市场释放长期资金约一万亿元。央行有关负责人表示，此次降准旨在保持银行体系流动性合理充裕，"
            "支持实体经济稳定增长。分析人士认为，在外部需求放缓、国内消费恢复偏慢的背景下，货币政策仍将保持"
            "稳健偏宽松的基调，年内仍有进一步降息的空间。市场人士指出，降准消息公布后，股市和债市均出现上涨。")
JA_BRIEF = ("気象庁によりますと、15日午前6時ごろ、能登半島沖を震源とするマグニチュード6.1の地震があり、"
            "石川県で震度5強の揺れを観測しました。この地震による津波の心配はありません。"
            "警察や消防によりますと、これまでにけが人の情報は入っていないということです。"
            "気象庁は今後1週間程度、同じ程度の揺れに注意するよう呼びかけています。")


def test_spaced_scripts_count_words():
    assert word_count("The central bank raised its rate on Monday.") == 8
    assert word_count("Центробанк повысил ключевую ставку") == 4
    assert word_count("लोकसभा चुनाव 2024 में भारतीय जनता पार्टी") == 7   # vowel signs are inside words
    assert word_count("জাতীয় নির্বাচন কমিশন") == 3
    assert word_count("") == 0


def test_mixed_scripts_count_spaced_words_around_han_characters():
    assert word_count("Crème brûlée, à la carte_du_jour 2026") == 6
    assert word_count("Tokyo 東京都 said: 12 items") == 4 + 2  # four spaced words, three Han characters
    assert word_count("ไทย news") == 1 + 1  # three Thai letters make one word


def test_han_and_kana_count_by_characters():
    assert word_count("中国经济") == 4 // CHARS_PER_CJK_WORD
    assert word_count("日本の首相") == 3  # five characters, two to a word, rounded up
    assert word_count(ZH_BRIEF) >= 90


def test_a_chinese_sentence_is_no_longer_one_word_per_clause():
    assert word_count("中国人民银行宣布下调存款准备金率，释放长期资金。") > 10


@pytest.mark.parametrize("brief, language", [(ZH_BRIEF, "zh"), (JA_BRIEF, "ja")])
def test_a_short_cjk_news_brief_is_an_article(brief, language):
    page = (f'<html lang="{language}"><head><title>新闻</title></head><body><article><h1>要闻</h1>'
            f"<p>{brief}</p></article></body></html>")
    article = extract_article(page, "https://news.example.org/2026/01/15/brief.html")
    assert article.word_count >= 50 and article.language == language


def test_a_cjk_snippet_is_still_too_short():
    from mediamon.errors import ExtractError

    page = '<html lang="zh"><body><article><p>央行宣布降准。</p></article></body></html>'
    with pytest.raises(ExtractError):
        extract_article(page, "https://news.example.org/2026/01/15/snippet.html")
