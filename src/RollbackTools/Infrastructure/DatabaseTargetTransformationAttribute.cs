using System;
using System.Linq;
using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>Lets -Database take a URL, a .db path or a connection string as well as a Connect-MigrationDatabase object or a recovered copy.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DatabaseTargetTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // Read later by the cmdlet, so a bad URL fails with InvalidDatabaseUrl rather than a binding error.
            object? value = One(inputData);
            return value is System.Collections.IList many
                ? many.Cast<object?>().Select(One).ToArray()
                : value;
        }

        private static object? One(object? item)
        {
            object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
            return value switch
            {
                string text => DatabaseTarget.Defer(text),
                RecoveredDatabase copy => copy.Target,
                _ => value,
            };
        }
    }
}
