using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Adoption;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.Schema;

namespace RollbackTools
{
    /// <summary>
    /// Does the live schema equal what the applied migrations build? The applied up scripts run, in the
    /// order they were applied, in a scratch database beside the real one (a file on SQLite); both schemas
    /// are snapshotted and compared by meaning; the scratch database is dropped whatever happens. The real
    /// database is only read. History tables, ours and other tools', are left out of both.
    /// </summary>
    public sealed class DriftChecker
    {
        private readonly IEngineLog log;

        public DriftChecker(IEngineLog log) => this.log = log;

        /// <summary>What the live schema has that the migrations do not build (Added), lacks (Removed) or has otherwise (Changed).</summary>
        public async Task<IReadOnlyList<SchemaDifference>> CheckAsync(DatabaseTarget target, MigrationFolder? folder, string? journalTable, Action<string, int, int>? onStep, CancellationToken cancellationToken)
        {
            Dictionary<MigrationVersion, MigrationScript> files = folder == null
                ? new Dictionary<MigrationVersion, MigrationScript>()
                : MigrationDiscovery.Discover(folder, target.Provider).ToDictionary(s => s.Version);
            await using DatabaseSession live = await DatabaseSession.OpenExistingAsync(target, log, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<JournalEntry> journal = await new MigrationJournal(live, journalTable).ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (JournalEntry dirty in journal.Where(e => e.State == MigrationPlanner.StateDirty))
            {
                log.Warning($"Migration {dirty.Version} ({dirty.Name}) is Dirty: the scratch database gets none of it, so whatever part of it ran shows as drift.");
            }

            List<JournalEntry> applied = journal.Where(e => e.State == MigrationPlanner.StateApplied).OrderBy(e => e, MigrationPlanner.UndoOrder(journal)).ToList();
            var scripts = applied.Select(e => ScriptOf(e, files)).ToList();

            DatabaseTarget scratch = await live.ScratchDatabases.CreateAsync(live, "drift", cancellationToken).ConfigureAwait(false);
            try
            {
                SchemaSnapshot built;
                {
                    await using DatabaseSession session = await DatabaseSession.OpenAsync(scratch, log, cancellationToken).ConfigureAwait(false);
                    for (int i = 0; i < scripts.Count; i++)
                    {
                        onStep?.Invoke($"{applied[i].Version} {applied[i].Name}", i, scripts.Count);
                        await BuildAsync(session, applied[i], scripts[i], cancellationToken).ConfigureAwait(false);
                    }

                    built = await SchemaReading.SnapshotAsync(session, journalTable, cancellationToken).ConfigureAwait(false);
                }

                SchemaSnapshot now = await SchemaReading.SnapshotAsync(live, journalTable, cancellationToken).ConfigureAwait(false);
                string[] others = OtherToolHistories.TableNames(target.Provider).ToArray();
                return SchemaComparer.Compare(WithoutHistories(built, others), WithoutHistories(now, others));
            }
            finally
            {
                using var limit = new CancellationTokenSource(Cancellation.OutcomeWriteLimit);
                try
                {
                    await live.ScratchDatabases.DropAsync(live, scratch, limit.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RollbackToolsException or System.IO.IOException)
                {
                    log.Warning($"The scratch database {scratch.DatabaseName} could not be dropped ({ex.Message}); drop it by hand.");
                }
            }
        }

        // What ran is what the journal kept; the file is used when they agree, or when the journal predates keeping it.
        private (string Sql, MigrationScript? File) ScriptOf(JournalEntry entry, Dictionary<MigrationVersion, MigrationScript> files)
        {
            files.TryGetValue(entry.Version, out MigrationScript? file);
            if (entry.UpScript != null)
            {
                return (entry.UpScript, file?.Checksum == entry.Checksum ? file : null);
            }

            if (file == null)
            {
                throw new RollbackToolsException(ErrorIds.MissingDownScript, FailureCategory.InvalidData, $"Migration {entry.Version} ({entry.Name}): the journal does not keep its up script and -Path has no file for it, so what it built cannot be rebuilt.", entry.Version.Text);
            }

            if (file.Checksum != entry.Checksum)
            {
                log.Warning($"Migration {entry.Version} ({entry.Name}): the file changed since it was applied and the journal does not keep the script that ran; the file is used.");
            }

            return (file.UpSql, file);
        }

        private async Task BuildAsync(DatabaseSession session, JournalEntry entry, (string Sql, MigrationScript? File) script, CancellationToken cancellationToken)
        {
            try
            {
                foreach (SqlStatement statement in SqlStatementSplitter.Split(script.Sql, session.Dialect.SplitterOptions))
                {
                    await session.ExecuteAsync(statement.Text, cancellationToken).ConfigureAwait(false);
                }

                // A soft-dropped object is renamed aside in the real database; the scratch one gets the same rename.
                var deleter = new Engine.SoftDelete.SoftDeleter(session, log);
                foreach ((string table, string? column) in script.File?.SoftDrops ?? MigrationDirectives.SoftDrops(script.Sql, entry.Name))
                {
                    await deleter.DeprecateAsync(null, table, column, TimeSpan.FromDays(1), force: true, entry.Version.Text, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RollbackToolsException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RollbackToolsException(ErrorIds.MigrationFailed, FailureCategory.InvalidOperation, $"Migration {entry.Version} ({entry.Name}) failed in the scratch database, so the schema it builds is unknown: {ex.Message}", entry.Version.Text, ex);
            }
        }

        // A history table's objects are named after it: its columns and indexes (table.x), and on PostgreSQL its serial's sequence (table_id_seq).
        private static SchemaSnapshot WithoutHistories(SchemaSnapshot snapshot, string[] tables) =>
            new SchemaSnapshot(snapshot.Provider, snapshot.DatabaseName, snapshot.TakenAt, snapshot.Objects.Where(o => !tables.Any(t =>
                string.Equals(o.Name, t, StringComparison.OrdinalIgnoreCase)
                || o.Name.StartsWith(t + ".", StringComparison.OrdinalIgnoreCase)
                || (o.Kind == "Sequence" && o.Name.StartsWith(t + "_", StringComparison.OrdinalIgnoreCase)))))
            {
                Target = snapshot.Target,
            };
    }
}
