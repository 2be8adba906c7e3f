// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// import --sync: remove MEMBER_OF relationships the imported file no longer contains.
// $rows = [{source, target, key}].
UNWIND $rows AS row
MATCH (s:Organisation {id: row.source})-[r:MEMBER_OF]->(t:Network {id: row.target})
DELETE r
