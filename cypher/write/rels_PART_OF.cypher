// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write PART_OF relationships (Area)-[:PART_OF]->(Area).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Area {id: row.source})
MATCH (t:Area {id: row.target})
MERGE (s)-[r:PART_OF]->(t)
SET r = row.props
RETURN count(r) AS written
