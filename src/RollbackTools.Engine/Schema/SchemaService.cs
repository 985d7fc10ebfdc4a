using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.Schema;

namespace RollbackTools
{
    /// <summary>The engine behind Get-MigrationSchema and Test-MigrationRollback.</summary>
    public sealed class SchemaService
    {
        private readonly IEngineLog log;

        public SchemaService(IEngineLog log)
        {
            this.log = log;
        }

        public async Task<SchemaSnapshot> SnapshotAsync(DatabaseTarget target, string? journalTable, CancellationToken cancellationToken)
        {
            await using DatabaseSession session = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            return await SchemaReading.SnapshotAsync(session, journalTable, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Tests the pending migrations in <paramref name="path"/> (or the versions named), oldest first, stopping at the first that fails.</summary>
        public async Task<IReadOnlyList<RollbackTestResult>> TestRollbackAsync(DatabaseTarget target, MigrationFolder path, RollbackTestOptions options, Action<string, int, int>? onStarting, CancellationToken cancellationToken)
        {
            IReadOnlyList<MigrationScript> scripts = MigrationDiscovery.Discover(path, target.Provider);
            await using DatabaseSession session = await DatabaseSession.OpenAsync(target, log, cancellationToken).ConfigureAwait(false);

            // It applies, undoes and records: the run lock keeps Invoke-Migration and other testers out meanwhile.
            await using MigrationRunLock runLock = await MigrationRunLock.AcquireAsync(session, MigrationJournal.NameOf(options.JournalTable), options.LockWait, log, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<JournalEntry> journal = await new MigrationJournal(session, options.JournalTable).ReadAsync(cancellationToken).ConfigureAwait(false);
            MigrationPlanner.EnsureNotDirty(journal, target);
            var applied = new HashSet<MigrationVersion>(journal.Where(e => e.State == MigrationPlanner.StateApplied).Select(e => e.Version));
            List<MigrationScript> chosen = options.Versions is { Count: > 0 }
                ? options.Versions.Select(MigrationPlanner.ParseVersion).Select(v => scripts.FirstOrDefault(s => s.Version.Equals(v))
                    ?? throw new RollbackToolsException(ErrorIds.MigrationNotFound, FailureCategory.ObjectNotFound, $"No migration {v} in {path}.", v.Text)).OrderBy(s => s.Version).ToList()
                : scripts.Where(s => !applied.Contains(s.Version)).ToList();

            MigrationScript? alreadyApplied = chosen.FirstOrDefault(s => applied.Contains(s.Version));
            if (alreadyApplied != null)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"Migration {alreadyApplied.Version} is applied already: a rollback test starts from the state before it. Undo it first, or test on a staging copy.", alreadyApplied.Version.Text);
            }

            MigrationScript? noDown = chosen.FirstOrDefault(s => s.DownSql == null);
            if (noDown != null)
            {
                throw new RollbackToolsException(ErrorIds.MissingDownScript, FailureCategory.InvalidData, $"Migration {noDown.Version} ({noDown.Name}) has no down script to test.", noDown.Version.Text);
            }

            await EnsureSafeAsync(session, options, cancellationToken).ConfigureAwait(false);
            return await new RollbackTester(session, options, log).RunAsync(chosen, (s, i, n) => onStarting?.Invoke($"{s.Version} {s.Name}", i, n), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Without transactional DDL a failed test leaves its changes behind, so a database holding data is
        /// refused unless the operator insists; -InTransaction is impossible there.
        /// </summary>
        private static async Task EnsureSafeAsync(DatabaseSession session, RollbackTestOptions options, CancellationToken cancellationToken)
        {
            if (session.Dialect.SupportsTransactionalDdl)
            {
                return;
            }

            if (options.InTransaction)
            {
                throw new RollbackToolsException(ErrorIds.NotSupported, FailureCategory.InvalidOperation, $"{session.Dialect.DisplayName} commits DDL on its own: -InTransaction cannot undo a rollback test there. Test on a disposable copy instead.", session.Target);
            }

            if (options.Force)
            {
                return;
            }

            SchemaSnapshot schema = await SchemaReading.SnapshotAsync(session, options.JournalTable, cancellationToken).ConfigureAwait(false);
            foreach (SchemaObject table in schema.Objects.Where(o => o.Kind == "Table"))
            {
                string name = session.Dialect.QuoteIdentifier(table.Name);
                if (await session.ScalarAsync($"SELECT 1 FROM {name} LIMIT 1", cancellationToken).ConfigureAwait(false) != null)
                {
                    throw new RollbackToolsException(
                        ErrorIds.DatabaseHasData,
                        FailureCategory.InvalidOperation,
                        $"Table {table.Name} holds data, and {session.Dialect.DisplayName} cannot roll back DDL: a failing test would leave it changed. Run the test on an empty staging copy, or pass -Force.",
                        table.Name);
                }
            }
        }
    }
}
