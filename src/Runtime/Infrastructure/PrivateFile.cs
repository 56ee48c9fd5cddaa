namespace DbPickle.Infrastructure;

/// <summary>
/// Temporary files a load writes hold the database's rows, often in a temporary directory other users can list: on
/// Unix they are created readable and writable by this user only (Windows' temporary directory is per user already).
/// </summary>
internal static class PrivateFile
{
    public static FileStream Create(string path, FileAccess access, FileShare share, int bufferSize, FileOptions options)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, create);
    }
}
