using System.Collections.Generic;
using System.Linq;

namespace RollbackTools
{
    /// <summary>
    /// Named values in an output object (a target's driver options, a schema object's properties): an
    /// object in JSON, and name=value pairs where PowerShell writes it as text (Export-Csv, ConvertTo-Json
    /// past its -Depth) instead of a type name.
    /// </summary>
    public sealed class ReadableDictionary<TValue> : SortedDictionary<string, TValue>
    {
        internal ReadableDictionary(IEnumerable<KeyValuePair<string, TValue>>? values, IComparer<string> order)
            : base(order)
        {
            foreach (KeyValuePair<string, TValue> value in values ?? Enumerable.Empty<KeyValuePair<string, TValue>>())
            {
                this[value.Key] = value.Value;
            }
        }

        public override string ToString() => string.Join(ReadableList<string>.Separator, this.Select(v => $"{v.Key}={v.Value}"));
    }
}
