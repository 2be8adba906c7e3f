// gaps: needs with no local resource (a gap) or too few (under-supplied), per area.
//
// The same definition as `netmap gaps` (DATA_MODEL.md "Gaps"), for area A at $level and
// need N:
//   demand = distinct residents living in A (or below it) who have N or were referred
//            about N, plus referrals about N naming no resident that come from an
//            organisation located in A (each counts once);
//   supply = activities held in A that address N + organisations located in A providing N.
// A gap has demand >= $min_demand and supply = 0 (ratio null); an under-supplied pair has
// supply > 0 and demand / supply > $ratio. Only records valid on $as_of count
// (valid_from/valid_to, both inclusive) and referrals dated on or before it. Records
// located in an area coarser than $level belong to no area of the level.
// Order: demand descending, ratio descending (null last), area id, need.
// Candidate resources for one gap: gap_candidates.cypher.
//
// Parameters (Neo4j Browser: `:param level => 'district'` etc.):
// @param level: str = district        -- city | ward | district | neighbourhood
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
// @param min_demand: int = 1          -- smallest demand reported as a gap
// @param ratio: float = 10.0          -- under-supplied above this demand / supply
// @param area: str = null             -- only this area and the areas below it
// @param need: str = null             -- only this need id
//
// Columns: area_id, area_name, need, demand, supply, ratio, kind ('gap' | 'undersupplied')
CALL () {
  MATCH (res:Resident)-[:LIVES_IN]->(:Area)-[:PART_OF*0..]->(u:Area {level: $level})
  MATCH (res)-[:HAS_NEED]->(n:Need)
  RETURN u, n.id AS need, res.id AS who
  UNION
  MATCH (ref:Referral)-[:CONCERNS]->(res:Resident)-[:LIVES_IN]->(:Area)-[:PART_OF*0..]->(u:Area {level: $level})
  WHERE coalesce(ref.date, '') <= $as_of
  MATCH (ref)-[:ABOUT]->(n:Need)
  RETURN u, n.id AS need, res.id AS who
  UNION
  MATCH (ref:Referral)-[:ABOUT]->(n:Need)
  WHERE coalesce(ref.date, '') <= $as_of AND NOT EXISTS { (ref)-[:CONCERNS]->(:Resident) }
  MATCH (ref)-[:FROM]->(o:Organisation)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(u:Area {level: $level})
  WHERE coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
  RETURN u, n.id AS need, ref.id AS who
}
WITH u, need, count(DISTINCT who) AS demand
WHERE ($need IS NULL OR need = $need)
  AND ($area IS NULL OR EXISTS { (u)-[:PART_OF*0..]->(:Area {id: $area}) })
CALL (u, need) {
  OPTIONAL MATCH (a:Activity)-[:HELD_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(a.valid_from, '') <= $as_of
    AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    AND EXISTS { (a)-[:ADDRESSES]->(:Need {id: need}) }
  RETURN count(DISTINCT a) AS activities
}
CALL (u, need) {
  OPTIONAL MATCH (o:Organisation)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
    AND EXISTS { (o)-[:PROVIDES]->(:Need {id: need}) }
  RETURN count(DISTINCT o) AS providers
}
WITH u, need, demand, activities + providers AS supply
WHERE (supply = 0 AND demand >= $min_demand)
   OR (supply > 0 AND toFloat(demand) / supply > $ratio)
WITH u, need, demand, supply,
     CASE WHEN supply = 0 THEN null ELSE round(toFloat(demand) / supply, 9) END AS ratio
RETURN u.id AS area_id, u.name AS area_name, need, demand, supply, ratio,
       CASE WHEN supply = 0 THEN 'gap' ELSE 'undersupplied' END AS kind
ORDER BY demand DESC, coalesce(ratio, -1.0) DESC, area_id, need
