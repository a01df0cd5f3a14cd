#!/usr/bin/env python3
"""Generate the word lists the `mentions` stage uses to find people the gazetteers do not know.

gazetteers/given_names.txt — given names that introduce a person's name in news text.

The `mentions` stage takes `Laura Loomer` as a person because `Laura` is a given name followed by
a capitalised word. The list is the first word of the people in the gazetteer sources (Wikidata
officeholders, CIA World Leaders, current world leaders) that

- occurs as a first name at least twice (one-off first words are often titles or transliteration
  noise);
- is a capitalised word of letters only, at least 2 characters long;
- is not a common English word: in the corpora its lowercase form is rarer than its capitalised
  form (drops `Will`, `May`, `Mark`, `Grace`, `Young`, `Hope`) — measured, not hand-listed;
- is not itself a title (`General`, `President`, `King`, ...).

gazetteers/common_words.txt — words that are common English words, not names: their lowercase
form occurs at least 20 times in the corpora and more often than their capitalised form. A
capitalised word next to a speech verb (`Malek said`) is taken for a name only if it is not one
of these (`Police said` is not a person).

Usage (from the repository root):
    python3 gazetteers/wordlists.py [--sources ../shared/gazetteer-sources] [--corpora ../shared/corpora]
"""
import argparse
import collections
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TITLES = {
    "General", "President", "King", "Queen", "Prince", "Princess", "Sheikh", "Sir", "Dr", "Mr", "Mrs",
    "Ms", "Lord", "Lady", "Ayatollah", "Emir", "Sultan", "Minister", "Colonel", "Admiral", "Captain",
    "Major", "Saint", "Saint", "Hon", "Dame", "Baron", "Count", "Duke", "Chief", "Judge", "Bishop",
}
WORD = re.compile(r"^[A-Z][a-zà-öø-ÿ]+$")


def first_names(sources):
    people = os.path.join(sources, "people")
    counts = collections.Counter()
    files = {
        "wikidata_officeholders_since2000.tsv": "person_label",
        "wikidata_heads_of_state_government.tsv": "person_label",
        "world_leaders_current_2026.tsv": "name_en",
        "cia_world_leaders_2019.tsv": "given_names",
        "wikidata_office_lists.tsv": "label",
    }
    for name, column in files.items():
        with open(os.path.join(people, name), encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                value = (row.get(column) or "").strip()
                if value:
                    counts[value.split()[0]] += 1
    return counts


def corpus_case_counts(corpora, candidates):
    lower = {c.lower(): c for c in candidates}
    capital = collections.Counter()
    small = collections.Counter()
    token = re.compile(r"[A-Za-zà-öø-ÿ]+")
    for folder in sorted(os.listdir(corpora)):
        path = os.path.join(corpora, folder, "articles.jsonl")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                for w in token.findall(text):
                    if w in candidates:
                        capital[w] += 1
                    elif w in lower:
                        small[lower[w]] += 1
    return capital, small


def common_words(corpora):
    """Lowercase words seen >= 20 times in lowercase and more often lowercase than capitalised."""
    lower = collections.Counter()
    capital = collections.Counter()
    token = re.compile(r"[A-Za-zà-öø-ÿ]+")
    for folder in sorted(os.listdir(corpora)):
        path = os.path.join(corpora, folder, "articles.jsonl")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                for w in token.findall(text):
                    if w[0].isupper():
                        if w[1:].islower() or len(w) == 1:
                            capital[w.lower()] += 1
                    else:
                        lower[w] += 1
    return sorted(w for w, n in lower.items() if n >= 20 and n > capital[w] and len(w) > 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default=os.path.join(ROOT, "..", "shared", "gazetteer-sources"))
    ap.add_argument("--corpora", default=os.path.join(ROOT, "..", "shared", "corpora"))
    args = ap.parse_args()
    counts = first_names(args.sources)
    candidates = {n for n, c in counts.items() if c >= 2 and WORD.match(n) and n not in TITLES}
    capital, small = corpus_case_counts(args.corpora, candidates)
    dropped = sorted(n for n in candidates if small[n] > capital[n])
    names = sorted(candidates - set(dropped))
    out = os.path.join(HERE, "given_names.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# generated by gazetteers/given_names.py from ../shared/gazetteer-sources — do not edit\n")
        f.write("# given names (first words of officeholders' names), common English words removed\n")
        for n in names:
            f.write(n + "\n")
    print(f"{len(names)} given names written to {out}; {len(dropped)} dropped as common words, e.g. "
          + ", ".join(dropped[:40]), file=sys.stderr)
    words = common_words(args.corpora)
    out = os.path.join(HERE, "common_words.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# generated by gazetteers/wordlists.py from ../shared/corpora — do not edit\n")
        f.write("# common lowercase words (>= 20 lowercase uses, more lowercase than capitalised)\n")
        for w in words:
            f.write(w + "\n")
    print(f"{len(words)} common words written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
