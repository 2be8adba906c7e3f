// flows: entrance and exit of each area: referrals made from it and received in it.
//
// The same definition as `netmap flows` (DATA_MODEL.md "Entrance and exit"). For each area
// at $level: referrals_out = referrals made by organisations located there (the entrance:
// residents noticed there); referrals_in = referrals received by organisations located, or
// activities held, there (the exit: somewhere to go); the referrals out by status (a
// referral with no known status counts as open) and acceptance_rate = (accepted + closed) /
// (accepted + closed + declined), null when that is 0. Referrals dated on or before $as_of;
// organisations and activities valid then. Per need: flows_by_need.cypher.
// Order: area id.
//
// @param level: str = district        -- city | ward | district | neighbourhood
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
// @param area: str = null             -- only this area and the areas below it
//
// Columns: area_id, area_name, referrals_out, referrals_in, open, accepted, declined, closed,
//          acceptance_rate
MATCH (u:Area {level: $level})
WHERE $area IS NULL OR EXISTS { (u)-[:PART_OF*0..]->(:Area {id: $area}) }
CALL (u) {
  OPTIONAL MATCH (ref:Referral)-[:FROM]->(o:Organisation)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(ref.date, '') <= $as_of
    AND coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
  WITH DISTINCT ref
  WITH CASE WHEN ref.status IN ['open', 'accepted', 'declined', 'closed'] THEN ref.status
            ELSE 'open' END AS status, ref
  RETURN count(ref) AS referrals_out,
         count(CASE WHEN ref IS NOT NULL AND status = 'open' THEN 1 END) AS open,
         count(CASE WHEN status = 'accepted' THEN 1 END) AS accepted,
         count(CASE WHEN status = 'declined' THEN 1 END) AS declined,
         count(CASE WHEN status = 'closed' THEN 1 END) AS closed
}
CALL (u) {
  OPTIONAL MATCH (ref:Referral)-[:TO]->(t)-[:LOCATED_IN|HELD_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(ref.date, '') <= $as_of
    AND (t:Organisation OR t:Activity)
    AND coalesce(t.valid_from, '') <= $as_of
    AND (coalesce(t.valid_to, '') = '' OR $as_of <= t.valid_to)
  RETURN count(DISTINCT ref) AS referrals_in
}
RETURN u.id AS area_id, u.name AS area_name, referrals_out, referrals_in,
       open, accepted, declined, closed,
       CASE WHEN accepted + closed + declined = 0 THEN null
            ELSE round(toFloat(accepted + closed) / (accepted + closed + declined), 9)
       END AS acceptance_rate
ORDER BY area_id
