#!/usr/bin/env python3
"""Generates the known-item queries of bench/knownitem from the shared corpus.

    python3 bench/knownitem/generate.py [--corpus FILE] [--work DIR] [--per-style N]

Writes WORK/queries.jsonl (one query a line, byte-identical for the same corpus and the same
GENERATOR_VERSION), WORK/queries.meta.json (counts, filters, checksums) and caches the
near-duplicate pairs in WORK/neardup.json. Uses the corpus and this file only: never depeche,
its index, its analyzer, omindex or quest. How every style is built: bench/knownitem/README.md.

Python 3 standard library only.
"""
import argparse
import array
import bisect
import collections
import datetime
import gzip
import hashlib
import itertools
import json
import math
import os
import random
import re
import sys
import time
import unicodedata
import zlib

# Bump whenever a change can alter the generated queries (the runner regenerates on a change).
GENERATOR_VERSION = 1
SEED = 20260301
PER_STYLE = 300
STYLES = ("sentence", "gist", "keywords", "name_topic")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus",
                                               "orangesum.jsonl.gz"))

# Target filters (README, "Filters").
MIN_TEXT_CHARS = 500       # shorter texts (and the 165 empty ones) are never targets
MIN_TEXT_WORDS = 80
MAX_SHARED_KEYWORDS = 5    # keywords: at most this many stories hold every word
MAX_SHARED_NAME_TOPIC = 20  # name_topic: at most this many stories hold every word

# Near-duplicates (README, "Reposts").
SHINGLE = 5
SAMPLE_MOD = 8             # candidate pairs: share >= 2 of the shingles whose crc32 % 8 == 0
MAX_POSTING = 100          # sampled shingles in more documents than this are boilerplate
NEARDUP_JACCARD = 0.5
NEARDUP_CONTAINMENT = 0.8
MIN_SHINGLES_CONTAINMENT = 20
SAME_TITLE_CONTAINMENT = 0.4  # same title, dates at most SAME_TITLE_DAYS apart: an update
SAME_TITLE_DAYS = 3
NEARDUP_VERSION = 2

WORD_RE = re.compile(r"\w+")
_FOLDED = {}


def log(message):
    print(f"[generate] {message}", file=sys.stderr, flush=True)


def fold(text):
    """Lower case without accents (é -> e, œ -> oe)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def strip_accents(text):
    """Removes accents, keeps case."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def fold_word(word):
    folded = _FOLDED.get(word)
    if folded is None:
        folded = _FOLDED[word] = fold(word)
    return folded


def tokens(text):
    """Folded word tokens (letters and digits; apostrophes and hyphens split words)."""
    return [fold_word(t) for t in WORD_RE.findall(text) if "_" not in t]


# ----------------------------------------------------------------------------------------------
# Word lists, written by hand.

STOPWORDS = set(fold(w) for w in """
a à afin ai aie aient ait alors après as au aucun aucune auprès aussi autre autres aux avaient
avais avait avant avec avoir avons ayant bien c ça car ce ceci cela celle celles celui cependant
certains certaines ces cet cette ceux chacun chaque chez ci comme comment contre d dans de déjà
depuis des dès deux donc dont du durant elle elles en encore entre es est et été étaient était
étant être eu eux fait faire fois font hors ici il ils j je jusqu jusque l la là le les leur leurs
lors lorsque lui m ma mais me même mêmes mes moi moins mon n ne ni non nos notre nous on ont ou
où par parce parmi pas pendant peu peut plus plusieurs pour pourquoi pourtant puis qu quand que
quel quelle quelles quels qui quoi s sa sans se selon ses seulement si sien soi soit son sont sous
souvent sur t ta tandis te tel telle telles tels tes toi ton tous tout toute toutes très trop tu
un une unes uns vers via voici voilà vos votre vous y été sera seront serait seraient aurait
auraient avait ayant après été ainsi afin lequel laquelle lesquels duquel auquel ceux-ci celle-ci
mr mme m me dont cet chez vont va vais fut furent sommes êtes etait etre etes tres deja
lundi mardi mercredi jeudi vendredi samedi dimanche
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
hier aujourd aujourdhui hui demain an ans année années jour jours mois semaine semaines heure heures
premier première dernier dernière dernières derniers nouveau nouvelle nouveaux nouvelles
trois quatre cinq six sept huit neuf dix cent cents mille million millions milliard milliards
selon notamment également ailleurs déclaré indiqué expliqué affirmé ajouté précisé estimé
annoncé assuré souligné rappelé lieu cas part fin début partie côté façon moment temps
presque toujours jamais beaucoup vraiment plutôt désormais actuellement environ surtout enfin
quelque quelques autant tant tard loin près aussi ainsi alors encore déjà bien mieux pire
""".split())

