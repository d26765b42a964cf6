"""BERT's uncased WordPiece tokenizer in pure Python: the vocabulary file in, token ids out.

The same steps as the `tokenizers` library's BertNormalizer + BertPreTokenizer + WordPiece for the uncased
models (lower-case, accents stripped, punctuation split, greedy longest-match sub-words), so the runtime needs
no compiled dependency; each distinct word is tokenised once and cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Words longer than this are one unknown token, as in BERT.
MAX_WORD_CHARS = 100
_SPLIT = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class WordPiece:
    """A WordPiece vocabulary: `ids(text)` gives the token ids of a text (no [CLS]/[SEP])."""

    def __init__(self, vocab: list[str], unk: str = "[UNK]") -> None:
        self.vocab = vocab
        self.index = {token: i for i, token in enumerate(vocab)}
        self.unk_id = self.index[unk]
        self.word_ids = lru_cache(maxsize=100_000)(self._word_ids)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unk_id,)
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.index.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk_id,)
            out.append(found)
            start = end
        return tuple(out)

    def ids(self, text: str) -> list[int]:
        """Token ids of a text, lower-cased and accent-stripped as the uncased models expect."""
        out: list[int] = []
        for word in _SPLIT.findall(normalize(text)):
            out.extend(self.word_ids(word))
        return out


def normalize(text: str) -> str:
    """Lower-case and strip accents (NFD, combining marks dropped); CJK characters become single words."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    # BERT splits every CJK ideograph into its own word.
    return re.sub(r"([\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff])", r" \1 ", text)
