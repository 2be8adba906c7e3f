// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// import --sync: remove Need nodes the imported files no longer contain. $ids = [id].
UNWIND $ids AS id
MATCH (n:Need {id: id})
DETACH DELETE n
