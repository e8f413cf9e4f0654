#!/usr/bin/env python3
"""How many true pairs of a generated set could any linker decide? (development aid)

  habeas --db DB export records -o records.csv
  habeas --db DB export links -o links.csv
  bench/link/decidable.py GEN_DIR records.csv links.csv [MISSED.tsv]

GEN_DIR is habeas-gen's output (persons.csv, truth.csv). For every true pair, the
weaker record (identifier > full date > age or year > name only) decides: the words
of its person's true name that the record carries (each within one edit, two for
words of five letters or more: typos forgiven as by an oracle) are looked up among
all persons of the population, on lists or not. Persons holding all those words
are rivals when they also fit the record's year (age or date, +-1), flight and
region (the person's birth state). A pair whose weak record has no rival is
decidable from what the lists hold, unless a record of another person on the other
list fits the weak record at least as well as its true partner does (its typed words
are among the weak record's, as many as the partner shares, and its year is within
one): "JOSÉ ÁNGEL GONZÁLEZ OROPEZA" without a date is one person, but against two
manifest rows "GONZALEZ OROPEZA, JOSE" (1965, 1995) the lists cannot say which
(bucket "unique, a record fits too", not decidable). One rival makes it a coin toss
at best, two or more worse. Pairs where both records carry an identifier or a full
date count as decidable. Prints each bucket's share of true pairs and the linker's recall in it,
and the recall an oracle would reach linking every decidable pair and no other.
MISSED.tsv, if given, gets the decidable pairs left apart (record ids, bucket).
"""
import collections
import csv
import itertools
import re
import sys
import unicodedata

PARTICLES = {"de", "del", "la", "los", "las", "y", "da", "di"}
STRENGTH = ["id", "dob", "age", "name"]