# Groups of interchangeable words (a person recalls one, the article used another). Every word
# of a group may be replaced by any other word of its group.
SYNONYM_GROUPS = [
    "voiture véhicule automobile", "voitures véhicules automobiles", "policier agent",
    "policiers agents", "police gendarmerie", "gendarmes militaires", "mort décès",
    "morts victimes", "tué abattu", "tués abattus", "décédé mort", "décédée morte", "enfant gamin",
    "enfants gamins", "homme individu", "femme dame", "président chef", "gouvernement exécutif",
    "annoncé déclaré", "annonce déclare", "indiqué expliqué", "affirmé assuré", "selon d'après",
    "hôpital clinique", "médecin docteur", "médecins docteurs", "incendie feu", "incendies feux",
    "pompiers secours", "attaque agression", "attentat attaque", "enquête investigation",
    "procès audience", "tribunal justice", "condamné sanctionné", "condamnée sanctionnée",
    "arrêté interpellé", "arrêtés interpellés", "prison détention", "élection scrutin",
    "élections scrutins", "vote suffrage", "entreprise société", "entreprises sociétés",
    "salariés employés", "salarié employé", "travail emploi", "prix tarif", "hausse augmentation",
    "baisse diminution", "maison domicile", "logement appartement", "ville commune",
    "village commune", "pays nation", "grand important", "grande importante", "rapidement vite",
    "chanteur artiste", "chanteuse artiste", "film long-métrage", "émission programme",
    "épidémie pandémie", "coronavirus covid", "manifestants protestataires",
    "manifestation rassemblement", "manifestations rassemblements", "grève mobilisation",
    "accident collision", "migrants réfugiés", "juge magistrat", "juges magistrats",
    "député parlementaire", "députés parlementaires", "soldat militaire", "soldats militaires",
    "armée troupes", "décision choix", "projet plan", "réforme changement", "frappé touché",
    "blessé atteint", "blessés atteints", "commune localité", "début commencement",
    "mesure disposition", "mesures dispositions", "plainte recours", "suspect accusé",
    "suspects accusés", "découvert trouvé", "découverte trouvée", "retrouvé découvert",
    "jeune adolescent", "jeunes adolescents", "conducteur automobiliste", "famille proches",
    "argent somme", "chiffre nombre", "sondage enquête", "candidat prétendant", "parti formation",
    "rencontre réunion", "réunion rencontre", "accord entente", "crise difficultés",
    "école établissement", "élèves écoliers", "professeur enseignant", "professeurs enseignants",
    "patron dirigeant", "responsable dirigeant", "explosion déflagration", "arme pistolet",
    "tempête intempéries", "pluie averses", "chaleur canicule", "avion appareil", "train TGV",
    "route autoroute", "rue voie", "quartier secteur", "maire édile", "match rencontre",
    "équipe formation", "joueur footballeur", "victoire succès", "défaite échec", "animal bête",
    "chien animal", "corps cadavre", "disparition disparu", "drogue stupéfiants", "viol agression",
    "meurtre homicide", "assassinat meurtre", "couple conjoints", "mari époux", "fils garçon",
    "mère maman", "père papa", "vacances congés", "plage littoral", "mer océan", "montagne massif",
    "santé médical", "vaccin vaccination", "masque masques", "confinement restrictions",
    "frontière frontières", "sénateur élu", "élus responsables", "polémique controverse",
    "scandale affaire", "critique reproche", "critiques reproches", "colère mécontentement",
    "peur inquiétude", "inquiétude crainte", "danger risque", "risque menace", "menace danger",
    "aide soutien", "soutien appui", "hommage cérémonie", "cérémonie commémoration",
    "livre ouvrage", "journal quotidien", "journaliste reporter", "télévision télé",
    "vidéo images", "photo cliché", "réseaux internet", "téléphone portable",
]

SYNONYMS = {}
for _group in SYNONYM_GROUPS:
    _words = _group.split()
    for _word in _words:
        SYNONYMS.setdefault(fold(_word), [])
        for _other in _words:
            if _other != _word and _other not in SYNONYMS[fold(_word)]:
                SYNONYMS[fold(_word)].append(_other)

# Auxiliaries and frequent verbs: another tense (present <-> imperfect, future -> present).
TENSES = {
    "a": "avait", "avait": "a", "ont": "avaient", "avaient": "ont", "est": "était",
    "était": "est", "sont": "étaient", "étaient": "sont", "sera": "est", "seront": "sont",
    "va": "allait", "vont": "allaient", "peut": "pouvait", "pouvait": "peut",
    "peuvent": "pouvaient",
    "doit": "devait", "devait": "doit", "doivent": "devaient", "fait": "faisait",
    "faisait": "fait", "dit": "disait", "veut": "voulait", "voulait": "veut", "vient": "venait",
    "venait": "vient", "semble": "semblait", "reste": "restait", "compte": "comptait",
    "souhaite": "souhaitait", "estime": "estimait", "explique": "expliquait",
    "affirme": "affirmait",
    "aurait": "a", "serait": "est", "pourrait": "peut", "devrait": "doit",
}

NUMBERS = {"deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7",
           "huit": "8", "neuf": "9", "dix": "10", "onze": "11", "douze": "12", "quinze": "15",
           "vingt": "20", "trente": "30", "cent": "100", "mille": "1000"}
NUMBERS.update({v: k for k, v in list(NUMBERS.items())})

