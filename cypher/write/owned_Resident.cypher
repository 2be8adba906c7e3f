// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Delete the relationships Resident rows own (LIVES_IN, HAS_NEED) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Resident {id: id})
CALL (n) {
  MATCH (n)-[r:LIVES_IN|HAS_NEED]->()
  DELETE r
}
