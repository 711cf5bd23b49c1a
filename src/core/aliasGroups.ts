/**
 * Alias groups (packages.json "aliases"): the distributions that ship one package, such as
 * tensorflow / tensorflow-cpu / tensorflow-gpu. A condition of rules.json or signatures.json
 * names a group once, as "@tensorflow", among its distribution names; the KnowledgeBase
 * expands it when it loads the data, so the evaluator only ever sees plain names and a
 * mistyped group fails at load time, not silently at evaluation.
 */
import { Condition, IRule, ISignature } from './knowledge';

/** Group name -> its member distributions, in order (the first is the group's name). */
export type AliasGroups = ReadonlyMap<string, readonly string[]>;

const GROUP_PREFIX = '@';

/**
 * The groups of packages.json, checked: each member is a watched distribution (a rule about
 * a distribution the probe never reports could not fire) and the first member is the group's
 * name, which is also the witness key (`{tensorflow}` in a message) of its conditions.
 */
export function readAliasGroups(
  aliases: { [group: string]: string[] } | undefined,
  watched: readonly string[]
): AliasGroups {
  const groups = new Map<string, readonly string[]>();
  for (const [group, members] of Object.entries(aliases ?? {})) {
    if (
      !Array.isArray(members) ||
      !members.every(member => typeof member === 'string')
    ) {
      throw new Error(
        `packages.json: aliases "${group}" must be a list of distribution names`
      );
    }
    if (members[0] !== group) {
      throw new Error(
        `packages.json: aliases "${group}" must list "${group}" first (its witness name)`
      );
    }
    const unwatched = members.filter(member => !watched.includes(member));
    if (unwatched.length) {
      throw new Error(
        `packages.json: aliases "${group}" lists ${unwatched.map(m => `"${m}"`).join(', ')}, not in "packages"`
      );
    }
    groups.set(group, [...members]);
  }
  return groups;
}

/** `names` with every "@group" replaced by the group's members; `where` names the entry. */
function expandNames(
  names: string[],
  groups: AliasGroups,
  where: string
): string[] {
  return names.flatMap(name => {
    if (!name.startsWith(GROUP_PREFIX)) {
      return [name];
    }
    const members = groups.get(name.slice(GROUP_PREFIX.length));
    if (!members) {
      const known = [...groups.keys()].map(g => GROUP_PREFIX + g).join(', ');
      throw new Error(
        `${where}: unknown alias group "${name}" (packages.json "aliases" defines ${known || 'none'})`
      );
    }
    return [...members];
  });
}

/** A condition with its alias groups expanded (a new object; the data is not modified). */
export function expandCondition(
  cond: Condition,
  groups: AliasGroups,
  where: string
): Condition {
  const names = (list: string[]) => expandNames(list, groups, where);
  if ('package' in cond) {
    return { ...cond, package: names(cond.package) };
  }
  if ('present' in cond) {
    return { ...cond, present: names(cond.present) };
  }
  if ('absent' in cond) {
    return { ...cond, absent: names(cond.absent) };
  }
  if ('versions_differ' in cond) {
    const { a, b } = cond.versions_differ;
    return {
      ...cond,
      versions_differ: { ...cond.versions_differ, a: names(a), b: names(b) }
    };
  }
  if ('any' in cond) {
    return {
      ...cond,
      any: cond.any.map(inner => expandCondition(inner, groups, where))
    };
  }
  if ('not' in cond) {
    return { ...cond, not: expandCondition(cond.not, groups, where) };
  }
  return cond;
}

function expandAll(
  conds: Condition[],
  groups: AliasGroups,
  where: string
): Condition[] {
  return conds.map(cond => expandCondition(cond, groups, where));
}

/** A rule with the alias groups of its conditions expanded. */
export function expandRule(rule: IRule, groups: AliasGroups): IRule {
  return {
    ...rule,
    when: expandAll(rule.when, groups, `rules.json: rule "${rule.id}"`)
  };
}

/** A signature with the alias groups of its refinements' env conditions expanded. */
export function expandSignature(
  signature: ISignature,
  groups: AliasGroups
): ISignature {
  if (!signature.refine) {
    return signature;
  }
  const where = `signatures.json: signature "${signature.id}"`;
  return {
    ...signature,
    refine: signature.refine.map(refinement =>
      refinement.when.env
        ? {
            ...refinement,
            when: {
              ...refinement.when,
              env: expandAll(refinement.when.env, groups, where)
            }
          }
        : refinement
    )
  };
}