# Words people add when they summarise (the "gist" style mixes in those the article lacks).
SUMMARY_WORDS = ["affaire", "histoire", "polémique", "scandale", "drame", "article", "info",
                 "actualité", "sujet", "nouvelle", "événement", "dossier"]
GIST_LINKS = ["après", "avec", "et", "sur", "pour", "dans", "à propos de", "concernant"]

ABBREVIATIONS = {"m", "mme", "mm", "dr", "me", "mgr", "st", "ste", "pr", "cf", "etc", "ex",
                 "av", "bd", "n", "no", "vol", "p", "jr", "sr", "gal", "cie"}

# Capitalised words that start a sentence-like phrase rather than a name.
NAME_BLOCK = set(fold(w) for w in """
le la les l un une des du de d ce cet cette ces en dans selon pour par sur avec après avant
mais et ou il elle ils elles on nous vous je son sa ses leur leurs mon ma mes quand si alors
depuis lors pendant comme face lire voir photo vidéo crédit afp reuters ap capture illustration
m mme mm monsieur madame docteur dr me maître saint sainte
""".split())
# Media quoted as sources ("a rapporté Le Parisien"): not what an article is about.
MEDIA = set(fold(w) for w in """
afp reuters ap bfmtv bfm lci cnews franceinfo rtl rmc tf1 m6 arte parisien figaro monde
libération libé ouest-france huffpost mediapart jdd express point obs nouvel-obs
paris-match purepeople closer voici gala public télé-loisirs europe france-inter
france-info france-bleu france-télévisions france-2 france-3 france-5 twitter facebook
instagram youtube snapchat tiktok linkedin whatsapp google bild guardian times telegraph
new-york-times washington-post cnn fox-news bbc nbc abc dépêche voix-du-nord sud-ouest progrès
dauphiné parisien-aujourd-hui télégramme midi-libre nice-matin var-matin
""".split())
NAME_PARTICLES = {"de", "du", "des", "d'", "la", "le", "von", "van", "der", "ben", "bin", "al",
                  "el", "da", "di", "dos", "y"}


# ----------------------------------------------------------------------------------------------
# Corpus

def corpus_key(path):
    stat = os.stat(path)
    return {"path": os.path.abspath(path), "size": stat.st_size, "mtime": int(stat.st_mtime)}


INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def clean(text):
    """What a reader sees: NFC, without soft hyphens and zero-width characters (the generator's
    view only; the indexes get the corpus as it is)."""
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


def load_corpus(path):
    records = []
    with gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else \
            open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                record = json.loads(line)
                records.append({"id": record["id"], "date": record.get("date", ""),
                                "title": clean(record.get("title") or ""),
                                "text": clean(record.get("text") or "")})
    return records


# Paragraphs glued by the scraper: "jeudi.Le gouvernement", "envisageable\".\"Malgré".
GLUE_RE = re.compile(r"(?<=[\w\)\]%»\"”'’])([.!?…]+[\"»”]?)(?=[«\"“]?[A-ZÀ-ÖØ-Ý])")


def paragraphs(text):
    parts = []
    start = 0
    for match in GLUE_RE.finditer(text):
        before = text[max(0, match.start() - 4):match.start()]
        word = re.findall(r"\w+$", before)
        if match.group(1).startswith(".") and word and (fold(word[0]) in ABBREVIATIONS
                                                         or len(word[0]) == 1):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


SENT_END_RE = re.compile(r"([.!?…]+[\"»”]?)\s+(?=[«\"“]?\s?[A-ZÀ-ÖØ-Ý0-9])")


def sentences(paragraph):
    out = []
    start = 0
    for match in SENT_END_RE.finditer(paragraph):
        word = re.findall(r"[\w.]+$", paragraph[max(0, match.start() - 6):match.start()])
        if match.group(1) == "." and word:
            last = word[0].split(".")[-1]
            if fold(last) in ABBREVIATIONS or (len(last) == 1 and last.isupper()):
                continue
        out.append(paragraph[start:match.end()].strip())
        start = match.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def lead(text, max_paragraphs=3, max_chars=1500):
    """The first paragraphs, as a list of sentences."""
    out = []
    chars = 0
    for paragraph in paragraphs(text)[:max_paragraphs]:
        for sentence in sentences(paragraph):
            out.append(sentence)
            chars += len(sentence)
        if chars >= max_chars:
            break
    return out


# ----------------------------------------------------------------------------------------------
# Near-duplicates: word 5-shingles, candidate pairs by sampled shingles, exact Jaccard.

def shingles(record):
    words = tokens(record["title"] + " " + record["text"])
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def same_story_title(a, b):
    """The same title (folded) and dates at most SAME_TITLE_DAYS apart."""
    if not a["title"].strip() or fold(a["title"]).split() != fold(b["title"]).split():
        return False
    try:
        days = abs((datetime.date.fromisoformat(a["date"])
                    - datetime.date.fromisoformat(b["date"])).days)
    except ValueError:
        return False
    return days <= SAME_TITLE_DAYS


