using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Providers
{
    /// <summary>
    /// One database driver behind the engine: how to read its connection strings, open its
    /// connections and understand its errors. The SQL it needs lives in <see cref="Dialect"/>.
    /// </summary>
    internal interface IDatabaseProvider
    {
        DatabaseProvider Kind { get; }

        ISqlDialect Dialect { get; }

        int DefaultPort { get; }

        /// <summary>The database to use when a URL names none.</summary>
        string DefaultDatabase { get; }

        DatabaseTarget ParseConnectionString(string connectionString);

        /// <summary>How this database's targets are written as URLs, and read back.</summary>
        Connections.Urls.IUrlGrammar Url { get; }

        /// <summary>Throws InvalidDatabaseUrl when an option is not one the driver knows.</summary>
        void ValidateOptions(DatabaseTarget target);

        DbConnection CreateConnection(DatabaseTarget target);

        /// <summary>How this database writes, checks and restores whole-database dumps.</summary>
        Backups.Dumps.IDumpTool DumpTool { get; }

        /// <summary>How the server lists sessions and blocking; null where there are no server sessions (SQLite).</summary>
        Sessions.ISessionMonitor? Sessions { get; }

        /// <summary>How the database makes a point it can be recovered to (WAL archive, binary log, file copy).</summary>
        RestorePoints.IRestorePointTaker RestorePoints { get; }

        /// <summary>Base backups and copies recovered to a point; null where this is not built yet.</summary>
        Recovery.IPointInTimeRecovery? Recovery { get; }

        /// <summary>How the database describes its schema for snapshots.</summary>
        Schema.ISchemaReader SchemaReader { get; }

        /// <summary>Empty databases beside a target, for checks that must not touch it (drift).</summary>
        Scratch.IScratchDatabases ScratchDatabases { get; }

        /// <summary>Dependents and usage counters, for soft deletes.</summary>
        SoftDelete.IObjectInspector Inspector { get; }

        /// <summary>True when the database certainly does not exist and opening it would create it (a SQLite file), so readers can skip it.</summary>
        bool IsAbsent(DatabaseTarget target);

        /// <summary>
        /// The statement that proves a connection handed out by the driver's pool is alive, or null where the
        /// driver pools nothing that a server restart could leave dead (SQLite).
        /// </summary>
        string? LivenessSql { get; }

        /// <summary>Drops every pooled connection of this connection's pool: after one was found dead, the rest are too.</summary>
        void ClearPool(DbConnection connection);

        /// <summary>Per-connection setup after open (SQLite registers its functions here).</summary>
        Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken);

        /// <summary>Turns a driver exception into our error contract, or null when it is not one the driver raised.</summary>
        RollbackToolsException? Classify(Exception exception, DatabaseTarget target);
    }
}
