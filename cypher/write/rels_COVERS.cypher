// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write COVERS relationships (Network)-[:COVERS]->(Area).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Network {id: row.source})
MATCH (t:Area {id: row.target})
MERGE (s)-[r:COVERS]->(t)
SET r = row.props
RETURN count(r) AS written
