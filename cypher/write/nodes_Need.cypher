// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Upsert Need rows: $rows = [{id, props}]; a row's properties replace the stored ones.
UNWIND $rows AS row
MERGE (n:Need {id: row.id})
SET n = row.props
RETURN count(n) AS written
