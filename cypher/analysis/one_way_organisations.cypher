// one_way_organisations: organisations that refer out but never receive, and the reverse.
//
// The `one_way_organisations` of `netmap flows`: out_only = made referrals, received none;
// in_only = received referrals (to itself or to an activity it runs) but made none.
// Referrals dated on or before $as_of; organisations and activities valid then.
// Order: organisation id.
//
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
// @param area: str = null             -- only organisations located in this area or below it
//
// Columns: organisation_id, name, area_id, direction, referrals_out, referrals_in
MATCH (o:Organisation)
WHERE coalesce(o.valid_from, '') <= $as_of
  AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
OPTIONAL MATCH (o)-[:LOCATED_IN]->(loc:Area)
WITH o, min(loc.id) AS area_id
WHERE $area IS NULL
   OR EXISTS { (o)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(:Area {id: $area}) }
CALL (o) {
  OPTIONAL MATCH (ref:Referral)-[:FROM]->(o)
  WHERE coalesce(ref.date, '') <= $as_of
  RETURN count(DISTINCT ref) AS referrals_out
}
CALL (o) {
  CALL (o) {
    MATCH (ref:Referral)-[:TO]->(o)
    WHERE coalesce(ref.date, '') <= $as_of
    RETURN ref
    UNION ALL
    MATCH (ref:Referral)-[:TO]->(a:Activity)<-[:RUNS]-(o)
    WHERE coalesce(ref.date, '') <= $as_of
      AND coalesce(a.valid_from, '') <= $as_of
      AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    RETURN ref
  }
  RETURN count(ref) AS referrals_in
}
WITH o, area_id, referrals_out, referrals_in
WHERE (referrals_out > 0) <> (referrals_in > 0)
RETURN o.id AS organisation_id, o.name AS name, area_id,
       CASE WHEN referrals_out > 0 THEN 'out_only' ELSE 'in_only' END AS direction,
       referrals_out, referrals_in
ORDER BY organisation_id
