using System.Collections.Generic;

namespace RollbackTools
{
    /// <summary>
    /// The growable list of plain data that is saved and read back as JSON (a rollback plan's steps):
    /// like <see cref="ReadableList{T}"/>, Export-Csv writes its items, not its type name.
    /// </summary>
    public sealed class ReadableCollection<T> : List<T>
    {
        public override string ToString() => string.Join(ReadableList<T>.Separator, this);
    }
}
