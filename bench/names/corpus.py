"""Corpus scan shared by mine.py and run.py (Python standard library only).

Words are matched whole, case- and accent-insensitively: a word is a run of letters (hyphens,
apostrophes, digits and punctuation separate words, so "d'Idleb" holds "idleb" and
"al-Assad" holds "al", "assad"). Paragraphs glued by scraping ("Syrie.Le", "IdlebLes") are
split where a lower-case letter is followed by an upper-case one; the unsplit word is kept too
("McDonald" gives "mcdonald", "mc" and "donald").
"""
import gzip
import json
import re
import unicodedata

DEFAULT_CORPUS = "/work/shared/corpus/orangesum.jsonl.gz"

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
                            "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                            "ı": "i", "ʼ": "'", "’": "'", "‘": "'"})
_WORD = re.compile(r"[^\W\d_]+")
_GLUE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")


def fold(text):
    """Lower case without accents: 'Erdoğan' -> 'erdogan', 'Œuvre' -> 'oeuvre'."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def phrase_key(spelling):
    """A spelling as a tuple of folded words: 'Bachar al-Assad' -> ('bachar', 'al', 'assad')."""
    return tuple(_WORD.findall(fold(spelling)))


def words_of(text):
    """Yield (start, end, raw word, is_glue_piece) for each word of `text`, glue split."""
    for match in _WORD.finditer(text):
        raw = match.group()
        pieces = _GLUE.split(raw)
        if len(pieces) == 1:
            yield match.start(), match.end(), raw, False
            continue
        offset = match.start()
        for index, piece in enumerate(pieces):
            yield offset, offset + len(piece), piece, index > 0
            offset += len(piece)


def read_articles(path=DEFAULT_CORPUS):
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            line = line.strip()
            if line:
                yield json.loads(line)


def article_text(article):
    return (article.get("title") or "") + "\n" + (article.get("text") or "")


class Corpus:
    """Article ids, repost groups and, per article, the folded word sequence."""

    def __init__(self, path=DEFAULT_CORPUS):
        self.ids = []
        self.tokens = []        # per article: list of folded words, glue split
        self.wordsets = []      # per article: set of folded words (glue pieces and wholes)
        self.repost_key = []    # (title, date) as depeche collapses reposts
        self.texts = []
        for article in read_articles(path):
            text = article_text(article)
            self.ids.append(article["id"])
            self.texts.append(text)
            self.repost_key.append((article.get("title") or "", article.get("date") or "")
                                   if article.get("title") else None)
            seq = []
            extra = set()
            for match in _WORD.finditer(text):
                raw = match.group()
                pieces = _GLUE.split(raw)
                if len(pieces) > 1:
                    extra.add(fold(raw))
                for piece in pieces:
                    seq.append(fold(piece))
            self.tokens.append(seq)
            self.wordsets.append(set(seq) | extra)
        self.index_of = {id_: n for n, id_ in enumerate(self.ids)}
        self.groups = {}
        for n, key in enumerate(self.repost_key):
            if key is not None:
                self.groups.setdefault(key, []).append(n)
        self._word_index = None

    def word_index(self):
        if self._word_index is None:
            index = {}
            for n, words in enumerate(self.wordsets):
                for word in words:
                    index.setdefault(word, []).append(n)
            self._word_index = index
        return self._word_index

    def articles_with(self, spelling):
        """Set of article numbers that contain `spelling` (one word or a phrase) whole."""
        key = phrase_key(spelling)
        if not key:
            return set()
        index = self.word_index()
        candidates = set(index.get(key[0], ()))
        for word in key[1:]:
            candidates &= set(index.get(word, ()))
        if len(key) == 1:
            return candidates
        found = set()
        n_words = len(key)
        for n in candidates:
            seq = self.tokens[n]
            first = key[0]
            for i, word in enumerate(seq):
                if word == first and tuple(seq[i:i + n_words]) == key:
                    found.add(n)
                    break
        return found

    def contexts(self, spelling, limit=3, width=110):
        """A few snippets around `spelling` (for verification by reading; not saved)."""
        key = phrase_key(spelling)
        out = []
        for n in sorted(self.articles_with(spelling)):
            text = self.texts[n]
            spans = [(s, e, fold(w)) for s, e, w, _ in words_of(text)]
            for i in range(len(spans) - len(key) + 1):
                if tuple(w for _, _, w in spans[i:i + len(key)]) == key:
                    s, e = spans[i][0], spans[i + len(key) - 1][1]
                    snippet = text[max(0, s - width):e + width].replace("\n", " / ")
                    out.append((self.ids[n], snippet))
                    break
            if len(out) >= limit:
                break
        return out


class WordScan:
    """Positions of a chosen set of folded words in every article, read in one pass.

    Far lighter than Corpus (which keeps every word of every article): run.py needs only the
    words of its spellings, and reads the corpus in about a minute.
    """

    def __init__(self, words, path=DEFAULT_CORPUS):
        words = set(words)
        self.ids = []
        self.repost_key = []
        self.positions = {}   # folded word -> {article number: [positions]}
        self.glued_whole = {}  # folded unsplit glued word -> set of article numbers
        cache = {}
        for n, article in enumerate(read_articles(path)):
            self.ids.append(article["id"])
            title = article.get("title") or ""
            self.repost_key.append((title, article.get("date") or "") if title else None)
            position = 0
            for match in _WORD.finditer(article_text(article)):
                raw = match.group()
                pieces = _GLUE.split(raw)
                if len(pieces) > 1:
                    whole = cache.get(raw)
                    if whole is None:
                        whole = cache[raw] = fold(raw)
                    if whole in words:
                        self.glued_whole.setdefault(whole, set()).add(n)
                for piece in pieces:
                    folded = cache.get(piece)
                    if folded is None:
                        folded = cache[piece] = fold(piece)
                    if folded in words:
                        self.positions.setdefault(folded, {}).setdefault(n, []).append(position)
                    position += 1
        self.groups = {}
        for n, key in enumerate(self.repost_key):
            if key is not None:
                self.groups.setdefault(key, []).append(n)

    def articles_with(self, spelling):
        """Article numbers holding `spelling` whole (a phrase: its words in sequence)."""
        key = phrase_key(spelling)
        if not key:
            return set()
        if len(key) == 1:
            return set(self.positions.get(key[0], {})) | self.glued_whole.get(key[0], set())
        postings = [self.positions.get(word, {}) for word in key]
        found = set()
        for n in set(postings[0]).intersection(*postings[1:]):
            later = [set(p[n]) for p in postings[1:]]
            if any(all(start + i + 1 in later[i] for i in range(len(later)))
                   for start in postings[0][n]):
                found.add(n)
        return found
