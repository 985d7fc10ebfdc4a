using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.Scratch
{
    /// <summary>
    /// Empty databases for checks that must not touch the real one: a database on the same server, or a
    /// temporary file where the database is a file. The caller drops what it created, whatever happens.
    /// </summary>
    internal interface IScratchDatabases
    {
        Task<DatabaseTarget> CreateAsync(DatabaseSession beside, string purpose, CancellationToken cancellationToken);

        Task DropAsync(DatabaseSession beside, DatabaseTarget scratch, CancellationToken cancellationToken);
    }
}
