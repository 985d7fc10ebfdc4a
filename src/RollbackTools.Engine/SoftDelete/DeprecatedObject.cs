using System;

namespace RollbackTools
{
    /// <summary>What was soft-deleted. Declared in the order the names sort, so sorting by Kind reads as it did as text.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum DeprecatedKind : long
    {
        Column,
        Table,
    }

    /// <summary>A table or column renamed to _deprecated_{name} instead of dropped: the seed's soft delete period.</summary>
    public sealed class DeprecatedObject : IHasTarget
    {
        internal DeprecatedObject(long id, DeprecatedKind kind, DatabaseTarget database)
        {
            Id = id;
            Kind = kind;
            Target = database;
        }

        public long Id { get; }

        public DeprecatedKind Kind { get; }

        public string Schema { get; internal set; } = string.Empty;

        /// <summary>The table: for a column, the table it belongs to; for a table, its original name.</summary>
        public string Table { get; internal set; } = string.Empty;

        /// <summary>The name before the soft delete.</summary>
        public string Name { get; internal set; } = string.Empty;

        /// <summary>The name it has now.</summary>
        public string DeprecatedName { get; internal set; } = string.Empty;

        public DateTimeOffset DeprecatedAt { get; internal set; }

        public string DeprecatedBy { get; internal set; } = string.Empty;

        public DateTimeOffset ExpiresAt { get; internal set; }

        /// <summary>Days since the rename, to two places: how long it has stood unused.</summary>
        public double AgeDays => Math.Round(Age.TotalDays, 2);

        internal TimeSpan Age => DateTimeOffset.UtcNow - DeprecatedAt;

        public bool Expired => ExpiresAt <= DateTimeOffset.UtcNow;

        /// <summary>True when the server counted reads or writes of the table since the rename; null when it cannot tell.</summary>
        public bool? UsedSinceDeprecation { get; internal set; }

        /// <summary>What the usage check saw, or why it could not look.</summary>
        public string Usage { get; internal set; } = string.Empty;

        internal long? ReadsAtRename { get; set; }

        internal long? WritesAtRename { get; set; }

        /// <summary>The migration whose soft-drop directive renamed it, if one did: undoing that migration restores it.</summary>
        public string? MigrationVersion { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => $"{Kind} {Name} -> {DeprecatedName}";
    }
}
