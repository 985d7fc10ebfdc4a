using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>How one database writes, checks and restores a whole-database dump.</summary>
    internal interface IDumpTool
    {
        /// <summary>
        /// Writes the dump of the session's database to <paramref name="path"/> and says which tool wrote it;
        /// throws DumpToolNotFound when the tool is missing or too old.
        /// </summary>
        Task<string> DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken);

        /// <summary>Null when the whole file reads as a complete dump (every data block, not only its table of contents), else why not.</summary>
        Task<string?> CheckAsync(string path, IEngineLog log, CancellationToken cancellationToken);

        /// <summary>
        /// Loads the dump into the target database so that a failure leaves the target as it was: in one
        /// transaction, or loaded elsewhere first and swapped in. The error of a failed load says so.
        /// </summary>
        Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken);
    }
}
