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
            // Take the first table, in build-time order, whose principals are all placed. A cycle between tables
            // leaves none; then the first remaining table ON a cycle goes next (deferred checks, dropped constraints or
            // the final verification cover it) — not merely one that depends on the cycle, which would go before its
            // own principals.
            var next = remaining.FirstOrDefault(t => t.Principals.All(placed.Contains))
                ?? remaining.FirstOrDefault(t => IsOnCycle(t, placed))
                ?? remaining[0];
            remaining.Remove(next);
            placed.Add(next);
            result.Add(next);
        }

        return result;
    }

    /// <summary>Whether <paramref name="table"/> reaches itself through unplaced principals.</summary>
    private static bool IsOnCycle(TableMapping table, HashSet<TableMapping> placed)
    {
        var seen = new HashSet<TableMapping>();
        var pending = new Stack<TableMapping>(table.Principals.Where(p => !placed.Contains(p)));
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current == table)
            {
                return true;
            }

            if (seen.Add(current))
            {
                foreach (var principal in current.Principals)
                {
                    if (!placed.Contains(principal))
                    {
                        pending.Push(principal);
                    }
                }
            }
        }

        return false;
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
