using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DbPickle.Generators.Helpers;
using DbPickle.Generators.Model;

namespace DbPickle.Generators.Parsing;

/// <summary>
/// Builds each snapshot class's model: its entities in foreign-key order (principals first, DbSet order among
/// equals), with codec names and implemented hooks. The runtime checks this order against EF Core's model.
/// </summary>
internal static class InsertPlanner
{
    public static SnapshotClassModel PlanClass(ContextSpec context, ImmutableArray<EntityRelations> relations, ProviderReferences providers)
    {
        var order = Order(context, relations);
        var names = CodecNames(order);
        return new SnapshotClassModel(
            context.Namespace,
            context.SnapshotClassName,
            context.TypeDisplay,
            context.FullName,
            context.IsPublic,
            order.Select(e => names[e]).ToEquatableArray(),
            providers);
    }

    public static IEnumerable<CodecModel> PlanCodecs(ContextSpec context, ImmutableArray<EntitySpec> entities, ImmutableArray<EntityRelations> relations, ImmutableArray<HookSpec> hooks)
    {
        var order = Order(context, relations);
        var names = CodecNames(order);
        var byName = entities.GroupBy(e => e.FullName).ToDictionary(g => g.Key, g => g.First());
        var relationsByName = relations.GroupBy(r => r.FullName).ToDictionary(g => g.Key, g => g.First());
        foreach (var entityName in order)
        {
            var entity = byName[entityName];
            var principals = relationsByName.TryGetValue(entityName, out var r)
                ? r.Principals.Where(context.Entities.Contains).ToEquatableArray()
                : EquatableArray<string>.Empty;
            yield return new CodecModel(
                context.Namespace,
                context.SnapshotClassName,
                names[entityName],
                entity,
                principals,
                hooks.Any(h => h.IsPreWalk && h.EntityFullName == entityName && h.SnapshotClassFullName == context.SnapshotClassFullName),
                hooks.Any(h => !h.IsPreWalk && h.EntityFullName == entityName && h.SnapshotClassFullName == context.SnapshotClassFullName));
        }
    }

    /// <summary>The context's encodable entities, each after every entity it references.</summary>
    private static List<string> Order(ContextSpec context, ImmutableArray<EntityRelations> relations)
    {
        var present = new HashSet<string>(relations.Select(r => r.FullName));
        var members = context.Entities.Where(present.Contains).ToList();
        var principals = members.ToDictionary(m => m, _ => new HashSet<string>());
        foreach (var relation in relations)
        {
            if (!principals.ContainsKey(relation.FullName))
            {
                continue;
            }

            foreach (var principal in relation.Principals)
            {
                if (principal != relation.FullName && principals.ContainsKey(principal))
                {
                    principals[relation.FullName].Add(principal);
                }
            }

            foreach (var dependent in relation.Dependents)
            {
                if (dependent != relation.FullName && principals.TryGetValue(dependent, out var set))
                {
                    set.Add(relation.FullName);
                }
            }
        }

        var result = new List<string>(members.Count);
        var placed = new HashSet<string>();
        while (result.Count < members.Count)
        {
            // A cycle between entities leaves no candidate; then the first remaining entity ON the cycle goes next
            // (deferred checks cover it). Any remaining entity would not do: one that merely depends on the cycle
            // would go before its own principals.
            var next = members.FirstOrDefault(m => !placed.Contains(m) && principals[m].All(placed.Contains))
                ?? members.First(m => !placed.Contains(m) && IsOnCycle(m, principals, placed));
            placed.Add(next);
            result.Add(next);
        }

        return result;
    }

    /// <summary>Whether <paramref name="entity"/> can reach itself through principals not yet placed.</summary>
    private static bool IsOnCycle(string entity, Dictionary<string, HashSet<string>> principals, HashSet<string> placed)
    {
        var pending = new Stack<string>(principals[entity].Where(p => !placed.Contains(p)));
        var visited = new HashSet<string>();
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current == entity)
            {
                return true;
            }

            if (visited.Add(current))
            {
                foreach (var principal in principals[current].Where(p => !placed.Contains(p)))
                {
                    pending.Push(principal);
                }
            }
        }

        return false;
    }

    private static Dictionary<string, string> CodecNames(List<string> entities)
    {
        var names = new Dictionary<string, string>();
        var used = new HashSet<string>();
        foreach (var entity in entities)
        {
            var simple = entity.Substring(entity.LastIndexOfAny(['.', '+']) + 1);
            var name = simple + "Codec";
            for (var i = 2; !used.Add(name); i++)
            {
                name = simple + "Codec" + i;
            }

            names[entity] = name;
        }

        return names;
    }
}
