namespace RollbackTools
{
    /// <summary>One row of another tool's history and the migration of ours it maps to.</summary>
    public sealed class MigrationImportRow : IHasTarget, IHasVersion
    {
        internal MigrationImportRow(OtherTool tool, string table, string source, DatabaseTarget database)
        {
            Tool = tool;
            Table = table;
            Source = source;
            Target = database;
        }

        public OtherTool Tool { get; }

        /// <summary>The other tool's table, as read.</summary>
        public string Table { get; }

        /// <summary>The row as the other tool knows it: its version, change or changeset.</summary>
        public string Source { get; }

        /// <summary>Our version, or null when no migration matched.</summary>
        /// <summary>The version as text; PowerShell sees it typed (it sorts as a version).</summary>
        public string? Version => TypedVersion?.Text;

        internal MigrationVersion? TypedVersion { get; set; }

        MigrationVersion? IHasVersion.TypedVersion => TypedVersion;

        public string? Name { get; internal set; }

        /// <summary>Applied, or Dirty where the tool recorded the migration as dirty or failed.</summary>
        public MigrationState? State { get; internal set; }

        public ImportAction Action { get; internal set; }

        /// <summary>
        /// Whether the file is the one the tool applied, where the tool keeps a checksum we can recompute
        /// (Flyway); null where it keeps none. A false is imported as Modified, so nothing lies about it.
        /// </summary>
        public bool? ChecksumMatches { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public override string ToString() => $"{Tool} {Source} -> {(TypedVersion == null ? "(no match)" : $"{TypedVersion} {Name}")} {Action}";
    }
}
