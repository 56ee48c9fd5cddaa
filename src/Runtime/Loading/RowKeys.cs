using DbPickle.Model;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

internal static class RowKeys
{
    /// <summary>The values of <paramref name="columns"/> (indexes into the table's columns) of <paramref name="entity"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RowKey Of(TableMapping table, object entity, int[] columns)
    {
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            values[i] = table.Codec.GetValue(entity, table.Columns[columns[i]].PropertyIndex);
        }

        return new RowKey(values);
    }
}
