// import --sync: remove Activity nodes the imported files no longer contain. $ids = [id].
UNWIND $ids AS id
MATCH (n:Activity {id: id})
DETACH DELETE n
