// Delete the relationships Network rows own (COVERS) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Network {id: id})
CALL (n) {
  MATCH (n)-[r:COVERS]->()
  DELETE r
}
