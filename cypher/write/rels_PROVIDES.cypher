// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write PROVIDES relationships (Organisation)-[:PROVIDES]->(Need).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Organisation {id: row.source})
MATCH (t:Need {id: row.target})
MERGE (s)-[r:PROVIDES]->(t)
SET r = row.props
RETURN count(r) AS written
