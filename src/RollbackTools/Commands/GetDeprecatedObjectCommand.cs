using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>What waits in its soft-delete period: since when, until when, and whether anything used it since.</summary>
    [Cmdlet(VerbsCommon.Get, "DeprecatedObject")]
    [OutputType(typeof(DeprecatedObject))]
    public sealed class GetDeprecatedObjectCommand : DatabaseCmdlet
    {
        /// <summary>Only these original names (tables, or columns); wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only objects past their retention.</summary>
        [Parameter]
        public SwitchParameter Expired { get; set; }

        protected override void ProcessItem()
        {
            DatabaseTarget target = ResolveDatabase();
            IReadOnlyList<DeprecatedObject> items = RunEngine((log, token) => new SoftDeleteService(log).ListAsync(target, token));
            Func<string?, bool> named = ParameterValues.Wildcards(Name);
            foreach (DeprecatedObject item in items.Where(i => named(i.Name) && (!Expired || i.Expired)))
            {
                WriteObject(item);
            }
        }
    }
}