def words(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(c if c.isalpha() else " " for c in text)
    return [w for w in text.split() if w not in PARTICLES]


def within(a, b, cap):
    if abs(len(a) - len(b)) > cap:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= cap


def strength(r):
    for k in ("national_id", "a_number"):
        v = r[k]
        if v and "X" not in v.upper() and "*" not in v:
            return "id"
    if len(r["birth_date"]) == 10:
        return "dob"
    return "age" if r["age"] or r["birth_date"] else "name"


def digits(text):
    return re.sub(r"\D", "", text)


def typed_words(r):
    return words(r["full_name"] or r["name"] or
                 " ".join(r[k] for k in ("given_names", "surname1", "surname2")))


def year_of(r):
    if r["birth_date"][:4].isdigit():
        return int(r["birth_date"][:4])
    if r["age"].isdigit():
        return 2025 - int(r["age"])
    return None


class Population:
    def __init__(self, path):
        self.persons = {p["person_id"]: p for p in csv.DictReader(open(path, encoding="utf-8"))}
        self.words = {pid: words(p["given_names"] + " " + p["surname1"] + " " + p["surname2"])
                      for pid, p in self.persons.items()}
        self.by_word = collections.defaultdict(set)
        for pid, ws in self.words.items():
            for w in set(ws):
                self.by_word[w].add(pid)

    def rivals(self, record, pid):
        typed = typed_words(record)
        held = [w for w in self.words[pid]
                if any(within(w, t, 1 if len(w) < 5 else 2) for t in typed)]
        if not held:
            return None
        found = set.intersection(*(self.by_word[w] for w in held)) - {pid}
        year = year_of(record)
        if year is not None:
            found = {q for q in found if not self.persons[q]["birth_date"] or
                     abs(int(self.persons[q]["birth_date"][:4]) - year) <= 1}
        flight = digits(record["flight"])
        if flight:
            found = {q for q in found if digits(self.persons[q]["flight"]) == flight}
        region = words(record["region"])
        if region:
            found = {q for q in found if words(self.persons[q]["birth_state"]) == region}
        return len(found)


class RecordIndex:
    """Records by list and by the set of their typed name words (accents and case
    folded, particles dropped)."""

    def __init__(self, records, person_of):
        self.by_words = collections.defaultdict(list)
        self.person_of = person_of
        for rid, r in records.items():
            ws = frozenset(typed_words(r))
            if len(ws) >= 2:
                self.by_words[r["source"], ws].append((rid, year_of(r)))

    def rival_record(self, weak, other, records):
        """Whether a record of another person on `other`'s list fits the weak record at
        least as well as `other` does: its typed words are among the weak record's, as
        many of them as `other` shares (two at least), and its year, if both have one,
        is within one of the weak record's. The lists alone then cannot say which of the
        two the weak record is."""
        w = records[weak]
        ws = sorted(set(typed_words(w)))
        shared = len(set(ws) & set(typed_words(records[other])))
        year = year_of(w)
        source = records[other]["source"]
        person = self.person_of[weak]
        for size in range(max(2, shared), len(ws) + 1):
            for subset in itertools.combinations(ws, size):
                for rid, ryear in self.by_words.get((source, frozenset(subset)), ()):
                    if rid == other or self.person_of[rid] == person:
                        continue
                    if year is None or ryear is None or abs(year - ryear) <= 1:
                        return True
        return False


def main():
    gen, records_path, links_path = sys.argv[1:4]
    # Optional: MISSED_FILE gets the decidable pairs left apart (record ids, bucket).
    missed_out = open(sys.argv[4], "w", encoding="utf-8") if len(sys.argv) > 4 else None
    population = Population(gen + "/persons.csv")
    truth = {(r["source"], r["source_record_id"]): r["person_id"]
             for r in csv.DictReader(open(gen + "/truth.csv", encoding="utf-8"))}
    records = {r["record_id"]: r for r in csv.DictReader(open(records_path, encoding="utf-8"))}
    linked = {r["record_id"]: r["person_id"]
              for r in csv.DictReader(open(links_path, encoding="utf-8"))}
    person_of = {rid: truth[(r["source"], r["source_record_id"])] for rid, r in records.items()}
    by_person = collections.defaultdict(list)
    for rid, pid in person_of.items():
        by_person[pid].append(rid)
    index = RecordIndex(records, person_of)
    counts = collections.Counter()
    rivals = {}
    for pid, rids in by_person.items():
        for a, b in itertools.combinations(rids, 2):
            sa, sb = strength(records[a]), strength(records[b])
            if sa in ("id", "dob") and sb in ("id", "dob"):
                bucket = "both dated or identified"
            else:
                weak = a if STRENGTH.index(sa) > STRENGTH.index(sb) else b
                if weak not in rivals:
                    rivals[weak] = population.rivals(records[weak], pid)
                n = rivals[weak]
                bucket = ("no name word" if n is None else "unique" if n == 0 else
                          "one rival" if n == 1 else "two or more rivals")
                if bucket == "unique" and index.rival_record(weak, b if weak == a else a,
                                                             records):
                    bucket = "unique, a record fits too"
            counts[bucket, linked[a] == linked[b]] += 1
            if missed_out and linked[a] != linked[b] and bucket in (
                    "both dated or identified", "unique"):
                missed_out.write("%s\t%s\t%s\n" % (a, b, bucket))
    total = sum(counts.values())
    decidable = 0
    print("%-27s %7s %6s %7s %7s" % ("weaker record's name", "pairs", "share", "recall", "missed"))
    for bucket in ("both dated or identified", "unique", "unique, a record fits too",
                   "one rival", "two or more rivals", "no name word"):
        n = counts[bucket, True] + counts[bucket, False]
        if bucket in ("both dated or identified", "unique"):
            decidable += n
        if n:
            print("%-27s %7d %6.3f %7.3f %7d" % (bucket, n, n / total, counts[bucket, True] / n,
                                                counts[bucket, False]))
    found = sum(v for (b, ok), v in counts.items() if ok)
    print("true pairs %d, linked %d (recall %.3f); decidable %d: an oracle linking those alone "
          "reaches recall %.3f at precision 1, F1 %.3f" %
          (total, found, found / total, decidable, decidable / total,
           2 * decidable / (total + decidable)))


if __name__ == "__main__":
    main()
