// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write FROM relationships (Referral)-[:FROM]->(Organisation).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Referral {id: row.source})
MATCH (t:Organisation {id: row.target})
MERGE (s)-[r:FROM]->(t)
SET r = row.props
RETURN count(r) AS written
