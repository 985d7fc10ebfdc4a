using System;
using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>Lets -Database take a URL, a .db path or a connection string as well as a Connect-MigrationDatabase object.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DatabaseTargetTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // Read later by the cmdlet, so a bad URL fails with InvalidDatabaseUrl rather than a binding error.
            return value is string text ? DatabaseTarget.Defer(text) : value;
        }
    }
}
