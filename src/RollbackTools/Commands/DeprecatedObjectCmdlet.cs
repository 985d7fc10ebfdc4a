using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RollbackTools.Infrastructure;

namespace RollbackTools.Commands
{
    /// <summary>Restore- and Clear-DeprecatedObject: piped objects, or names (and -Expired) looked up in -Database.</summary>
    public abstract class DeprecatedObjectCmdlet : DatabaseCmdlet
    {
        protected const string ObjectSet = "Object";
        protected const string NameSet = "Name";

        [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public DeprecatedObject[]? InputObject { get; set; }

        /// <summary>Original names of deprecated tables or columns; wildcards allowed.</summary>
        [Parameter(ParameterSetName = NameSet, Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected IReadOnlyList<DeprecatedObject> ResolveObjects(bool expiredOnly)
        {
            if (ParameterSetName == ObjectSet)
            {
                return InputObject!;
            }

            DatabaseTarget target = ResolveDatabase();
            Func<string?, bool> named = ParameterValues.Wildcards(Name);
            return RunEngine((log, token) => new SoftDeleteService(log).ListAsync(target, token))
                .Where(i => named(i.Name) && (!expiredOnly || i.Expired))
                .ToList();
        }
    }
}
