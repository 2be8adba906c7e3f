// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Delete the relationships Organisation rows own (LOCATED_IN, PROVIDES) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
CALL (n) {
  MATCH (n)-[r:LOCATED_IN|PROVIDES]->()
  DELETE r
}
