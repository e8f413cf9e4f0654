#!/usr/bin/env python3
"""Prototype (development only): candidate pairs ranked by shared name words with a budget
per record, to measure what such a generator would add to blocking (docs/linkage.md
"What more blocking keys buy on the hard profile").

  bench/link/topk_candidates.py DIR K CAP

DIR: a bench/link/run.sh directory (h.db, gen/truth.csv, and pairs.tsv from
`habeas --db DIR/h.db link --dry-run --dump-pairs DIR/pairs.tsv`). Each name word becomes
a crude Spanish sound key and, from four letters, its one-letter deletions; a record's
candidates are the K records sharing variants of at least two of its words with the
largest sum of the words' IDF, skipping variants held by more than CAP records. Writes
DIR/topk_pairs.txt (record id pairs) and prints completeness alone and with the rules'.
Slow (minutes at 66k records): a measurement, not an implementation.
"""
import sqlite3, json, unicodedata, re, math, collections, csv, sys, time
d=sys.argv[1]; K=int(sys.argv[2]); CAP=int(sys.argv[3])
db=sqlite3.connect(d+"/h.db")
src={i:n for i,n in db.execute("select id,name from sources")}
def fold(s):
    s=unicodedata.normalize("NFD", s.lower()); return "".join(c for c in s if unicodedata.category(c)!="Mn")
def key(w):
    w=re.sub(r"[^a-zñ]", "", w)
    w=w.replace("ll","y").replace("qu","k").replace("ch","x").replace("h","")
    w=re.sub(r"c([ei])", r"s\1", w); w=w.replace("z","s").replace("c","k").replace("v","b").replace("w","b")
    w=re.sub(r"g([ei])", r"j\1", w); w=w.replace("ñ","n").replace("y","i")
    w=re.sub(r"(.)\1+", r"\1", w)
    return w
STOP={"de","del","la","las","los","y"}
recs={}
for rid,sid,f in db.execute("select id,source_id,fields from records"):
    f=json.loads(f)
    text=" ".join(f.get(k,"") for k in ("full_name","given_names","surname1","surname2","surnames"))
    words=[key(w) for w in re.split(r"[\s,]+", fold(text)) if w and w not in STOP]
    words=[w for w in words if len(w)>=2]
    recs[rid]=list(dict.fromkeys(words))
def variants(w):
    v={w}
    if len(w)>=4:
        for i in range(len(w)): v.add(w[:i]+w[i+1:])
    return v
post=collections.defaultdict(list)
for rid,ws in recs.items():
    seen=set()
    for wi,w in enumerate(ws):
        for v in variants(w):
            if (v) not in seen: seen.add(v); post[v].append((rid,wi))
N=len(recs)
df=collections.Counter()
for rid,ws in recs.items():
    for w in ws: df[w]+=1
t0=time.time()
cands=set()
for rid,ws in recs.items():
    score=collections.defaultdict(dict)  # other -> {my word index: weight}
    for wi,w in enumerate(ws):
        idf=math.log(N/(1+df[w]))
        for v in variants(w):
            pl=post.get(v,())
            if len(pl)>CAP: continue
            for o,_ in pl:
                if o!=rid:
                    s=score[o]; 
                    if s.get(wi,0)<idf: s[wi]=idf
    ranked=sorted(((sum(s.values()),o) for o,s in score.items() if len(s)>=2), reverse=True)[:K]
    for _,o in ranked: cands.add((min(rid,o),max(rid,o)))
open(d+"/topk_pairs.txt","w").write("".join("%d %d\n" % p for p in sorted(cands)))
print("topk pairs", len(cands), "time", round(time.time()-t0,1))
truth={(r["source"],r["source_record_id"]):r["person_id"] for r in csv.DictReader(open(d+"/gen/truth.csv"))}
pid={}
for rid,sid,sr in db.execute("select id,source_id,source_record_id from records"): pid[rid]=truth[(src[sid],sr)]
existing=set()
for line in open(d+"/pairs.tsv"):
    a,b,_,_=line.split("\t"); existing.add((int(a),int(b)))
members=collections.defaultdict(list)
for r,p in pid.items(): members[p].append(r)
tp=[(min(a,b),max(a,b)) for ms in members.values() for i,a in enumerate(ms) for b in ms[i+1:]]
e=sum(p in existing for p in tp); u=sum(p in existing or p in cands for p in tp); k=sum(p in cands for p in tp)
print("true", len(tp), "existing", e/len(tp), "topk alone", k/len(tp), "union", u/len(tp), "new pairs", len(cands-existing))
