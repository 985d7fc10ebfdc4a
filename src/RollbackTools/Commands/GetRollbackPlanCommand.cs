using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Chooses the branch of the seed's rollback decision tree from the evidence (the run's results, the
    /// journal, the tables against their backups) or from -Symptom, and lays out the steps. Changes nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RollbackPlan", DefaultParameterSetName = EvidenceSet)]
    [OutputType(typeof(RollbackPlan))]
    public sealed class GetRollbackPlanCommand : DatabaseCmdlet
    {
        private const string EvidenceSet = "Evidence";
        private const string FileSet = "FromFile";
        private readonly List<MigrationResult> run = new List<MigrationResult>();

        /// <summary>The results of the run that went wrong, as Invoke-Migration emitted them.</summary>
        [Parameter(ParameterSetName = EvidenceSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public MigrationResult[]? InputObject { get; set; }

        /// <summary>What operators see, when the evidence alone cannot tell: it chooses the branch.</summary>
        [Parameter(ParameterSetName = EvidenceSet)]
        [ValidateSet("SchemaIncomplete", "DataCorruption", "PerformanceDegradation", "ApplicationErrors", "PartialFailure")]
        public string? Symptom { get; set; }

        /// <summary>How to roll the application back (kubectl rollout undo ...): the first step of the ApplicationErrors branch.</summary>
        [Parameter(ParameterSetName = EvidenceSet)]
        public ScriptBlock? ApplicationRollback { get; set; }

        /// <summary>Also save the plan as JSON here, to review it or run it later.</summary>
        [Parameter(ParameterSetName = EvidenceSet)]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Read a plan saved with -OutFile instead of making one.</summary>
        [Parameter(ParameterSetName = FileSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? FromFile { get; set; }

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessRecord()
        {
            if (InputObject != null)
            {
                run.AddRange(InputObject);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (ParameterSetName == FileSet)
                {
                    WriteObject(RollbackPlan.FromJson(System.IO.File.ReadAllText(SessionState.Path.GetUnresolvedProviderPathFromPSPath(FromFile))));
                    return;
                }

                // A fleet's results make one plan per database, each from its own evidence.
                var byDatabase = run.GroupBy(r => r.Target.Url, StringComparer.Ordinal).ToList();
                if (byDatabase.Count > 1)
                {
                    if (OutFile != null)
                    {
                        throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidArgument, $"-OutFile saves one plan; the results piped in come from {byDatabase.Count} databases. Save each with ForEach-Object, or leave -OutFile out.", OutFile);
                    }

                    ForEachItem(byDatabase, group => WriteObject(Plan(group.First().Target, JournalTable ?? group.First().JournalTable, group.ToList())));
                    return;
                }

                DatabaseTarget target = Database == null && run.Count > 0 ? run[0].Target : ResolveDatabase();
                RollbackPlan plan = Plan(target, JournalTable ?? run.FirstOrDefault()?.JournalTable, run);
                if (OutFile != null)
                {
                    System.IO.File.WriteAllText(SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile), plan.ToJson());
                }

                WriteObject(plan);
            }
            catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
            {
                WriteEngineError(new RollbackToolsException(ErrorIds.InvalidSnapshot, FailureCategory.ReadError, $"The rollback plan file cannot be read or written: {ex.Message}", FromFile ?? OutFile, ex));
            }
            catch (RollbackToolsException ex)
            {
                WriteEngineError(ex);
            }
        }

        private RollbackPlan Plan(DatabaseTarget target, string? journalTable, IReadOnlyList<MigrationResult> results) =>
            RunEngine((log, token) => new RunbookService(log).PlanRollbackAsync(target, journalTable, results, Symptom, ApplicationRollback?.ToString().Trim(), token));
    }
}
