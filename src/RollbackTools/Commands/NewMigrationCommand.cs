using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Commands
{
    /// <summary>
    /// Creates a new migration in the folder: the up and down pair, or the sectioned file, in the folder's own
    /// layout or -Format, with a timestamp version and a header comment. Refuses a version the folder has.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class NewMigrationCommand : RollbackToolsCmdlet
    {
        /// <summary>The migrations folder; created when it does not exist.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>What the migration does, in letters, digits and underscores: add_users_email. Spaces and dashes become underscores.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The files' layout; without it, the one most of the folder's migrations use, or GolangMigrate in an empty folder.</summary>
        [Parameter]
        [ValidateSet("GolangMigrate", "Dbmate", "Flyway", "Goose")]
        public string? Format { get; set; }

        /// <summary>The version instead of the UTC timestamp (yyyyMMddHHmmss): for folders numbered 1, 2, 3.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        protected override void ProcessItem()
        {
            var folder = new MigrationFolder(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
            MigrationFormat? format = Format == null ? null : Enum.Parse<MigrationFormat>(Format, ignoreCase: true);
            MigrationVersion? version = Version == null ? null : MigrationVersion.Parse(Version);
            IReadOnlyList<ScaffoldFile> files = MigrationScaffold.Plan(folder, Name, format, version, DateTimeOffset.UtcNow);
            string names = string.Join(", ", files.Select(f => System.IO.Path.GetFileName(f.Path)));
            if (!ShouldProcess($"{names} in {folder.Path}", "Create migration"))
            {
                return;
            }

            MigrationScaffold.Write(files);
            foreach (ScaffoldFile file in files)
            {
                WriteObject(new FileInfo(file.Path));
            }
        }
    }
}
