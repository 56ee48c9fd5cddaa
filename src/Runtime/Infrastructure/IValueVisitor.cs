using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// Receives one property value with its static type, so a bulk writer (PostgreSQL's binary COPY) writes it without
/// boxing or a type lookup per value. Implemented by generated code as a struct; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IValueVisitor
{
    /// <summary>A non-null value: the property's type, or the underlying type of a nullable value type.</summary>
    /// <typeparam name="T">The value's static type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>Completion of the write.</returns>
    ValueTask Visit<T>(T value);

    /// <summary>A null value.</summary>
    /// <returns>Completion of the write.</returns>
    ValueTask VisitNull();
}
