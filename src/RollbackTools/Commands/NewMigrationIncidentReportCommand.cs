using System;
using System.IO;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>Writes the seed's post-rollback document from the migration history: Markdown, or JSON for tools.</summary>
    [Cmdlet(VerbsCommon.New, "MigrationIncidentReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class NewMigrationIncidentReportCommand : DatabaseCmdlet
    {
        /// <summary>The start of the incident (default: 24 hours ago). A time without a zone is local time.</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary>Write the report to this file and return it; without it, the report text is returned.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        [Parameter]
        [ValidateSet("Markdown", "Json")]
        public string Format { get; set; } = "Markdown";

        /// <summary>The journal table; its history is the same name with _history. Defaults to rollbacktools_migrations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? JournalTable { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            DateTimeOffset since = Since.HasValue ? ParameterValues.Moment(Since.Value) : DateTimeOffset.UtcNow.AddHours(-24);
            DateTimeOffset until = Until.HasValue ? ParameterValues.Moment(Until.Value) : DateTimeOffset.UtcNow;
            string report = RunEngine((log, token) => new RunbookService(log).IncidentReportAsync(target, JournalTable, since, until, Format == "Json", token));
            if (OutFile == null)
            {
                WriteObject(report);
                return;
            }

            string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            if (ShouldProcess(file, "Write the incident report"))
            {
                File.WriteAllText(file, report);
                WriteObject(new FileInfo(file));
            }
        }

    }
}
