"""FAQ retrieval: Chinese word segmentation (jieba) plus BM25 (rank-bm25) over the curated entries.

How a text becomes terms (the same for entries and questions):
1. jieba segments it, with the FAQ's own keywords added to the segmenter's dictionary so that
   domain words (簡式健康量表, 職務再設計, 因公涉訟 …) stay whole;
2. function words and question words (的, 嗎, 怎麼辦, 可以, 什麼 …) and punctuation are dropped,
   and so are single characters (they match almost everything);
3. every run of Chinese text left between dropped words also gives its character bigrams, so a
   question still meets an entry when jieba cuts the two differently (諮商師 / 諮商心理師).
An entry is indexed by its question and keywords (the curated retrieval fields); the answer is
what is returned, not what is matched. Measured on the held question sets in
tests/data (see tests/test_faq.py): this beat plain jieba terms and indexing the answers too.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jieba
from rank_bm25 import BM25Okapi

jieba.setLogLevel(logging.WARNING)

STOPWORDS = frozenset(
    """的 了 是 我 你 他 她 嗎 呢 吧 啊 喔 有 在 和 與 及 或 也 都 就 要 會 能 可以 可 什麼 甚麼 怎麼 怎樣 怎麼辦
    該怎麼 如何 為什麼 哪些 哪 誰 這 那 這個 那個 一 個 些 之 等 到 給 對 被 把 讓 從 還 很 好 想 請問 請 問 沒有
    有沒有 是不是 能不能 可不可以 一定 我們 你們 他們 自己 現在 最近 到底 東西 事情 相關 哪裡 多久 時候 覺得
    不知道 需要 應該 如果 因為 所以 但是 然後 已經 一些 一下 一個 本府 同仁 員工 方案 協助 提供 辦理""".split()
)
_PUNCT = re.compile(r"[\W_]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SINGLE_HAN = re.compile(r"[\u4e00-\u9fff]")

_lock = threading.Lock()
_segmenter: jieba.Tokenizer | None = None


def _tokenizer(extra_words: Iterable[str]) -> jieba.Tokenizer:
    """One segmenter of our own (never jieba's global one), with the FAQ keywords as dictionary words."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            _segmenter = jieba.Tokenizer()
            _segmenter.initialize()
        for w in extra_words:
            if len(w) >= 2:
                _segmenter.add_word(w)
        return _segmenter


def _dropped(word: str) -> bool:
    return not word.strip() or word in STOPWORDS or bool(_PUNCT.fullmatch(word))


def terms(text: str, segmenter: jieba.Tokenizer) -> list[str]:
    """The BM25 terms of a text: content words (no single characters) plus the bigrams of each content run."""
    words = segmenter.lcut(text.lower())
    out = [w for w in words if not _dropped(w) and not _SINGLE_HAN.fullmatch(w)]
    runs: list[str] = []
    current = ""
    for w in words:
        if _dropped(w):
            if current:
                runs.append(current)
            current = ""
        else:
            current += w
    if current:
        runs.append(current)
    for run in runs:
        for han in _HAN_RUN.findall(run):
            out += [han[i : i + 2] for i in range(len(han) - 1)]
    return out


@dataclass(frozen=True)
class Document:
    id: str
    question: str
    keywords: tuple[str, ...]


class FaqIndex:
    """A BM25 index over FAQ entries (question + keywords); `search` ranks them for one question."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.ids = [d.id for d in documents]
        self._segmenter = _tokenizer(k for d in documents for k in d.keywords)
        corpus = [
            terms(d.question, self._segmenter) + [t for k in d.keywords for t in terms(k, self._segmenter)]
            for d in documents
        ]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def search(self, question: str, *, limit: int) -> list[tuple[str, float]]:
        """The best `limit` entries for the question as (id, BM25 score), best first; entries scoring 0 left out."""
        query = terms(question, self._segmenter)
        if self._bm25 is None or not query:
            return []
        scores = self._bm25.get_scores(query)
        ranked = sorted(range(len(self.ids)), key=lambda i: (-scores[i], self.ids[i]))
        return [(self.ids[i], float(scores[i])) for i in ranked[:limit] if scores[i] > 0]
