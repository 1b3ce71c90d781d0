"""Scale-out of the ingest pipeline: local worker processes, a Ray cluster, and input shards.

    shards.py      inputs -> shards (files; directories expanded), Parquet rows -> Documents
    workers.py     WorkerPool: spawned processes, each holding one loaded Extractor
    ray_engine.py  RayPool / run_ray: Ray actors holding Extractors, Parquet result shards
    parquet.py     ArticleResults -> articles / mentions / claims Parquet rows and files

The pipeline (:func:`eventwire.pipeline.ingest`) stays the one place where reading, de-duplication
against the store and batched store writes happen; a pool only moves extraction elsewhere.
"""
