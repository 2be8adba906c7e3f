// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// import --sync: remove PARTNERS_WITH relationships the imported file no longer contains.
// $rows = [{source, target, key}].
UNWIND $rows AS row
MATCH (s:Organisation {id: row.source})-[r:PARTNERS_WITH]->(t:Organisation {id: row.target})
WHERE coalesce(r.kind, '') = row.key
DELETE r
