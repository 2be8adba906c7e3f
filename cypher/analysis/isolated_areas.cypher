// isolated_areas: areas whose residents in need meet no network, no tie outside, no activity.
//
// The same definition as `netmap isolated` (DATA_MODEL.md "Isolated areas"). For each area
// at $level: organisations located there (or below), their network memberships, their ties
// to organisations located outside the area (ties of the organisation graph: a shared
// network, a partnership, or a referral either way, a referral to an activity tying to the
// organisation that runs it; an organisation in a coarser area, such as a ward office, is
// outside every district), activities held there, residents with at least one need there,
// and isolated residents (with needs, in no activity, with no accepted or closed referral).
// Reasons: no_network_member, no_external_tie, no_activity. An area is isolated when it has
// residents with needs and at least one reason; score = reasons / 3 (0 when not isolated).
// Only records valid on $as_of count; referrals dated on or before it.
// Order: score descending, then area id.
//
// @param level: str = district        -- city | ward | district | neighbourhood
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
// @param area: str = null             -- only this area and the areas below it
//
// Columns: area_id, area_name, isolated, score, reasons, organisations, network_memberships,
//          external_ties, activities, residents_with_needs, isolated_residents
MATCH (u:Area {level: $level})
WHERE $area IS NULL OR EXISTS { (u)-[:PART_OF*0..]->(:Area {id: $area}) }
CALL (u) {
  OPTIONAL MATCH (o:Organisation)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
  RETURN collect(DISTINCT o) AS orgs
}
CALL (orgs) {
  UNWIND orgs AS o
  MATCH (o)-[m:MEMBER_OF]->(n:Network)
  WHERE coalesce(m.valid_from, '') <= $as_of
    AND (coalesce(m.valid_to, '') = '' OR $as_of <= m.valid_to)
    AND coalesce(n.valid_from, '') <= $as_of
    AND (coalesce(n.valid_to, '') = '' OR $as_of <= n.valid_to)
  RETURN count(*) AS network_memberships
}
CALL (u, orgs) {
  UNWIND orgs AS o
  CALL (o) {
    // shared network
    MATCH (o)-[m1:MEMBER_OF]->(n:Network)<-[m2:MEMBER_OF]-(p:Organisation)
    WHERE p <> o
      AND coalesce(n.valid_from, '') <= $as_of
      AND (coalesce(n.valid_to, '') = '' OR $as_of <= n.valid_to)
      AND coalesce(m1.valid_from, '') <= $as_of
      AND (coalesce(m1.valid_to, '') = '' OR $as_of <= m1.valid_to)
      AND coalesce(m2.valid_from, '') <= $as_of
      AND (coalesce(m2.valid_to, '') = '' OR $as_of <= m2.valid_to)
    RETURN p
    UNION
    // partnership (stored once per pair, either direction)
    MATCH (o)-[r:PARTNERS_WITH]-(p:Organisation)
    WHERE p <> o
      AND coalesce(r.valid_from, '') <= $as_of
      AND (coalesce(r.valid_to, '') = '' OR $as_of <= r.valid_to)
    RETURN p
    UNION
    // referral from o, to an organisation or to an activity it runs
    MATCH (o)<-[:FROM]-(ref:Referral)-[:TO]->(t)
    WHERE coalesce(ref.date, '') <= $as_of
    OPTIONAL MATCH (t:Activity)<-[:RUNS]-(runner:Organisation)
    WITH t, runner
    WHERE t:Organisation OR (
      t:Activity AND coalesce(t.valid_from, '') <= $as_of
      AND (coalesce(t.valid_to, '') = '' OR $as_of <= t.valid_to))
    WITH CASE WHEN t:Organisation THEN t ELSE runner END AS p
    WHERE p IS NOT NULL AND p <> o
    RETURN p
    UNION
    // referral to o (or to an activity o runs), from p
    MATCH (o)<-[:TO]-(ref:Referral)-[:FROM]->(p:Organisation)
    WHERE coalesce(ref.date, '') <= $as_of AND p <> o
    RETURN p
    UNION
    MATCH (o)-[:RUNS]->(a:Activity)<-[:TO]-(ref:Referral)-[:FROM]->(p:Organisation)
    WHERE coalesce(ref.date, '') <= $as_of AND p <> o
      AND coalesce(a.valid_from, '') <= $as_of
      AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    RETURN p
  }
  WITH p
  WHERE coalesce(p.valid_from, '') <= $as_of
    AND (coalesce(p.valid_to, '') = '' OR $as_of <= p.valid_to)
    AND NOT EXISTS { (p)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(u) }
  RETURN count(*) AS external_ties
}
CALL (u) {
  OPTIONAL MATCH (a:Activity)-[:HELD_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(a.valid_from, '') <= $as_of
    AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
  RETURN count(DISTINCT a) AS activities
}
CALL (u) {
  OPTIONAL MATCH (res:Resident)-[:LIVES_IN]->(:Area)-[:PART_OF*0..]->(u)
  WHERE EXISTS { (res)-[:HAS_NEED]->(:Need) }
  WITH DISTINCT res
  WITH res,
       EXISTS {
         MATCH (res)-[pt:PARTICIPATES_IN]->(a:Activity)
         WHERE coalesce(pt.valid_from, '') <= $as_of
           AND (coalesce(pt.valid_to, '') = '' OR $as_of <= pt.valid_to)
           AND coalesce(a.valid_from, '') <= $as_of
           AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
       } AS participates,
       EXISTS {
         MATCH (ref:Referral)-[:CONCERNS]->(res)
         WHERE coalesce(ref.date, '') <= $as_of AND ref.status IN ['accepted', 'closed']
       } AS reached
  RETURN count(res) AS residents_with_needs,
         count(CASE WHEN res IS NOT NULL AND NOT participates AND NOT reached THEN 1 END)
           AS isolated_residents
}
WITH u, size(orgs) AS organisations, network_memberships, external_ties, activities,
     residents_with_needs, isolated_residents,
     [r IN [
        CASE WHEN network_memberships = 0 THEN 'no_network_member' END,
        CASE WHEN external_ties = 0 THEN 'no_external_tie' END,
        CASE WHEN activities = 0 THEN 'no_activity' END
      ] WHERE r IS NOT NULL] AS reasons
WITH *, residents_with_needs > 0 AND size(reasons) > 0 AS isolated
RETURN u.id AS area_id, u.name AS area_name, isolated,
       CASE WHEN isolated THEN round(size(reasons) / 3.0, 9) ELSE 0.0 END AS score,
       reasons, organisations, network_memberships, external_ties, activities,
       residents_with_needs, isolated_residents
ORDER BY score DESC, area_id
