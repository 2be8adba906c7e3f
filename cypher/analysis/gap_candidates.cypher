// gap_candidates: resources that could close one gap (area and need), and why.
//
// The candidates `netmap gaps` lists for a gap (DATA_MODEL.md "Gaps"), in its order:
//   same_ward          activities in the same ward, outside the area, that address the need;
//   extend_activity    activities held in the area whose kind commonly hosts the need but
//                      that do not address it yet (extend them: a seniors' salon opened to
//                      children); the need -> activity-kind table below is
//                      netmap.model.vocab.NEED_ACTIVITY_KINDS (a test keeps them equal);
//   widen_target_group activities held in the area that address the need for some target
//                      groups only (listed only where the need has local supply, i.e. for an
//                      under-supplied pair: widen their target group).
// Each group is ordered by name, then id. Only records valid on $as_of count.
//
// @param area: str = required         -- the gap's area id (at $level)
// @param need: str = required         -- the gap's need id
// @param level: str = district        -- city | ward | district | neighbourhood
// @param as_of: date = today          -- ISO date 'YYYY-MM-DD'
//
// Columns: activity_id, name, area_id (where it is held), reason
WITH {
  employment: ['employment_training', 'course', 'social_participation'],
  household_finance: ['course', 'outreach'],
  housing: ['outreach'],
  food: ['food_support', 'salon', 'place_to_be'],
  learning: ['learning_support', 'place_to_be'],
  childcare: ['place_to_be', 'salon', 'event', 'food_support'],
  elder_care: ['salon', 'watching', 'course'],
  disability: ['place_to_be', 'social_participation', 'employment_training'],
  health: ['salon', 'course', 'event'],
  isolation: ['salon', 'place_to_be', 'social_participation', 'watching'],
  shopping: ['shopping_support', 'watching'],
  fraud: ['course', 'salon', 'outreach', 'watching'],
  debt: ['course', 'outreach']
} AS hosts
MATCH (u:Area {id: $area, level: $level})
OPTIONAL MATCH (u)-[:PART_OF*0..]->(w:Area {level: 'ward'})
CALL (u, w, hosts) {
  MATCH (a:Activity)-[:HELD_IN]->(x:Area)-[:PART_OF*0..]->(w)
  WHERE coalesce(a.valid_from, '') <= $as_of
    AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    AND EXISTS { (a)-[:ADDRESSES]->(:Need {id: $need}) }
    AND EXISTS { (x)-[:PART_OF*0..]->(v:Area {level: $level}) WHERE v <> u }
  RETURN a, x, 1 AS rank, 'same_ward' AS reason
  UNION
  MATCH (a:Activity)-[:HELD_IN]->(x:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(a.valid_from, '') <= $as_of
    AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    AND a.kind IN coalesce(hosts[$need], [])
    AND NOT EXISTS { (a)-[:ADDRESSES]->(:Need {id: $need}) }
  RETURN a, x, 2 AS rank, 'extend_activity' AS reason
  UNION
  MATCH (a:Activity)-[:HELD_IN]->(x:Area)-[:PART_OF*0..]->(u)
  WHERE coalesce(a.valid_from, '') <= $as_of
    AND (coalesce(a.valid_to, '') = '' OR $as_of <= a.valid_to)
    AND EXISTS { (a)-[:ADDRESSES]->(:Need {id: $need}) }
    AND size(coalesce(a.target_groups, [])) > 0
    AND NOT 'all' IN a.target_groups
  RETURN a, x, 3 AS rank, 'widen_target_group' AS reason
}
RETURN a.id AS activity_id, a.name AS name, x.id AS area_id, reason
ORDER BY rank, name, activity_id
