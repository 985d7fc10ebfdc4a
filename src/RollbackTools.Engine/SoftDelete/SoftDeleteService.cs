using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.SoftDelete;

namespace RollbackTools
{
    /// <summary>The engine behind Remove-MigrationTable/-Column and Get-/Restore-/Clear-DeprecatedObject.</summary>
    public sealed class SoftDeleteService
    {
        public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);
        private readonly IEngineLog log;

        public SoftDeleteService(IEngineLog log)
        {
            this.log = log;
        }

        /// <summary>Renames a table (or, with <paramref name="column"/>, a column) to _deprecated_{name} and records it.</summary>
        public Task<DeprecatedObject> DeprecateAsync(DatabaseTarget target, string? schema, string table, string? column, TimeSpan retainFor, bool force, CancellationToken cancellationToken) =>
            InTransactionAsync(target, (deleter, token) => deleter.DeprecateAsync(schema, table, column, RollbackTools.Engine.Storage.Retention.Checked(retainFor), force, null, token), cancellationToken);

        /// <summary>Drops at once, given a verified backup of the table from the last day (or <paramref name="force"/>).</summary>
        public Task<bool> HardDeleteAsync(DatabaseTarget target, string? schema, string table, string? column, bool force, CancellationToken cancellationToken) =>
            InTransactionAsync(
                target,
                async (deleter, token) =>
                {
                    await deleter.HardDeleteAsync(schema, table, column, force, token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken);

        /// <summary>Every deprecated object, oldest first, with whether it was used since.</summary>
        public async Task<IReadOnlyList<DeprecatedObject>> ListAsync(DatabaseTarget target, CancellationToken cancellationToken)
        {
            if (target.IsAbsent)
            {
                return Array.Empty<DeprecatedObject>();
            }

            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            var deleter = new SoftDeleter(session, log);
            IReadOnlyList<DeprecatedObject> items = await deleter.Catalog.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (DeprecatedObject item in items)
            {
                await deleter.MeasureUsageAsync(item, cancellationToken).ConfigureAwait(false);
            }

            return items;
        }

        public Task<bool> RestoreAsync(DeprecatedObject item, CancellationToken cancellationToken) =>
            InTransactionAsync(
                item.Target,
                async (deleter, token) =>
                {
                    await deleter.RestoreAsync(item, token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken);

        public Task<bool> DropAsync(DeprecatedObject item, bool force, CancellationToken cancellationToken) =>
            InTransactionAsync(
                item.Target,
                async (deleter, token) =>
                {
                    await deleter.DropAsync(item, force, token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken);

        /// <summary>The rename and its catalog row commit together where DDL is transactional.</summary>
        private async Task<T> InTransactionAsync<T>(DatabaseTarget target, Func<SoftDeleter, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);
            await using DatabaseTransaction transaction = await DatabaseTransaction.BeginIfAsync(session.Dialect.SupportsTransactionalDdl, session, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            T result = await work(new SoftDeleter(session, log), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }
}
