using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Takes over a database another tool migrated: reads that tool's history table, maps each row to a
    /// migration in -Path and records it in our journal with its scripts from the files. The other tool's
    /// table is only read; running it again changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Import, "MigrationHistory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MigrationImportRow), typeof(SchemaDifference))]
    public sealed class ImportMigrationHistoryCommand : DatabaseCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The tool whose history to read.</summary>
        /// <remarks>A string, not the engine's enum: a value-type field would load the engine before the module's load context exists.</remarks>
        [Parameter(Mandatory = true)]
        [ValidateSet("GolangMigrate", "Dbmate", "Flyway", "Liquibase", "Goose", "Sqitch")]
        public string? From { get; set; }

        /// <summary>The tool's table when it is not the default one: "table" or "schema.table".</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Table { get; set; }

        /// <summary>Where the tool keeps its history when that is not the database itself (Sqitch's registry file on SQLite).</summary>
        [Parameter]
        [DatabaseTargetTransformation]
        public DatabaseTarget? HistoryDatabase { get; set; }

        /// <summary>After importing, check that the live schema is what the imported migrations build (Test-MigrationDrift).</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>The scripts' encoding when they are not UTF-8: latin1, windows-1252, utf-16, or a code page number.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        /// <summary>How long to wait for another runner's lock (default 1 minute).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? LockWait { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            DatabaseTarget? history = HistoryDatabase == null ? null : ResolveTarget(HistoryDatabase, Provider, Credential, ConnectTimeout);
            MigrationFolder folder = MigrationFolders.Resolve(this, Path, Encoding)!;
            var tool = (OtherTool)Enum.Parse(typeof(OtherTool), From!, ignoreCase: true);
            ImportPlan plan = RunEngine((log, token) => new HistoryImporter(log).PlanAsync(target, folder, tool, Table, history, JournalTable, token));
            var approved = new HashSet<MigrationImportRow>();
            bool whatIf = false;
            foreach (MigrationImportRow row in plan.Rows.Where(r => r.Action == ImportAction.Imported))
            {
                string what = $"{From} {plan.Table} {row.Source} as migration {row.TypedVersion} ({row.Name}), {row.State}, in the journal of {target.Url}";
                if (ShouldProcess(what, $"Import {what}?", "Import", out ShouldProcessReason reason))
                {
                    approved.Add(row);
                }

                whatIf |= reason == ShouldProcessReason.WhatIf;
            }

            if (whatIf)
            {
                return;
            }

            if (approved.Count == 0)
            {
                // Nothing to record (all there already, or nothing matched): the rows say so.
                WriteObject(plan.Rows, enumerateCollection: true);
                return;
            }

            WriteObject(RunEngine((log, token) => new HistoryImporter(log).RecordAsync(plan, approved.Contains, MigrationRunOptions.For(JournalTable, LockWait), token)), enumerateCollection: true);
            if (Verify)
            {
                IReadOnlyList<SchemaDifference> drift = RunEngine((log, token) => new DriftChecker(log).CheckAsync(target, folder, JournalTable, null, token));
                WriteObject(drift, enumerateCollection: true);
                if (drift.Count > 0)
                {
                    WriteEngineError(DriftError.Of(target, drift));
                }
            }
        }
    }
}
