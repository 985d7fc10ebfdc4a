using System;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// -Provider values. Cmdlets take them as strings because an engine enum stored in a cmdlet's field
    /// forces the engine to load while PowerShell scans the module, before the load context exists.
    /// </summary>
    internal static class ProviderNames
    {
        public const string PostgreSql = nameof(PostgreSql);
        public const string MySql = nameof(MySql);
        public const string Sqlite = nameof(Sqlite);

        public static DatabaseProvider Parse(string? name) =>
            string.IsNullOrEmpty(name) ? DatabaseProvider.Unspecified : (DatabaseProvider)Enum.Parse(typeof(DatabaseProvider), name, ignoreCase: true);
    }
}
