using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;
using RollbackTools.Engine.Storage;

namespace RollbackTools.Engine.Schema
{
    /// <summary>
    /// The seed's rollback test, with the whole schema as the judge: for each migration, snapshot, up,
    /// verify, snapshot, down, snapshot (must equal the first), up again (must equal the second). Tested
    /// migrations stay applied for the next one, which builds on them, and are taken back at the end.
    /// </summary>
    internal sealed class RollbackTester
    {
        private readonly DatabaseSession session;
        private readonly RollbackTestOptions options;
        private readonly IEngineLog log;

        public RollbackTester(DatabaseSession session, RollbackTestOptions options, IEngineLog log)
        {
            this.session = session;
            this.options = options;
            this.log = log;
        }

        public async Task<IReadOnlyList<RollbackTestResult>> RunAsync(IReadOnlyList<MigrationScript> scripts, Action<MigrationScript, int, int>? onStarting, CancellationToken cancellationToken)
        {
            var results = new List<RollbackTestResult>();
            var applied = new List<MigrationScript>();
            // In a transaction everything is rolled back at the end, so nothing stays applied.
            await using (DatabaseTransaction transaction = await DatabaseTransaction.BeginIfAsync(options.InTransaction, session, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            {
                for (int i = 0; i < scripts.Count; i++)
                {
                    onStarting?.Invoke(scripts[i], i, scripts.Count);
                    RollbackTestResult result = await TestOneAsync(scripts[i], cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    if (result.FailedAt != "Up" && result.FailedAt != "Verify")
                    {
                        applied.Add(scripts[i]);
                    }

                    if (!result.Passed)
                    {
                        break;
                    }
                }

                if (!options.InTransaction && !options.KeepApplied)
                {
                    foreach (MigrationScript script in Enumerable.Reverse(applied).ToList())
                    {
                        if (await RunAsync(script.DownSql!, script.DownLineOffset, cancellationToken).ConfigureAwait(false) == null)
                        {
                            applied.Remove(script);
                        }
                    }
                }
            }
            if (options.InTransaction)
            {
                applied.Clear();
            }

            await RecordAsync(results.Where(r => r.Passed).ToList(), scripts, applied, cancellationToken).ConfigureAwait(false);
            return results;
        }

        private async Task<RollbackTestResult> TestOneAsync(MigrationScript script, CancellationToken cancellationToken)
        {
            var result = new RollbackTestResult(script.Version, script.Name, session.Target);
            var clock = Stopwatch.StartNew();
            SchemaSnapshot before = await SnapshotAsync(cancellationToken).ConfigureAwait(false);

            var up = Stopwatch.StartNew();
            if (Fails(result, "Up", await RunAsync(script.UpSql, script.UpLineOffset, cancellationToken).ConfigureAwait(false)))
            {
                return Finish(result, clock);
            }

            result.UpDuration = up.Elapsed;
            if (script.VerifySql != null && Fails(result, "Verify", await StatementRunner.VerifyAsync(session, script.VerifySql, script.VerifyNeedsRow, cancellationToken).ConfigureAwait(false)))
            {
                return Finish(result, clock);
            }

            SchemaSnapshot applied = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
            var down = Stopwatch.StartNew();
            if (Fails(result, "Down", await RunAsync(script.DownSql!, script.DownLineOffset, cancellationToken).ConfigureAwait(false)))
            {
                return Finish(result, clock);
            }

            result.DownDuration = down.Elapsed;
            IReadOnlyList<SchemaDifference> afterDown = SchemaComparer.Compare(before, await SnapshotAsync(cancellationToken).ConfigureAwait(false));
            if (afterDown.Count > 0)
            {
                result.FailedAt = "RollbackDiffers";
                result.Differences = new ReadableList<SchemaDifference>(afterDown);
                result.Error = $"After down, the schema differs from before up: {string.Join("; ", afterDown)}";
                return Finish(result, clock);
            }

            if (Fails(result, "Up", await RunAsync(script.UpSql, script.UpLineOffset, cancellationToken).ConfigureAwait(false)))
            {
                return Finish(result, clock);
            }

            IReadOnlyList<SchemaDifference> reapplied = SchemaComparer.Compare(applied, await SnapshotAsync(cancellationToken).ConfigureAwait(false));
            if (reapplied.Count > 0)
            {
                result.FailedAt = "ReapplyDiffers";
                result.Differences = new ReadableList<SchemaDifference>(reapplied);
                result.Error = $"Applied again after down, the schema differs from the first time: {string.Join("; ", reapplied)}";
                return Finish(result, clock);
            }

            result.Passed = true;
            return Finish(result, clock);
        }

        private Task<SchemaSnapshot> SnapshotAsync(CancellationToken cancellationToken) => SchemaReading.SnapshotAsync(session, options.JournalTable, cancellationToken);

        /// <summary>Runs a script; outside -InTransaction each statement stands on its own, as a migration run would.</summary>
        private async Task<string?> RunAsync(string sql, int lineOffset, CancellationToken cancellationToken)
        {
            StatementFailure? failure = await StatementRunner.RunAsync(session, StatementRunner.Split(session, sql), lineOffset, null, cancellationToken).ConfigureAwait(false);
            return failure == null ? null : $"Statement {failure.Index + 1} (line {failure.FileLine}) failed: {failure.Error.Message}";
        }

        private static bool Fails(RollbackTestResult result, string stage, string? error)
        {
            if (error == null)
            {
                return false;
            }

            result.FailedAt = stage;
            result.Error = error;
            return true;
        }

        private static RollbackTestResult Finish(RollbackTestResult result, Stopwatch clock)
        {
            result.Duration = clock.Elapsed;
            return result;
        }

        /// <summary>
        /// Writes the passed tests with the checksums of the exact scripts tested, and journals migrations
        /// left applied (-KeepApplied, or a down that failed) so the journal says what the database holds.
        /// </summary>
        private async Task RecordAsync(IReadOnlyList<RollbackTestResult> passed, IReadOnlyList<MigrationScript> scripts, IReadOnlyList<MigrationScript> stillApplied, CancellationToken cancellationToken)
        {
            var journal = new MigrationJournal(session, options.JournalTable);
            await journal.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            string by = await Identity.OfAsync(session, cancellationToken).ConfigureAwait(false);
            string tests = session.Dialect.QuoteIdentifier(journal.TableName + "_tests");
            await session.ExecuteAsync(
                $"CREATE TABLE IF NOT EXISTS {tests} (id {session.Dialect.AutoIncrementKey}, version VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL, up_checksum CHAR(64) NOT NULL, down_checksum CHAR(64) NOT NULL, tested_at VARCHAR(40) NOT NULL, tested_by VARCHAR(255) NOT NULL, in_transaction SMALLINT NOT NULL)",
                cancellationToken).ConfigureAwait(false);
            foreach (RollbackTestResult result in passed)
            {
                MigrationScript script = scripts.First(s => s.Version.Equals(result.TypedVersion));
                await session.ExecuteAsync(
                    $"INSERT INTO {tests} (version, name, up_checksum, down_checksum, tested_at, tested_by, in_transaction) VALUES (@version, @name, @up, @down, @at, @by, @tx)",
                    new (string, object?)[]
                    {
                        ("@version", script.Version.Text),
                        ("@name", script.Name),
                        ("@up", script.Checksum),
                        ("@down", MigrationScript.Sha256(script.DownSql!)),
                        ("@at", StoredTime.Format(DateTimeOffset.UtcNow)),
                        ("@by", by),
                        ("@tx", (short)(options.InTransaction ? 1 : 0)),
                    }, cancellationToken).ConfigureAwait(false);
            }

            foreach (MigrationScript script in stillApplied)
            {
                await journal.RecordAsync(JournalEntry.Of(script, MigrationPlanner.StateApplied, 0, by, TimeSpan.Zero, null), cancellationToken).ConfigureAwait(false);
                await journal.AppendHistoryAsync(MigrationHistoryEntry.Now(script.Version, script.Name, HistoryAction.Up, HistoryStatus.Succeeded, by) with { Checksum = script.Checksum, Error = "Applied by Test-MigrationRollback" }, cancellationToken).ConfigureAwait(false);
            }

            log.Verbose($"Recorded {passed.Count} passed rollback test(s) in {journal.TableName}_tests.");
        }
    }
}
