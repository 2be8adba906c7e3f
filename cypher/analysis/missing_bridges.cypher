// missing_bridges: pairs of networks working in the same ward that nothing connects.
//
// The `missing_bridges` of `netmap bridges` (DATA_MODEL.md "Bridge organisations"): a
// network's wards are the wards of the areas it covers (every ward below a covered city),
// else the wards where its members are located; two networks sharing a ward, with no
// common member and no tie between any of their members (a tie of the organisation graph:
// a shared network, a partnership, or a referral either way, a referral to an activity
// tying to the organisation that runs it), form a missing bridge. Networks with no member
// are left out. Only records valid on $as_of count; referrals dated on or before it.
// Candidate organisations to connect them: `netmap bridges`.
// Order: the pair's combined member count descending, then network ids, ward id.
//
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
// @param area: str = null             -- only wards inside, or containing, this area
// @param top: int = null              -- at most this many rows
//
// Columns: network_a, network_a_name, network_b, network_b_name, ward_id, ward_name, members
MATCH (n:Network)
WHERE coalesce(n.valid_from, '') <= $as_of
  AND (coalesce(n.valid_to, '') = '' OR $as_of <= n.valid_to)
CALL (n) {
  OPTIONAL MATCH (n)<-[m:MEMBER_OF]-(o:Organisation)
  WHERE coalesce(m.valid_from, '') <= $as_of
    AND (coalesce(m.valid_to, '') = '' OR $as_of <= m.valid_to)
    AND coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
  RETURN collect(DISTINCT o) AS members
}
WITH n, members
WHERE size(members) > 0
CALL (n, members) {
  MATCH (n)-[:COVERS]->(:Area)-[:PART_OF*0..]->(w:Area {level: 'ward'})
  RETURN w
  UNION
  MATCH (n)-[:COVERS]->(:Area)<-[:PART_OF*0..]-(w:Area {level: 'ward'})
  RETURN w
  UNION
  WITH n, members
  WHERE NOT EXISTS { (n)-[:COVERS]->(:Area) }
  UNWIND members AS o
  MATCH (o)-[:LOCATED_IN]->(:Area)-[:PART_OF*0..]->(w:Area {level: 'ward'})
  RETURN w
}
WITH n, members, collect(DISTINCT w) AS wards
CALL (members) {
  UNWIND members AS x
  CALL (x) {
    MATCH (x)-[m1:MEMBER_OF]->(c:Network)<-[m2:MEMBER_OF]-(p:Organisation)
    WHERE coalesce(c.valid_from, '') <= $as_of
      AND (coalesce(c.valid_to, '') = '' OR $as_of <= c.valid_to)
      AND coalesce(m1.valid_from, '') <= $as_of
      AND (coalesce(m1.valid_to, '') = '' OR $as_of <= m1.valid_to)
      AND coalesce(m2.valid_from, '') <= $as_of
      AND (coalesce(m2.valid_to, '') = '' OR $as_of <= m2.valid_to)
    RETURN p
    UNION
    MATCH (x)-[r:PARTNERS_WITH]-(p:Organisation)
    WHERE coalesce(r.valid_from, '') <= $as_of
      AND (coalesce(r.valid_to, '') = '' OR $as_of <= r.valid_to)
    RETURN p
    UNION
    MATCH (x)<-[:FROM]-(ref:Referral)-[:TO]->(p:Organisation)
    WHERE coalesce(ref.date, '') <= $as_of
    RETURN p
    UNION
    MATCH (x)<-[:FROM]-(ref:Referral)-[:TO]->(a:Activity)<-[:RUNS]-(p:Organisation)
    WHERE coalesce(ref.date, '') <= $as_of
      AND coalesce(a.valid_from, '') <= $as_of
      AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    RETURN p
    UNION
    MATCH (x)<-[:TO]-(ref:Referral)-[:FROM]->(p:Organisation)
    WHERE coalesce(ref.date, '') <= $as_of
    RETURN p
    UNION
    MATCH (x)-[:RUNS]->(a:Activity)<-[:TO]-(ref:Referral)-[:FROM]->(p:Organisation)
    WHERE coalesce(ref.date, '') <= $as_of
      AND coalesce(a.valid_from, '') <= $as_of
      AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    RETURN p
  }
  WITH DISTINCT p
  WHERE coalesce(p.valid_from, '') <= $as_of
    AND (coalesce(p.valid_to, '') = '' OR $as_of <= p.valid_to)
  RETURN collect(p.id) AS reach
}
UNWIND wards AS w
WITH w, collect({id: n.id, name: n.name, members: [m IN members | m.id], reach: reach}) AS nets
WHERE $area IS NULL
   OR EXISTS { (w)-[:PART_OF*0..]->(:Area {id: $area}) }
   OR EXISTS { (:Area {id: $area})-[:PART_OF*0..]->(w) }
UNWIND nets AS a
UNWIND nets AS b
WITH w, a, b
WHERE a.id < b.id
  AND none(x IN a.members WHERE x IN b.members)
  AND none(x IN b.members WHERE x IN a.reach)
RETURN a.id AS network_a, a.name AS network_a_name, b.id AS network_b,
       b.name AS network_b_name, w.id AS ward_id, w.name AS ward_name,
       size(a.members) + size(b.members) AS members
ORDER BY members DESC, network_a, network_b, ward_id
LIMIT coalesce($top, 1000000000)
