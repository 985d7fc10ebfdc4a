using System;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>Remove-MigrationTable and Remove-MigrationColumn: rename and keep by default, drop with -Hard.</summary>
    public abstract class SoftDeleteCmdlet : DatabaseCmdlet
    {
        /// <summary>The schema; the connection's current one by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Schema { get; set; }

        /// <summary>How long the renamed object is kept before Clear-DeprecatedObject -Expired drops it (default 30d).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? RetainFor { get; set; }

        /// <summary>Drop at once instead of renaming; needs a verified backup of the table from the last day.</summary>
        [Parameter]
        public SwitchParameter Hard { get; set; }

        /// <summary>Rename although views, foreign keys or triggers depend on it; with -Hard, drop without a recent backup.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected void Remove(string table, string? column)
        {
            DatabaseTarget target = ResolveDatabase();
            string what = column == null ? $"table {table}" : $"column {table}.{column}";
            if (Hard)
            {
                if (ShouldProcess($"{what} on {target.Url}", "Drop now, without a soft-delete period"))
                {
                    RunEngine((log, token) => new SoftDeleteService(log).HardDeleteAsync(target, Schema, table, column, Force, token));
                }

                return;
            }

            if (ShouldProcess($"{what} on {target.Url}", $"Rename to {"_deprecated_" + (column ?? table)} and keep it {(RetainFor ?? SoftDeleteService.DefaultRetention).TotalDays:0.#} days"))
            {
                WriteObject(RunEngine((log, token) => new SoftDeleteService(log).DeprecateAsync(target, Schema, table, column, RetainFor ?? SoftDeleteService.DefaultRetention, Force, token)));
            }
        }
    }
}
