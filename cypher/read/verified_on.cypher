// The stored verification date of the organisations and activities among $ids (imports
// keep a record verified more recently than the file's row: docs/import-format.md).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Organisation {id: id})
  RETURN n.verified_on AS verified_on, n.source AS source
  UNION ALL
  MATCH (n:Activity {id: id})
  RETURN n.verified_on AS verified_on, n.source AS source
}
WITH id, verified_on, source
WHERE verified_on IS NOT NULL AND verified_on <> ''
RETURN id, verified_on, source
