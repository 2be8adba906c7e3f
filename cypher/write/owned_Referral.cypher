// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Delete the relationships Referral rows own (FROM, TO, CONCERNS, ABOUT) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:Referral {id: id})
CALL (n) {
  MATCH (n)-[r:FROM|TO|CONCERNS|ABOUT]->()
  DELETE r
}
