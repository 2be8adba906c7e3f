// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// import --sync: remove PARTICIPATES_IN relationships the imported file no longer contains.
// $rows = [{source, target, key}].
UNWIND $rows AS row
MATCH (s:Resident {id: row.source})-[r:PARTICIPATES_IN]->(t:Activity {id: row.target})
DELETE r
