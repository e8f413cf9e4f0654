# A linked store's records beside the generator's truth (development aids in this
# directory; the linker and the estimate never see the truth).
import csv, json, re, sqlite3


def records(db, lists_dir):
    """{record id: (list, true person, linked person, fields)}; a record without a
    person is its own (-record id)."""
    truth = {(r['source'], r['source_record_id']): r['person_id']
             for r in csv.DictReader(open(lists_dir + '/truth.csv'))}
    c = sqlite3.connect(db)
    out = {}
    for rid, src, srid, pid, fields in c.execute(
            "select r.id, s.name, r.source_record_id, rp.person_id, r.fields from records r "
            "join sources s on s.id = r.source_id "
            "left join record_persons rp on rp.record_id = r.id"):
        out[rid] = (src, truth[(src, srid)], pid if pid is not None else -rid, json.loads(fields))
    return out


def thin_name(fields):
    """Fewer than two name words of two or more letters (RecordTooThinToLink)."""
    words = re.findall(r'[^\W\d_]{2,}', ' '.join(
        fields.get(k, '') for k in ('full_name', 'given_names', 'surname1', 'surname2', 'surnames')))
    return len(words) < 2
