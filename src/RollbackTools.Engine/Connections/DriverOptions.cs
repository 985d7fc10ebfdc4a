using System;
using System.Collections.Generic;
using System.Linq;

namespace RollbackTools
{
    /// <summary>A target's driver options, sorted and case-blind, written by Export-Csv as name=value pairs rather than as a type name.</summary>
    public sealed class DriverOptions : SortedDictionary<string, string>
    {
        internal DriverOptions(IEnumerable<KeyValuePair<string, string>>? options)
            : base(StringComparer.OrdinalIgnoreCase)
        {
            foreach (KeyValuePair<string, string> option in options ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                this[option.Key] = option.Value;
            }
        }

        public override string ToString() => string.Join(ReadableList<string>.Separator, this.Select(o => $"{o.Key}={o.Value}"));
    }
}
