using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Backups.Dumps
{
    /// <summary>How one database writes, checks and restores a whole-database dump.</summary>
    internal interface IDumpTool
    {
        /// <summary>Writes the dump of the session's database to <paramref name="path"/>; throws DumpToolNotFound when the tool is missing or too old.</summary>
        Task DumpAsync(DatabaseSession session, string path, IEngineLog log, CancellationToken cancellationToken);

        /// <summary>Null when the file is a complete dump, else why not.</summary>
        Task<string?> CheckAsync(string path, IEngineLog log, CancellationToken cancellationToken);

        /// <summary>Loads the dump into the target database.</summary>
        Task RestoreAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken);
    }
}
