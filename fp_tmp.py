import json,sys
from ingest.pipeline import Pipeline
from ingest.runner import IngestReport, load_documents
from ingest.evaluate import pair_with_gold, read_gold, _match
rep=IngestReport()
docs=load_documents(['/work/shared/eval/dev/articles.jsonl','corpus/samples/qzwb-2024-06-20.md'],rep)
p=Pipeline()
xs=[p.analyse(d) for d in docs]
gold=read_gold('/work/shared/eval/dev/gold.jsonl')+read_gold('/work/shared/seed/qzwb-2024-06-20.gold.json')
pairs,_=pair_with_gold(xs,gold)
T=sys.argv[1]; part=sys.argv[2] if len(sys.argv)>2 else 'entities'
for (g,pr),rec in zip(pairs,gold):
    G={t for t in getattr(g,part) if t[0]==T}; P={t for t in getattr(pr,part) if t[0]==T}
    m=_match(G,P,True)
    fn=G-m
    # fp: predicted not used
    used=set()
    for gg in m:
        for pp in P:
            if pp not in used and all(a in b or b in a for a,b in zip(gg[1:],pp[1:])): used.add(pp);break
    fp=P-used
    if fn or fp: print(rec['id'],'FN',[t[1:] for t in fn],'\n      FP',[t[1:] for t in fp])
