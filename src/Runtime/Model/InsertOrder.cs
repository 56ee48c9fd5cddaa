namespace DbPickle.Model;

/// <summary>Orders tables so every table comes after the tables it references, keeping the generator's order where it is already valid.</summary>
internal static class InsertOrder
{
    public static List<TableMapping> Compute(IReadOnlyList<TableMapping> buildTimeOrder)
    {
        var placed = new HashSet<TableMapping>();
        var result = new List<TableMapping>(buildTimeOrder.Count);
        var remaining = buildTimeOrder.ToList();
        while (remaining.Count > 0)
        {
            // Take the first table, in build-time order, whose principals are all placed; a cycle between
            // tables has none, and then the first remaining table goes next (the engine's deferred checks or
            // the final verification cover it).
            var next = remaining.FirstOrDefault(t => t.Principals.All(placed.Contains)) ?? remaining[0];
            remaining.Remove(next);
            placed.Add(next);
            result.Add(next);
        }

        return result;
    }

    public static bool SameOrder(IReadOnlyList<TableMapping> a, IReadOnlyList<TableMapping> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
