using System;

namespace RollbackTools
{
    /// <summary>One migration as Get-Migration reports it: the folder and the journal read together.</summary>
    public sealed class MigrationInfo : IHasVersion, IHasTarget
    {
        internal MigrationInfo(MigrationVersion version, string name, MigrationState state, DatabaseTarget database, string journalTable)
        {
            TypedVersion = version;
            Name = name;
            State = state;
            Target = database;
            JournalTable = journalTable;
        }

        /// <summary>The version as written in the file name; PowerShell sees it typed (it sorts as a version).</summary>
        public string Version => TypedVersion.Text;

        internal MigrationVersion TypedVersion { get; }

        MigrationVersion? IHasVersion.TypedVersion => TypedVersion;

        public string Name { get; }

        public MigrationState State { get; }

        /// <summary>Whether a down script exists, in the folder or stored in the journal.</summary>
        public bool HasDown { get; internal set; }

        /// <summary>The up script is empty, whitespace or comments only: applying it runs nothing, and the journal records it.</summary>
        public bool IsEmpty { get; internal set; }

        /// <summary>The down script runs nothing: undoing the migration only removes it from the journal.</summary>
        public bool DownIsEmpty { get; internal set; }

        public DateTimeOffset? AppliedAt { get; internal set; }

        public string? AppliedBy { get; internal set; }

        /// <summary>sha256 of the up script on disk, or the journal's when the file is gone.</summary>
        public string? Checksum { get; internal set; }

        /// <summary>For a Dirty migration, how many statements completed before it stopped.</summary>
        public int StatementsDone { get; internal set; }

        public string? Error { get; internal set; }

        /// <summary>The up script's file.</summary>
        public string? Path { get; internal set; }

        /// <summary>The migrations folder this row was read from, so Get-Migration | Invoke-Migration needs no -Path again.</summary>
        public string? MigrationsPath { get; internal set; }

        /// <summary>The tool whose layout the folder's file follows (golang-migrate, goose, Flyway, Liquibase, Sqitch, dbmate); null when the file is gone.</summary>
        public RollbackTools.Engine.Migrations.MigrationFormat? Format { get; internal set; }

        /// <summary>The database's URL, without password; PowerShell sees the target it was read from.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public string JournalTable { get; }

        public override string ToString() => $"{TypedVersion} {Name} ({State})";
    }
}
