#!/usr/bin/env python3
# A copy of a linked store whose persons are the generator's truth (development aid):
#   bench/estimate/truth_store.py STORE.db LISTS_DIR OUT.db
# Every record is moved to one existing person per true person, so that
#   habeas --db OUT.db --json estimate --linkage-draws 0 [...]
# estimates from the same records (the same ones left out as too weak to link) as if
# the linker had made no error: the difference from the store's own estimate, and from
# its `observed`, is the linkage's. The store must hold at least as many persons as the
# truth has (a linked store splits more than it merges).
import csv, shutil, sqlite3, sys

src, lists_dir, out = sys.argv[1:4]
shutil.copy(src, out)
truth = {(r['source'], r['source_record_id']): r['person_id']
         for r in csv.DictReader(open(lists_dir + '/truth.csv'))}
c = sqlite3.connect(out)
persons = [p for (p,) in c.execute("select id from persons where status = 'active' order by id")]
rows = list(c.execute("select r.id, s.name, r.source_record_id from records r "
                      "join sources s on s.id = r.source_id"))
true_ids = sorted({truth[(s, sr)] for _, s, sr in rows})
if len(true_ids) > len(persons):
    sys.exit(f"{len(true_ids)} true persons but only {len(persons)} persons in the store")
person_of = dict(zip(true_ids, persons))
c.executemany("update record_persons set person_id = ? where record_id = ?",
              [(person_of[truth[(s, sr)]], rid) for rid, s, sr in rows])
c.commit()
