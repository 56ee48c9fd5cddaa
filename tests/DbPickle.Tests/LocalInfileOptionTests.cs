using DbPickle.Engines;

namespace DbPickle.Tests;

/// <summary>
/// How a MariaDB load reads, from the connection string alone, whether MySql.Data will upload its LOAD DATA files: a
/// wrong "yes" breaks the connection mid-load, a wrong "no" only costs speed.
/// </summary>
public sealed class LocalInfileOptionTests
{
    [Theory]
    [InlineData("server=h;user id=root;allowloadlocalinfile=True", true, null)] // as MySql.Data spells it once open
    [InlineData("Server=h;AllowLoadLocalInfile=true", true, null)]
    [InlineData("Server=h;Allow Load Local Infile=Yes", true, null)]
    [InlineData("Server=h;ALLOWLOADLOCALINFILE = 1", true, null)]
    [InlineData("Server=h;AllowLoadLocalInfile=false", false, null)]
    [InlineData("Server=h;Database=AllowLoadLocalInfile", false, null)]
    [InlineData("Server=h", false, null)]
    [InlineData("Server=h;AllowLoadLocalInfileInPath=/var/load", false, "/var/load")]
    [InlineData("Server=h;Allow Load Local Infile In Path=/var/load;AllowLoadLocalInfile=true", true, "/var/load")]
    [InlineData("Server=h;AllowLoadLocalInfileInPath=", false, null)]
    public void The_connection_string_options_are_read_in_any_spelling(string connectionString, bool allowsAny, string? allowedPath)
        => Assert.Equal((allowsAny, allowedPath), MySqlDialect.LocalInfileOptions(connectionString));

    [Theory]
    [InlineData("/tmp/load", "/tmp/load", true)]
    [InlineData("/tmp/load/", "/tmp/load", true)]
    [InlineData("/tmp/load/sub", "/tmp/load/", true)]
    [InlineData("/tmp/load/sub/../x", "/tmp/load", true)]
    [InlineData("/tmp/loader", "/tmp/load", false)] // MySql.Data compares whole directory names too
    [InlineData("/tmp", "/tmp/load", false)]
    [InlineData("/var/tmp", "/tmp", false)]
    public void The_temporary_directory_must_lie_within_the_allowed_path(string directory, string allowed, bool within)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(within, MySqlDialect.IsWithin(directory, allowed));
    }
}
