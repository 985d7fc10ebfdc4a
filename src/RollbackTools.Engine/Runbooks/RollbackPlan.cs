using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RollbackTools
{
    /// <summary>What a rollback plan's step does; saved plans spell it out by name.</summary>
    // 64-bit so that ConvertTo-Json writes it by name, as Export-Csv does (PowerShell writes 32-bit enums as numbers).
    public enum RollbackStepKind : long
    {
        ApplicationRollback,
        UndoMigration,
        ForceUndoMigration,
        RestoreBackup,
        DropIndex,

        /// <summary>A table back from the restore point taken before the release, where no table backup of it exists.</summary>
        RecoverFromRestorePoint,
    }

    /// <summary>One step of a rollback plan, with the exact command it stands for.</summary>
    public sealed class RollbackStep
    {
        public int Order { get; set; }

        /// <summary>UndoMigration, ForceUndoMigration, RestoreBackup, DropIndex or ApplicationRollback.</summary>
        public RollbackStepKind Kind { get; set; }

        public string Description { get; set; } = string.Empty;

        /// <summary>What the step runs, as an operator would type it.</summary>
        public string Command { get; set; } = string.Empty;

        /// <summary>Whether it changes the database (Invoke-RollbackPlan asks before each).</summary>
        public bool Destructive { get; set; }

        public string? Version { get; set; }

        public long? BackupId { get; set; }

        public string? Table { get; set; }

        public string? Index { get; set; }

        /// <summary>RecoverFromRestorePoint: the point's name, and where it is a database file (SQLite), that file.</summary>
        public string? RestorePoint { get; set; }

        public string? RecoverFrom { get; set; }

        public override string ToString() => $"{Order}. {Description}";
    }

    /// <summary>
    /// The branch of the seed's decision tree chosen from the evidence, and the ordered steps to carry it out.
    /// Plain data: it can be shown, saved as JSON, reviewed, and run later with Invoke-RollbackPlan.
    /// </summary>
    public sealed class RollbackPlan : IHasTarget
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        /// <summary>SchemaIncomplete, DataCorruption, PerformanceDegradation, ApplicationErrors, PartialFailure, or None.</summary>
        public string Branch { get; set; } = "None";

        public ReadableCollection<string> Evidence { get; set; } = new ReadableCollection<string>();

        public ReadableCollection<RollbackStep> Steps { get; set; } = new ReadableCollection<RollbackStep>();

        /// <summary>The database, by its URL without password; Invoke-RollbackPlan takes the credentials again.</summary>
        public string DatabaseUrl { get; set; } = string.Empty;

        /// <summary>The target the plan was made for, by its URL without password; PowerShell sees the target itself, with its credentials. Not saved with the plan.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? Database => Target?.Url;

        internal DatabaseTarget? Target { get; set; }

        DatabaseTarget? IHasTarget.Target => Target;

        public string? JournalTable { get; set; }

        public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        public static RollbackPlan FromJson(string json) => JsonSerializer.Deserialize<RollbackPlan>(json, Json) ?? throw new FormatException("The text holds no rollback plan.");

        public override string ToString() => $"{Branch}: {Steps.Count} step(s)";
    }

    /// <summary>What one step of Invoke-RollbackPlan did.</summary>
    public sealed class RollbackStepResult : IHasTarget
    {
        public RollbackStepResult(RollbackStep step, DatabaseTarget database)
        {
            Target = database;
            Order = step.Order;
            Kind = step.Kind;
            Description = step.Description;
        }

        /// <summary>The database's URL, without password; PowerShell sees the target itself, which -Database binds.</summary>
        public string Database => Target.Url;

        internal DatabaseTarget Target { get; }

        DatabaseTarget? IHasTarget.Target => Target;

        public int Order { get; }

        public RollbackStepKind Kind { get; }

        public string Description { get; }

        /// <summary>Succeeded, Failed, or Skipped (declined, or after a failure).</summary>
        public MigrationStatus Status { get; set; } = MigrationStatus.Skipped;

        /// <summary>How long the step ran, in milliseconds.</summary>
        public double DurationMs => Duration.TotalMilliseconds;

        internal TimeSpan Duration { get; set; }

        public string? Error { get; set; }
    }
}
