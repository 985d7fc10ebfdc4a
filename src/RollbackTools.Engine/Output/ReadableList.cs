using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace RollbackTools
{
    /// <summary>
    /// A list in an output object. Export-Csv writes a property by its ToString(), which for an ordinary
    /// list is its type name; this one writes its items. ConvertTo-Json and the pipeline see the items.
    /// </summary>
    public sealed class ReadableList<T> : IReadOnlyList<T>
    {
        public const string Separator = "; ";

        private readonly IReadOnlyList<T> items;

        public ReadableList(IEnumerable<T> items) =>
            // A list the owner keeps adding to (a plan being built) stays visible as it grows.
            this.items = items as IReadOnlyList<T> ?? items.ToArray();

        public static ReadableList<T> Empty { get; } = new ReadableList<T>(Array.Empty<T>());

        public static implicit operator ReadableList<T>(T[] items) => new ReadableList<T>(items);

        public static implicit operator ReadableList<T>(List<T> items) => new ReadableList<T>(items);

        public T this[int index] => items[index];

        public int Count => items.Count;

        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(Separator, items);
    }
}
