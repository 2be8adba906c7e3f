// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Delete the relationships Network rows own (COVERS) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Network {id: id})
CALL (n) {
  MATCH (n)-[r:COVERS]->()
  DELETE r
}
