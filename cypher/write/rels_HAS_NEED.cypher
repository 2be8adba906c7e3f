// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write HAS_NEED relationships (Resident)-[:HAS_NEED]->(Need).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Resident {id: row.source})
MATCH (t:Need {id: row.target})
MERGE (s)-[r:HAS_NEED]->(t)
SET r = row.props
RETURN count(r) AS written
