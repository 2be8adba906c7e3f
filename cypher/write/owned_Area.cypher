// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Delete the relationships Area rows own (PART_OF) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Area {id: id})
CALL (n) {
  MATCH (n)-[r:PART_OF]->()
  DELETE r
}
