using System;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>
    /// One thing another tool's history says was applied, and the migration of ours it is, or null.
    /// <paramref name="Key"/> is the tool's own version or change name; <paramref name="Source"/> says
    /// which row it came from, for the report.
    /// </summary>
    internal sealed record ForeignEntry(string Key, string Source, MigrationScript? Script, bool Dirty)
    {
        public bool? ChecksumMatches { get; init; }

        public DateTimeOffset? AppliedAt { get; init; }

        public string? AppliedBy { get; init; }
    }
}
