using System;
using System.Threading;
using System.Threading.Tasks;

namespace RollbackTools.Engine.Recovery
{
    /// <summary>How one database takes a base backup and builds a copy of itself recovered to a point, beside production.</summary>
    internal interface IPointInTimeRecovery
    {
        Task<BaseBackup> BaseBackupAsync(DatabaseTarget target, string path, IEngineLog log, CancellationToken cancellationToken);

        /// <summary>Whether the folder holds a base backup as <see cref="BaseBackupAsync"/> lays one out: nothing else is recovered from or removed.</summary>
        bool HoldsBaseBackup(string path);

        /// <summary>
        /// What is wrong with the base backup in <paramref name="path"/>, or null when nothing is: with <paramref name="full"/>
        /// every byte against what was recorded when it was taken, without it only what is cheap (files, sizes, the dump's end).
        /// </summary>
        Task<string?> CheckBaseBackupAsync(string path, bool full, IEngineLog log, CancellationToken cancellationToken);

        Task<RecoveredDatabase> RecoverAsync(DatabaseTarget production, RecoveryRequest request, IEngineLog log, Action<string>? phase, CancellationToken cancellationToken);

        /// <summary>Stops and deletes a copy <see cref="RecoverAsync"/> made; refuses a folder it did not make.</summary>
        Task RemoveAsync(RecoveredDatabase copy, IEngineLog log, CancellationToken cancellationToken);
    }
}
