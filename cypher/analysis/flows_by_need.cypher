// flows_by_need: referrals out of and into each area, per need.
//
// The `by_need` part of `netmap flows`: for each area at $level and each need that
// referrals made from it or received in it are about: referrals_out, referrals_in, the
// referrals out by status (no known status counts as open) and their acceptance_rate
// ((accepted + closed) / (accepted + closed + declined), null when 0). See flows.cypher.
// Order: area id, need.
//
// @param level: str = district        -- city | ward | district | neighbourhood
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
// @param area: str = null             -- only this area and the areas below it
//
// Columns: area_id, need, referrals_out, referrals_in, open, accepted, declined, closed,
//          acceptance_rate
MATCH (u:Area {level: $level})
WHERE $area IS NULL OR EXISTS { (u)-[:PART_OF*0..]->(:Area {id: $area}) }
CALL (u) {
  MATCH (ref:Referral)-[:FROM]->(o:Organisation)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(ref.date, '') <= $as_of
    AND coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
  RETURN DISTINCT ref, 'out' AS dir
  UNION
  MATCH (ref:Referral)-[:TO]->(t)-[:LOCATED_IN|HELD_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(ref.date, '') <= $as_of
    AND (t:Organisation OR t:Activity)
    AND coalesce(t.valid_from, '') <= $as_of
    AND (coalesce(t.valid_to, '') = '' OR $as_of <= t.valid_to)
  RETURN DISTINCT ref, 'in' AS dir
}
OPTIONAL MATCH (ref)-[:ABOUT]->(n:Need)
WITH u, coalesce(n.id, '') AS need, dir,
     CASE WHEN ref.status IN ['open', 'accepted', 'declined', 'closed'] THEN ref.status
          ELSE 'open' END AS status
WITH u, need,
     count(CASE WHEN dir = 'out' THEN 1 END) AS referrals_out,
     count(CASE WHEN dir = 'in' THEN 1 END) AS referrals_in,
     count(CASE WHEN dir = 'out' AND status = 'open' THEN 1 END) AS open,
     count(CASE WHEN dir = 'out' AND status = 'accepted' THEN 1 END) AS accepted,
     count(CASE WHEN dir = 'out' AND status = 'declined' THEN 1 END) AS declined,
     count(CASE WHEN dir = 'out' AND status = 'closed' THEN 1 END) AS closed
RETURN u.id AS area_id, need, referrals_out, referrals_in, open, accepted, declined, closed,
       CASE WHEN accepted + closed + declined = 0 THEN null
            ELSE round(toFloat(accepted + closed) / (accepted + closed + declined), 9)
       END AS acceptance_rate
ORDER BY area_id, need
