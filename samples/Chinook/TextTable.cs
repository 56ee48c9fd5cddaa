using System.Globalization;
using System.Text;

namespace Chinook.Demo;

/// <summary>A console table with padded columns, so the sample needs no console-UI package.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]?> _rows = new();

    /// <summary>Creates a table with the given columns; numbers read best right-aligned.</summary>
    public TextTable(params (string Header, bool RightAligned)[] columns)
    {
        _headers = columns.Select(c => c.Header).ToArray();
        _rightAligned = columns.Select(c => c.RightAligned).ToArray();
    }

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public void AddRow(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Adds a rule line, e.g. above a totals row.</summary>
    public void AddRule() => _rows.Add(null);

    /// <summary>Writes the table, header and rule included.</summary>
    public void Write(TextWriter writer)
    {
        var widths = _headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows.OfType<string[]>())
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var rule = string.Join("  ", widths.Select(w => new string('-', w)));
        writer.WriteLine(Line(_headers, widths));
        writer.WriteLine(rule);
        foreach (var row in _rows)
        {
            writer.WriteLine(row is null ? rule : Line(row, widths));
        }
    }

    /// <summary>Formats a count with thousands separators, invariantly so the output is the same everywhere.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Formats a count with its noun, e.g. "1 difference", "3 differences".</summary>
    public static string Count(long value, string noun) => $"{Count(value)} {noun}{(value == 1 ? string.Empty : "s")}";

    /// <summary>Formats a duration in milliseconds.</summary>
    public static string Duration(TimeSpan value) => value.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Formats a file size in KiB/MiB with the exact byte count beside it.</summary>
    public static string Size(long bytes)
    {
        var scaled = bytes >= 1024 * 1024
            ? (bytes / (1024.0 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " MiB"
            : (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB";
        return $"{scaled} ({Count(bytes)} bytes)";
    }

    private string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(_rightAligned[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        return line.ToString().TrimEnd();
    }
}
