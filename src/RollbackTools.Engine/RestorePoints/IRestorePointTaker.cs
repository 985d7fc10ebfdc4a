using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.RestorePoints
{
    /// <summary>
    /// How one database makes a point it can be recovered to, after checking it really can: the WAL archive,
    /// the binary log, or a file copy. A database that cannot is refused with PointInTimeRecoveryUnavailable,
    /// saying what to turn on.
    /// </summary>
    internal interface IRestorePointTaker
    {
        /// <summary>Why the database cannot be recovered to a point, with what to turn on; null when it can.</summary>
        Task<string?> CheckAsync(DatabaseSession session, CancellationToken cancellationToken);

        Task<MigrationRestorePoint> TakeAsync(DatabaseSession session, string name, IEngineLog log, CancellationToken cancellationToken);
    }
}
