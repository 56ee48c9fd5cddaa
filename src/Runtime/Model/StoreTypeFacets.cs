using System.Globalization;
using System.Text.RegularExpressions;

namespace DbPickle.Model;

/// <summary>
/// Length, precision and scale written into a store type (<c>varchar(200)</c>, <c>NUMERIC(10,2)</c>): a model that
/// sets the column type by hand instead of the MaxLength/Precision facets still gets its values checked.
/// </summary>
internal readonly partial record struct StoreTypeFacets(int? Length, int? Precision, int? Scale)
{
    public static StoreTypeFacets Parse(string storeType)
    {
        var match = Facets().Match(storeType);
        if (!match.Success)
        {
            return default;
        }

        var name = match.Groups["name"].Value.Trim().ToLowerInvariant();
        var first = int.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
        int? second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : null;
        return name switch
        {
            "decimal" or "numeric" or "number" => new StoreTypeFacets(null, first, second ?? 0),
            _ when name.Contains("char", StringComparison.Ordinal) || name.Contains("binary", StringComparison.Ordinal)
                || name is "varying" or "bit varying" => new StoreTypeFacets(first, null, null),
            _ => default,
        };
    }

    [GeneratedRegex(@"^\s*(?<name>[a-zA-Z ]+?)\s*\(\s*(?<first>\d+)\s*(,\s*(?<second>\d+)\s*)?\)", RegexOptions.CultureInvariant)]
    private static partial Regex Facets();
}
