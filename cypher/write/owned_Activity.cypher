// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Delete the relationships Activity rows own (RUNS, HELD_IN, ADDRESSES) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Activity {id: id})
CALL (n) {
  MATCH (n)-[r:HELD_IN|ADDRESSES]->()
  DELETE r
}
CALL (n) {
  MATCH (n)<-[r:RUNS]-()
  DELETE r
}
