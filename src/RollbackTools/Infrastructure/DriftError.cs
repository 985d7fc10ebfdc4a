using System.Collections.Generic;
using System.Linq;

namespace RollbackTools.Infrastructure
{
    /// <summary>The SchemaDrift error, the same from Test-MigrationDrift -Strict and Import-MigrationHistory -Verify.</summary>
    internal static class DriftError
    {
        public static RollbackToolsException Of(DatabaseTarget target, IReadOnlyList<SchemaDifference> drift) =>
            new RollbackToolsException(
                ErrorIds.SchemaDrift,
                FailureCategory.InvalidData,
                $"The schema of {target.Url} is not what its applied migrations build: {string.Join("; ", drift.Take(10))}{(drift.Count > 10 ? $"; and {drift.Count - 10} more" : "")}.",
                drift);
    }
}