def near_duplicates(records, work, key):
    cache = os.path.join(work, "neardup.json")
    want = {"version": NEARDUP_VERSION, "corpus": key, "jaccard": NEARDUP_JACCARD,
            "containment": NEARDUP_CONTAINMENT, "same_title": [SAME_TITLE_CONTAINMENT,
                                                               SAME_TITLE_DAYS]}
    if os.path.exists(cache):
        try:
            with open(cache, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("key") == want:
                return [tuple(p) for p in data["pairs"]]
        except (OSError, ValueError):
            pass
    log("near-duplicates: shingling (one-off, cached in neardup.json)")
    started = time.monotonic()
    sets = [shingles(r) for r in records]
    exact = collections.defaultdict(list)
    for index, record in enumerate(records):
        if record["text"].strip():
            exact[hashlib.sha1(record["text"].strip().encode()).hexdigest()].append(index)
    postings = collections.defaultdict(list)
    for index, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            value = zlib.crc32(shingle.encode())
            if value % SAMPLE_MOD == 0:
                postings[value].append(index)
    shared = collections.Counter()
    for docs in postings.values():
        if 1 < len(docs) <= MAX_POSTING:
            for pair in itertools.combinations(docs, 2):
                shared[pair] += 1
    candidates = {pair for pair, count in shared.items() if count >= 2}
    for docs in exact.values():
        candidates.update(itertools.combinations(docs, 2))
    pairs = []
    for a, b in sorted(candidates):
        sa, sb = sets[a], sets[b]
        if not sa or not sb:
            continue
        common = len(sa & sb)
        jaccard = common / len(sa | sb)
        smaller = min(len(sa), len(sb))
        containment = common / smaller
        if jaccard >= NEARDUP_JACCARD or (containment >= NEARDUP_CONTAINMENT
                                          and smaller >= MIN_SHINGLES_CONTAINMENT) or \
                (containment >= SAME_TITLE_CONTAINMENT and smaller >= MIN_SHINGLES_CONTAINMENT
                 and same_story_title(records[a], records[b])):
            pairs.append((a, b, round(jaccard, 3)))
    os.makedirs(work, exist_ok=True)
    tmp = cache + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"key": want, "pairs": pairs}, handle)
    os.replace(tmp, cache)
    log(f"near-duplicates: {len(pairs)} pairs in {time.monotonic() - started:.0f} s")
    return pairs


# ----------------------------------------------------------------------------------------------
# Corpus statistics over distinct stories (one article per near-duplicate group).

class Stats:
    def __init__(self, records, pairs):
        self.records = records
        n = len(records)
        parent = list(range(n))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        self.neighbours = collections.defaultdict(set)
        for a, b, _ in pairs:
            self.neighbours[a].add(b)
            self.neighbours[b].add(a)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        self.group = [find(i) for i in range(n)]
        self.representative = [self.group[i] == i for i in range(n)]
        self.vocab = {}
        self.doc_terms = [None] * n  # sorted array of term ids (representatives only)
        df = collections.Counter()
        # Occurrences of each folded word written in lower case and capitalised (names).
        self.lower = collections.Counter()
        self.upper = collections.Counter()
        for index, record in enumerate(records):
            if not self.representative[index]:
                continue
            ids = set()
            words = WORD_RE.findall(record["title"] + " " + record["text"])
            for word in words:
                if word[0].isupper():
                    self.upper[fold_word(word)] += 1
                elif word[0].islower():
                    self.lower[fold_word(word)] += 1
            for token in (fold_word(w) for w in words if "_" not in w):
                term = self.vocab.get(token)
                if term is None:
                    term = self.vocab[token] = len(self.vocab)
                ids.add(term)
            self.doc_terms[index] = array.array("i", sorted(ids))
            df.update(ids)
        self.df = df
        self.stories = sum(self.representative)
        self.postings = collections.defaultdict(lambda: array.array("i"))
        for index in range(n):
            if self.doc_terms[index] is not None:
                for term in self.doc_terms[index]:
                    if df[term] <= 2000:
                        self.postings[term].append(index)

    def doc_freq(self, word):
        term = self.vocab.get(fold(word))
        return self.df[term] if term is not None else 0

    def idf(self, word):
        return math.log(self.stories / (1 + self.doc_freq(word)))

    def has(self, index, term):
        terms = self.doc_terms[index]
        at = bisect.bisect_left(terms, term)
        return at < len(terms) and terms[at] == term

    def stories_with_all(self, words):
        """How many distinct stories hold every folded token of words (None: too common)."""
        terms = set()
        for word in words:
            for token in tokens(word):
                term = self.vocab.get(token)
                if term is None:
                    return 0
                terms.add(term)
        if not terms:
            return None
        rarest = min(terms, key=lambda t: self.df[t])
        if self.df[rarest] > 2000:
            return None
        return sum(1 for index in self.postings[rarest]
                   if all(self.has(index, t) for t in terms))

    def name_like(self, word):
        """Every part written with a capital in the corpus at least 4 times out of 5."""
        parts = WORD_RE.findall(word)
        return bool(parts) and all(self.lower[fold_word(p)] * 4 < self.upper[fold_word(p)]
                                   for p in parts)

    def accepted(self, index):
        return sorted({index} | self.neighbours.get(index, set()))


