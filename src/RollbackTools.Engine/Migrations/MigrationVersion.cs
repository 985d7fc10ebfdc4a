using System;
using System.Globalization;
using System.Linq;

namespace RollbackTools
{
    /// <summary>
    /// A migration version compared by number, segment by segment: 2 &lt; 10, 1.2.9 &lt; 1.2.10, and
    /// 001 equals 1. Timestamps such as 20240113120000 are one long segment. A Flyway repeatable migration
    /// has no number: R__{name} sorts after every numbered version, repeatables by name, as Flyway runs them.
    /// </summary>
    public sealed class MigrationVersion : IComparable<MigrationVersion>, IComparable, IEquatable<MigrationVersion>
    {
        public const string RepeatablePrefix = "R__";

        private readonly string[] segments;

        private MigrationVersion(string text, string[] segments, bool repeatable = false)
        {
            Text = text;
            this.segments = segments;
            IsRepeatable = repeatable;
        }

        /// <summary>The version as written in the file name.</summary>
        public string Text { get; }

        /// <summary>A Flyway repeatable migration (R__name.sql): applied again whenever its script changes.</summary>
        public bool IsRepeatable { get; }

        public static MigrationVersion Parse(string text)
        {
            if (!TryParse(text, out MigrationVersion? version))
            {
                throw new RollbackToolsException(ErrorIds.InvalidMigrationScript, FailureCategory.InvalidArgument, $"'{text}' is not a migration version: use digits, optionally separated by dots (1.2.10) or underscores.", text);
            }

            return version!;
        }

        public static bool TryParse(string? text, out MigrationVersion? version)
        {
            version = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            if (text.Trim() is { Length: > 3 } named && named.StartsWith(RepeatablePrefix, StringComparison.Ordinal))
            {
                version = new MigrationVersion(named, Array.Empty<string>(), repeatable: true);
                return true;
            }

            string[] parts = text.Trim().Split('.', '_');
            if (parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
            {
                return false;
            }

            version = new MigrationVersion(text.Trim(), parts.Select(p => p.TrimStart('0')).ToArray());
            return true;
        }

        public int CompareTo(MigrationVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            if (IsRepeatable || other.IsRepeatable)
            {
                return IsRepeatable != other.IsRepeatable ? (IsRepeatable ? 1 : -1) : string.CompareOrdinal(Text, other.Text);
            }

            for (int i = 0; i < Math.Max(segments.Length, other.segments.Length); i++)
            {
                string a = i < segments.Length ? segments[i] : string.Empty;
                string b = i < other.segments.Length ? other.segments[i] : string.Empty;
                int byLength = a.Length.CompareTo(b.Length);
                int compared = byLength != 0 ? byLength : string.CompareOrdinal(a, b);
                if (compared != 0)
                {
                    return compared;
                }
            }

            return 0;
        }

        /// <summary>
        /// What Sort-Object and -gt / -lt call: a version compares with another, with its text ('1.2.10') and
        /// with a whole number (10), so <c>Where-Object Version -gt 2</c> means numerically greater.
        /// </summary>
        public int CompareTo(object? obj) => obj switch
        {
            null => 1,
            MigrationVersion version => CompareTo(version),
            string text => CompareTo(Parse(text)),
            sbyte or byte or short or ushort or int or uint or long or ulong or decimal =>
                CompareTo(Parse(Convert.ToString(obj, CultureInfo.InvariantCulture)!)),
            _ => throw new ArgumentException($"A migration version compares with a version, its text or a whole number, not with {obj.GetType().Name}.", nameof(obj)),
        };

        public static bool operator <(MigrationVersion? left, MigrationVersion? right) => Compare(left, right) < 0;

        public static bool operator >(MigrationVersion? left, MigrationVersion? right) => Compare(left, right) > 0;

        public static bool operator <=(MigrationVersion? left, MigrationVersion? right) => Compare(left, right) <= 0;

        public static bool operator >=(MigrationVersion? left, MigrationVersion? right) => Compare(left, right) >= 0;

        public static bool operator ==(MigrationVersion? left, MigrationVersion? right) => left is null ? right is null : left.Equals(right);

        public static bool operator !=(MigrationVersion? left, MigrationVersion? right) => !(left == right);

        private static int Compare(MigrationVersion? left, MigrationVersion? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

        public bool Equals(MigrationVersion? other) => other is not null && CompareTo(other) == 0;

        public override bool Equals(object? obj) => obj is MigrationVersion other && Equals(other);

        public override int GetHashCode()
        {
            if (IsRepeatable)
            {
                return Text.GetHashCode(StringComparison.Ordinal);
            }

            int significant = segments.Length;
            while (significant > 0 && segments[significant - 1].Length == 0)
            {
                significant--;
            }

            return string.Join(".", segments, 0, significant).GetHashCode(StringComparison.Ordinal);
        }

        public override string ToString() => Text;
    }
}
