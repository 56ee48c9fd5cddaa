namespace DbPickle;

/// <summary>
/// How a column's values are encoded in a snapshot file. Values are stored as the entity's CLR value (before any
/// value converter), so one file loads into every engine; enums are stored as their underlying integer.
/// </summary>
public enum SnapshotValueKind : byte
{
    /// <summary><see cref="bool"/>: one byte, 0 or 1.</summary>
    Boolean = 1,
    /// <summary><see cref="byte"/>.</summary>
    Byte = 2,
    /// <summary><see cref="sbyte"/>.</summary>
    SByte = 3,
    /// <summary><see cref="short"/>, little-endian.</summary>
    Int16 = 4,
    /// <summary><see cref="ushort"/>, little-endian.</summary>
    UInt16 = 5,
    /// <summary><see cref="int"/>, little-endian.</summary>
    Int32 = 6,
    /// <summary><see cref="uint"/>, little-endian.</summary>
    UInt32 = 7,
    /// <summary><see cref="long"/>, little-endian.</summary>
    Int64 = 8,
    /// <summary><see cref="ulong"/>, little-endian.</summary>
    UInt64 = 9,
    /// <summary><see cref="float"/>, IEEE 754 binary32.</summary>
    Single = 10,
    /// <summary><see cref="double"/>, IEEE 754 binary64.</summary>
    Double = 11,
    /// <summary><see cref="decimal"/>: the four 32-bit words of <see cref="decimal.GetBits(decimal)"/>.</summary>
    Decimal = 12,
    /// <summary><see cref="char"/>: one UTF-16 code unit.</summary>
    Char = 13,
    /// <summary><see cref="string"/>: MemoryPack's UTF-8 string encoding.</summary>
    String = 14,
    /// <summary><c>byte[]</c>: 32-bit length, then the bytes.</summary>
    Binary = 15,
    /// <summary><see cref="System.Guid"/>: 16 bytes in <see cref="System.Guid.ToByteArray()"/> order.</summary>
    Guid = 16,
    /// <summary><see cref="System.DateTime"/>: 64-bit ticks, then one byte of <see cref="DateTimeKind"/>.</summary>
    DateTime = 17,
    /// <summary><see cref="System.DateTimeOffset"/>: 64-bit ticks of the local clock time, then a 16-bit offset in minutes.</summary>
    DateTimeOffset = 18,
    /// <summary><see cref="System.DateOnly"/>: 32-bit day number.</summary>
    DateOnly = 19,
    /// <summary><see cref="System.TimeOnly"/>: 64-bit ticks since midnight.</summary>
    TimeOnly = 20,
    /// <summary><see cref="System.TimeSpan"/>: 64-bit ticks.</summary>
    TimeSpan = 21,
}