# ----------------------------------------------------------------------------------------------
# Helpers for building queries

WORD_SURFACE_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def surface_words(text):
    return WORD_SURFACE_RE.findall(text)


def is_stop(word):
    parts = tokens(word)
    return not parts or all(p in STOPWORDS for p in parts)


GLUED_RE = re.compile(r"[a-zà-ÿ][A-ZÀ-ÖØ-Ý]")


def content_counts(record):
    """Folded token -> (count in the article, most frequent lower-case surface form)."""
    counts = collections.Counter()
    forms = collections.defaultdict(collections.Counter)
    capitalised = collections.Counter()
    for word in re.findall(r"[^\W\d_]+", record["title"] + " " + record["text"]):
        if GLUED_RE.search(word):
            continue  # two words glued by the scraper ("FranceEn")
        token = fold(word)
        counts[token] += 1
        forms[token][word.lower()] += 1
        if word[0].isupper():
            capitalised[token] += 1
    return counts, {t: f.most_common(1)[0][0] for t, f in forms.items()}, capitalised


def distinctive(record, stats, exclude=(), common_nouns=False):
    """The article's words by tf-idf (title and text), best first: [(surface, folded)]."""
    counts, forms, capitalised = content_counts(record)
    scored = []
    for token, count in counts.items():
        if len(token) < 4 or token in STOPWORDS or token in exclude:
            continue
        if common_nouns and capitalised[token] * 2 > count:
            continue
        df = stats.df.get(stats.vocab.get(token), 0)
        if df < 2:  # only in this story: a typo or a scraping artefact
            continue
        scored.append((-(1 + math.log(count)) * math.log(stats.stories / (1 + df)), token))
    scored.sort()
    return [(forms[token], token) for _, token in scored]


