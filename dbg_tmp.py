import sys
from ingest.pipeline import Pipeline
from ingest.runner import IngestReport, load_documents
rep=IngestReport()
docs=load_documents(['/work/shared/eval/dev/articles.jsonl','corpus/samples/qzwb-2024-06-20.md'],rep)
p=Pipeline()
for d in docs:
    if d.origin.endswith(sys.argv[1]):
        x=p.analyse(d)
        for m in x.mentions:
            if m.type in sys.argv[2].split(','): print(m.type,m.text,m.canonical,m.entity_id,m.method)
        names={e.id:e.name for e in x.entities}
        for r in x.relations:
            if r.type not in ('PART_OF','CO_MENTIONED'): print(r.type,names[r.head],names[r.tail])
        if len(sys.argv)>3: print(x.analysed_text)
