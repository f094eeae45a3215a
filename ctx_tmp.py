import sys
from ingest.pipeline import Pipeline
from ingest.runner import IngestReport, load_documents
from ingest.evaluate import read_gold, normalise_name
rep=IngestReport()
docs=load_documents(['/work/shared/eval/dev/articles.jsonl','corpus/samples/qzwb-2024-06-20.md'],rep)
gold={g['id']:g for g in read_gold('/work/shared/eval/dev/gold.jsonl')+read_gold('/work/shared/seed/qzwb-2024-06-20.gold.json')}
p=Pipeline()
for d in docs:
    x=p.analyse(d)
    key=d.origin.rsplit('#',1)[-1]
    g=next((v for k,v in gold.items() if k.endswith(key.replace('.md','').split('/')[-1])),None)
    if not g: continue
    gn={normalise_name(e['canonical']) for e in g['entities'] if e['type']=='REGION'}
    for m in x.mentions:
        if m.type=='REGION' and m.canonical in sys.argv[1:] and not any(m.canonical in n or n in m.canonical for n in gn):
            print(key, m.canonical, '|', x.analysed_text[max(0,m.start-15):m.end+15].replace('\n','/'))
