using System;
using System.Linq;

namespace RollbackTools
{
    /// <summary>
    /// A migration version compared by number, segment by segment: 2 &lt; 10, 1.2.9 &lt; 1.2.10, and
    /// 001 equals 1. Timestamps such as 20240113120000 are one long segment.
    /// </summary>
    public sealed class MigrationVersion : IComparable<MigrationVersion>, IEquatable<MigrationVersion>
    {
        private readonly string[] segments;

        private MigrationVersion(string text, string[] segments)
        {
            Text = text;
            this.segments = segments;
        }

        /// <summary>The version as written in the file name.</summary>
        public string Text { get; }

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

        public bool Equals(MigrationVersion? other) => other is not null && CompareTo(other) == 0;

        public override bool Equals(object? obj) => obj is MigrationVersion other && Equals(other);

        public override int GetHashCode()
        {
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