def sanitize(query):
    """Plain text a user types: no operators, quotes, brackets or field syntax."""
    query = re.sub(r"[\"«»“”„()\[\]{}*:;!?…<>|=~^/\\#@&_]", " ", query)
    query = query.replace("’", "'")
    query = re.sub(r"\.{2,}", " ", query)
    query = re.sub(r"(?<!\w)[.,'](?!\w)", " ", query)
    query = re.sub(r"(?<!\w)\.|\.(?!\d)", " ", query)
    query = re.sub(r"(?:(?<=\s)|^)[-–—+]+", " ", query)   # no -word / +word
    query = re.sub(r"[-–—+]+(?=\s|$)", " ", query)
    words = query.split()
    words = [w.lower() if w in {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"} else w for w in words]
    query = " ".join(words)
    query = re.sub(r"\s+,", ",", query).strip(" ,")
    return query


def inflect(word):
    """Another form of a noun or adjective (singular <-> plural), or None."""
    lower = word.lower()
    if len(lower) < 4 or not lower.isalpha():
        return None
    if lower.endswith("aux") and not lower.endswith(("eaux", "yaux")) and len(lower) > 4:
        return word[:-3] + "al"
    if lower.endswith("al"):
        return word[:-2] + "aux"
    if lower.endswith(("ss", "us", "is", "x", "z")):
        return None
    if lower.endswith("s"):
        return word[:-1]
    if lower.endswith(("é", "e", "t", "n", "r", "l", "ée", "ion")):
        return word + "s"
    return None


def replace_case(original, new):
    return new[0].upper() + new[1:] if original[:1].isupper() and new else new


VERB_ENDINGS = ("er", "ir", "ez", "ent", "ait", "aient", "ons", "ais", "rai", "ra", "ront",
                "ndre", "aître", "uire")

DETERMINERS = {"le", "la", "les", "l", "un", "une", "des", "du", "ce", "cet", "cette", "ces",
               "son", "sa", "ses", "leur", "leurs", "au", "aux", "de", "d"}


# ----------------------------------------------------------------------------------------------
# Styles. Each returns (query, details) or None when the article gives no usable query.

def make_sentence(record, stats, rng, variant):
    candidates = []
    lead_sentences = lead(record["text"])
    for position, sentence in enumerate(lead_sentences):
        n = len(surface_words(sentence))
        if 10 <= n <= 35:
            candidates.append(position)
    if not candidates:
        return None
    position = rng.choice(candidates[:8])
    chosen = [lead_sentences[position]]
    n = len(surface_words(chosen[0]))
    if position + 1 < len(lead_sentences):
        nxt = lead_sentences[position + 1]
        if (n < 16 or rng.random() < 0.25) and n + len(surface_words(nxt)) <= 45:
            chosen.append(nxt)
    source = " ".join(chosen)
    changes = []

    # Reorder clauses: move a comma-delimited clause of the first sentence to the other end.
    clauses = [c.strip() for c in re.split(r",\s+", chosen[0].rstrip(".!?…\"»” ")) if c.strip()]
    if len(clauses) >= 2 and all(len(surface_words(c)) >= 3 for c in clauses) and \
            rng.random() < 0.6:
        if rng.random() < 0.5:
            clauses = clauses[1:] + clauses[:1]
        else:
            clauses = clauses[-1:] + clauses[:-1]
        clauses[0] = clauses[0][:1].upper() + clauses[0][1:]
        chosen[0] = ", ".join(clauses)
        changes.append("reorder")

    text = sanitize(" ".join(chosen))
    # Words with the commas that follow them kept apart.
    words = re.findall(r"[^\s,]+|,", text)
    # A few words to another form: synonym, tense, singular/plural, digits.
    replaceable = []
    for i, word in enumerate(words):
        lower = word.lower()
        if word == ",":
            continue
        if fold(lower) in SYNONYMS:
            replaceable.append((i, "synonym"))
        elif lower in TENSES:
            replaceable.append((i, "tense"))
        elif lower in NUMBERS:
            replaceable.append((i, "number"))
        elif i > 0 and words[i - 1].lower() in ("a", "ont") and lower.endswith("é") and \
                len(lower) >= 5:
            replaceable.append((i, "participle"))
        elif i > 0 and fold(words[i - 1]) in DETERMINERS and not is_stop(word) and \
                inflect(word) and not word[:1].isupper() and not lower.endswith(VERB_ENDINGS):
            replaceable.append((i, "number-agreement"))
    rng.shuffle(replaceable)
    wanted = min(rng.randint(2, 3), max(1, sum(1 for w in words if w != ",") // 8))
    removed = set()
    touched = set()
    original = list(words)
    for i, kind in replaceable:
        if len(touched) >= wanted:
            break
        if i in touched or i in removed or (kind == "participle" and i - 1 in touched):
            continue
        touched.add(i)
        word = original[i]
        lower = word.lower()
        if kind == "synonym":
            new = rng.choice(SYNONYMS[fold(lower)])
        elif kind == "tense":
            new = TENSES[lower]
        elif kind == "number":
            new = NUMBERS[lower]
        elif kind == "participle":  # "a annoncé" -> "annonce", "ont décidé" -> "décident"
            new = word[:-1] + ("e" if original[i - 1].lower() == "a" else "ent")
            removed.add(i - 1)
        else:
            new = inflect(word)
        words[i] = replace_case(word, new)
        changes.append(f"{kind}:{lower}>{new.lower()}")
    words = [w for i, w in enumerate(words) if i not in removed]

    # Forget about a third of the words, function words twice as likely as the others.
    positions = [i for i, w in enumerate(words) if w != ","]
    drop_count = round(len(positions) / 3)
    weights = {i: (2.0 if is_stop(words[i]) else 1.0) for i in positions}
    dropped = set()
    for _ in range(drop_count):
        pool = [i for i in positions if i not in dropped]
        total = sum(weights[i] for i in pool)
        pick = rng.random() * total
        for i in pool:
            pick -= weights[i]
            if pick <= 0:
                dropped.add(i)
                break
    words = [w for i, w in enumerate(words) if i not in dropped]
    query = " ".join(words).replace(" ,", ",")
    query = re.sub(r",(\s*,)+", ",", query).strip(" ,")
    if variant % 2 == 1:
        query = strip_accents(query)
        changes.append("no-accents")
    query = sanitize(query)
    if len(query.split()) < 8:
        return None
    return query, {"source": source, "changes": changes}


def make_gist(record, stats, rng, variant):
    all_title = surface_words(record["title"])
    # The title's words but numbers and function words (name particles kept: "Marine Le Pen").
    title_words = [w for i, w in enumerate(all_title)
                   if re.search(r"[^\W\d_]", w) and (
                       not is_stop(w) or (0 < i < len(all_title) - 1
                                          and w.lower() in NAME_PARTICLES
                                          and all_title[i - 1][:1].isupper()
                                          and all_title[i + 1][:1].isupper()))]
    if len(title_words) < 2:
        return None
    counts, forms, _ = content_counts(record)
    present = set(counts)
    title_tokens = set(tokens(record["title"]))
    keep = sorted(rng.sample(range(len(title_words)), min(len(title_words), rng.randint(2, 4))))
    subject = []
    foreign = []
    for i in keep:
        word = title_words[i]
        alternatives = [s for s in SYNONYMS.get(fold(word), [])
                        if not set(tokens(s)) & present and not is_stop(s)]
        if alternatives and rng.random() < 0.5:
            new = rng.choice(alternatives)
            foreign.append(new)
            subject.append(new)
        else:
            subject.append(word)
    while subject and subject[0].lower() in NAME_PARTICLES:
        subject.pop(0)
    while subject and subject[-1].lower() in NAME_PARTICLES:
        subject.pop()
    top = [(form, token) for form, token in distinctive(record, stats, exclude=title_tokens)[:8]]
    if len(top) < 2:
        return None
    extra = [form for form, _ in rng.sample(top, rng.randint(2, 3))]
    # Words the article does not use: synonyms of its words, or the words of a summary.
    alternatives = sorted({s for token in present for s in SYNONYMS.get(token, [])
                           if not set(tokens(s)) & present and s not in foreign
                           and not is_stop(s)})
    wanted = rng.randint(1, 2) - (1 if foreign and rng.random() < 0.5 else 0)
    while wanted > 0:
        alternatives = [w for w in alternatives if w not in foreign]
        if alternatives and rng.random() < 0.6:
            word = rng.choice(alternatives)
        else:
            pool = [w for w in SUMMARY_WORDS if fold(w) not in present and w not in foreign]
            if not pool:
                break
            word = rng.choice(pool)
        foreign.append(word)
        extra.insert(rng.randrange(len(extra) + 1), word)
        wanted -= 1
    if not foreign:
        return None
    link = rng.choice(GIST_LINKS)
    if len(extra) >= 2 and rng.random() < 0.5:
        extra = extra[:-1] + ["et", extra[-1]]
    query = " ".join(subject + [link] + extra)
    if variant % 2 == 1:
        query = query.lower()
    query = sanitize(query)
    return query, {"foreign": foreign}


def make_keywords(record, stats, rng, variant):
    lead_paragraphs = paragraphs(record["text"])
    text = ""
    for paragraph in lead_paragraphs[:3]:
        text += " " + paragraph
        if len(surface_words(text)) >= 25:
            break
    seen = {}
    for position, word in enumerate(re.findall(r"[^\W\d_]+", text)):
        token = fold(word)
        if len(token) < 4 or token in STOPWORDS or token in seen or GLUED_RE.search(word):
            continue
        df = stats.doc_freq(token)
        if df < 2:  # only in this story: a typo or a scraping artefact
            continue
        seen[token] = (df, position, word.lower())
    ranked = sorted(seen.values())
    if len(ranked) < 3:
        return None
    count = rng.randint(3, 5)
    while count <= min(5, len(ranked)):
        words = [w for _, _, w in ranked[:count]]
        shared = stats.stories_with_all(words)
        if shared is not None and shared <= MAX_SHARED_KEYWORDS:
            break
        count += 1
    else:
        return None
    rng.shuffle(words)
    query = " ".join(words)
    if variant % 2 == 1:
        query = strip_accents(query)
    return sanitize(query), {"stories_with_all": shared}


NAME_RE = re.compile(
    r"[A-ZÀ-ÖØ-Ý][^\W\d_]+(?:[-'’][A-ZÀ-ÖØ-Ýa-zà-ÿ][^\W\d_]*)*"
    r"(?:\s+(?:(?:de|du|des|la|le|von|van|der|ben|bin|al|el|da|di|dos)\s+|d['’])?"
    r"[A-ZÀ-ÖØ-Ý][^\W\d_]+(?:[-'’][A-ZÀ-ÖØ-Ýa-zà-ÿ][^\W\d_]*)*)*")


def names(record, stats):
    """Names: capitalised word sequences not at a sentence start, trimmed to the words the
    corpus writes with a capital (proper nouns), with their counts in the article."""
    found = collections.Counter()
    forms = {}
    for paragraph in paragraphs(record["text"]):
        for sentence in sentences(paragraph):
            for match in NAME_RE.finditer(sentence):
                before = sentence[:match.start()].rstrip()
                # Not at a sentence start, nor just after a quote, a colon or a dash ("M." is
                # no sentence end).
                if not re.search(r"[\w,']$|(?:^|\s)(?:M|Mme|MM|Dr|Me|Mgr|Pr)\.$", before):
                    continue
                words = match.group(0).split()
                if any(GLUED_RE.search(w) for w in words):
                    continue  # glued by the scraper ("MacronGérald")

                def proper(word):
                    return word.lower() not in NAME_PARTICLES and \
                        fold(word) not in NAME_BLOCK and stats.name_like(word) and \
                        not (word.isupper() and len(word) > 5)
                while words and not proper(words[0]) and not (
                        words[0] in ("Le", "La", "Les") and len(words) > 1
                        and proper(words[1])):  # "Le Pen", "Le Mans", "La Rochelle"
                    words = words[1:]
                while words and not proper(words[-1]):
                    words = words[:-1]
                if not words or not all(proper(w) or w.lower() in NAME_PARTICLES
                                        for w in words[1:]):
                    continue
                name = " ".join(words)
                parts = tokens(name)
                if parts and parts[0] in ("le", "la", "les", "l"):
                    parts = parts[1:]
                if len(name) < 3 or "-".join(parts) in MEDIA:
                    continue
                key = fold(name)
                found[key] += 1
                forms.setdefault(key, name)
    return [(forms[key], count) for key, count in sorted(found.items())]


def topic_words(record, stats, name):
    """Topic words: the article's common words (not names, not verb forms) by tf-idf, words
    of the title counting double; the best six."""
    exclude = set(tokens(name))
    counts, forms, capitalised = content_counts(record)
    title = set(tokens(record["title"]))
    scored = []
    for token, count in counts.items():
        if len(token) < 4 or token in STOPWORDS or token in exclude or \
                token.endswith(VERB_ENDINGS) or capitalised[token] * 2 > count or \
                stats.name_like(forms[token]):
            continue
        df = stats.df.get(stats.vocab.get(token), 0)
        if df < 2:
            continue
        score = (1 + math.log(count)) * math.log(stats.stories / (1 + df))
        scored.append((-score * (2 if token in title else 1), token))
    scored.sort()
    return [forms[token] for _, token in scored[:6]]


def make_name_topic(record, stats, rng, variant):
    title_folded = fold(record["title"])
    scored = []
    for name, count in names(record, stats):
        parts = tokens(name)
        if not parts or all(p in STOPWORDS for p in parts) or name.isupper():
            continue  # acronyms name organisations, not people or places
        dfs = [stats.doc_freq(p) for p in parts]
        if min(dfs) < 2:  # only in this story: a typo or a scraping artefact
            continue
        in_title = fold(name) in title_folded
        if count < 2 and not in_title:
            continue  # named in passing: the article is not about it
        score = (count + (2 if in_title else 0)) * (1 + 0.3 * (len(parts) - 1)) * \
            math.log(stats.stories / (1 + min(dfs)))
        scored.append((-score, fold(name), name))
    scored.sort()
    if not scored:
        return None
    tried = [name for _, _, name in scored[:3]]
    rng.shuffle(tried)
    for name in tried:
        topics = topic_words(record, stats, name)
        if not topics:
            continue
        order = list(topics)
        rng.shuffle(order)
        combos = [[t] for t in order] + [list(c) for c in itertools.combinations(order, 2)]
        if rng.random() < 0.5:
            combos = combos[len(order):] + combos[:len(order)]
        for combo in combos:
            shared = stats.stories_with_all([name] + combo)
            if shared is not None and shared <= MAX_SHARED_NAME_TOPIC:
                parts = [name] + combo if rng.random() < 0.7 else combo + [name]
                query = " ".join(parts)
                if variant % 2 == 1:
                    query = query.lower()
                return sanitize(query), {"name": name, "topics": combo,
                                         "stories_with_all": shared}
    return None


MAKERS = {"sentence": make_sentence, "gist": make_gist, "keywords": make_keywords,
          "name_topic": make_name_topic}


# ----------------------------------------------------------------------------------------------

def eligible(record):
    text = record["text"].strip()
    return (len(text) >= MIN_TEXT_CHARS and len(surface_words(text)) >= MIN_TEXT_WORDS
            and len(surface_words(record["title"])) >= 2)


def source_sha256():
    with open(os.path.abspath(__file__), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def generate(corpus, work, per_style=PER_STYLE):
    started = time.monotonic()
    key = corpus_key(corpus)
    records = load_corpus(corpus)
    log(f"{len(records)} articles read from {corpus}")
    pairs = near_duplicates(records, work, key)
    stats = Stats(records, pairs)
    log(f"{stats.stories} distinct stories, {len(pairs)} near-duplicate pairs")
    # Candidates: eligible articles, one per near-duplicate group (its first in corpus order),
    # in an order shuffled by the fixed seed.
    candidates = [i for i, r in enumerate(records) if stats.representative[i] and eligible(r)]
    order = list(candidates)
    random.Random(SEED).shuffle(order)
    queries = {style: [] for style in STYLES}
    tried = collections.Counter()
    rejected = collections.Counter()
    cursor = 0
    while any(len(queries[s]) < per_style for s in STYLES) and cursor < len(order):
        for style in STYLES:
            if len(queries[style]) >= per_style:
                continue
            while cursor < len(order):
                index = order[cursor]
                cursor += 1
                record = records[index]
                variant = len(queries[style])
                rng = random.Random(f"{SEED}:{style}:{record['id']}")
                tried[style] += 1
                made = MAKERS[style](record, stats, rng, variant)
                if made is None:
                    rejected[style] += 1
                    continue
                query, details = made
                accepted = [records[i]["id"] for i in stats.accepted(index)]
                queries[style].append({
                    "qid": f"{style}-{variant + 1:03d}", "style": style, "query": query,
                    "target": record["id"], "accepted": accepted,
                    "target_title": record["title"], "target_date": record["date"],
                    "details": details})
                break
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "queries.jsonl")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        for style in STYLES:
            for query in queries[style]:
                handle.write(json.dumps(query, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(tmp, path)
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    meta = {"generator_version": GENERATOR_VERSION, "seed": SEED, "corpus": key,
            "articles": len(records), "stories": stats.stories,
            "near_duplicate_pairs": len(pairs), "eligible_targets": len(candidates),
            "per_style": {s: len(queries[s]) for s in STYLES}, "requested_per_style": per_style,
            "tried": dict(tried), "rejected": dict(rejected),
            "queries_sha256": digest, "seconds": round(time.monotonic() - started, 1),
            "generator_sha256": source_sha256()}
    with open(os.path.join(work, "queries.meta.json"), "w", encoding="utf-8") as handle:
        json.dump(meta, handle, indent=1, sort_keys=True)
        handle.write("\n")
    log(f"{sum(meta['per_style'].values())} queries written to {path} "
        f"({meta['seconds']} s, sha256 {digest[:12]})")
    return meta


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="/tmp/knownitem")
    parser.add_argument("--per-style", type=int, default=PER_STYLE)
    args = parser.parse_args()
    generate(args.corpus, args.work, args.per_style)


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    main()
