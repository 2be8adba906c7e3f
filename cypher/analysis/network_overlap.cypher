// network_overlap: how much existing networks share their members.
//
// For each pair of networks with at least one member in common: the members of each, the
// members they share, and the Jaccard overlap shared / (members of either), rounded to 9
// decimals. High overlap means two networks gather the same organisations (a chance to
// merge meetings); pairs absent here share no member (see missing_bridges.cypher for those
// that nothing connects at all). Only networks, memberships and organisations valid on
// $as_of count.
// Order: shared members descending, then network ids.
//
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
//
// Columns: network_a, network_a_name, network_b, network_b_name, members_a, members_b,
//          shared_members, overlap
MATCH (n:Network)
WHERE coalesce(n.valid_from, '') <= $as_of
  AND (coalesce(n.valid_to, '') = '' OR $as_of <= n.valid_to)
CALL (n) {
  MATCH (n)<-[m:MEMBER_OF]-(o:Organisation)
  WHERE coalesce(m.valid_from, '') <= $as_of
    AND (coalesce(m.valid_to, '') = '' OR $as_of <= m.valid_to)
    AND coalesce(o.valid_from, '') <= $as_of
    AND (coalesce(o.valid_to, '') = '' OR $as_of <= o.valid_to)
  RETURN collect(DISTINCT o.id) AS members
}
WITH collect({id: n.id, name: n.name, members: members}) AS nets
UNWIND nets AS a
UNWIND nets AS b
WITH a, b, size([x IN a.members WHERE x IN b.members]) AS shared
WHERE a.id < b.id AND shared > 0
RETURN a.id AS network_a, a.name AS network_a_name, b.id AS network_b,
       b.name AS network_b_name, size(a.members) AS members_a, size(b.members) AS members_b,
       shared AS shared_members,
       round(toFloat(shared) / (size(a.members) + size(b.members) - shared), 9) AS overlap
ORDER BY shared_members DESC, network_a, network_b
