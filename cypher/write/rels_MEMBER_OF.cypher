// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write MEMBER_OF relationships (Organisation)-[:MEMBER_OF]->(Network).
// Keyed by its endpoints: a re-import updates its properties.
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Organisation {id: row.source})
MATCH (t:Network {id: row.target})
MERGE (s)-[r:MEMBER_OF]->(t)
SET r = row.props
RETURN count(r) AS written
