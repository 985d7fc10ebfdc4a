using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// The SQL a run of a plan sends, in order, as a file a reviewer reads before the release (as Flyway's dry
    /// run writes one): the run lock, each migration's statements inside its transaction boundaries, and the
    /// journal and history writes with their values. It follows MigrationExecutor's success path statement for
    /// statement; the values the run only knows when it runs (its time, durations) are those of now and zero.
    /// </summary>
    internal sealed class SqlPlanScript
    {
        private static readonly Regex ParameterName = new Regex(@"@[A-Za-z]\w*", RegexOptions.CultureInvariant);

        private readonly MigrationPlan plan;
        private readonly ISqlDialect dialect;
        private readonly MigrationJournal journal;
        private readonly IReadOnlyDictionary<MigrationVersion, JournalEntry> rows;
        private readonly string performedBy;
        private readonly StringBuilder text = new StringBuilder();

        public SqlPlanScript(MigrationPlan plan, IReadOnlyList<JournalEntry> journalRows, bool journalExists, string performedBy)
        {
            this.plan = plan;
            dialect = plan.Database.Driver.Dialect;
            journal = MigrationJournal.CommandsOnly(dialect, plan.JournalTable);
            rows = journalRows.ToDictionary(r => r.Version);
            this.performedBy = performedBy;
            JournalExists = journalExists;
        }

        private bool JournalExists { get; }

        public string Render()
        {
            string verb = plan.Direction == MigrationDirection.Up ? "Invoke-Migration" : "Undo-Migration";
            Comment($"SQL plan of {verb} on {plan.Database.Url}, journal {plan.JournalTable}, written {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC by {performedBy}.");
            Comment($"{plan.Steps.Count} migration(s): {(plan.Steps.Count == 0 ? "nothing to do" : string.Join(", ", plan.Steps.Select(s => $"{s.Version} {s.Name}")))}.");
            Comment("Nothing was run. applied_at, at and duration_ms are this moment and zero here; the run writes its own.");
            text.AppendLine();
            if (plan.Steps.Count == 0)
            {
                return text.ToString();
            }

            long key = MigrationRunLock.KeyFor(plan.Database, plan.JournalTable);
            if (dialect.AcquireLockSql != null)
            {
                Comment("The run lock: a second runner waits here until this one is done.");
                Statement(Inline(new BatchedCommand(dialect.AcquireLockSql, new (string, object?)[] { ("@key", key) })));
            }
            else
            {
                Comment("SQLite locks the file: each migration's transaction takes the write lock.");
            }

            if (!JournalExists)
            {
                Comment("The journal does not exist yet: the run creates it.");
                foreach (string sql in journal.CreateTablesSql())
                {
                    Statement(sql);
                }
            }

            foreach (string sql in dialect.SessionTimeoutSql(plan.Options.LockTimeout, plan.Options.StatementTimeout))
            {
                Statement(sql);
            }

            text.AppendLine();
            bool single = plan.Direction == MigrationDirection.Up && plan.Options.SingleTransaction;
            if (single)
            {
                Comment("-SingleTransaction: every migration below in one transaction, all or nothing.");
                Statement(dialect.BeginTransactionSql);
            }

            foreach (MigrationStep step in plan.Steps)
            {
                if (plan.Direction == MigrationDirection.Up)
                {
                    Up(step, single);
                }
                else
                {
                    Down(step);
                }

                text.AppendLine();
            }

            if (single)
            {
                Statement("COMMIT");
            }

            if (dialect.ReleaseLockSql != null)
            {
                Statement(Inline(new BatchedCommand(dialect.ReleaseLockSql, new (string, object?)[] { ("@key", key) })));
            }

            return text.ToString();
        }

        private void Up(MigrationStep step, bool inRunTransaction)
        {
            MigrationScript script = step.Script!;
            bool own = step.InTransaction && !inRunTransaction;
            Header(step, own, inRunTransaction);
            if (own)
            {
                Statement(dialect.BeginTransactionSql);
            }

            bool hasRow = rows.ContainsKey(step.Version);
            if (plan.Options.VerifySchema)
            {
                Comment("-Verify: the schema as it is now is kept in the journal's _snapshots table first.");
            }

            if (!step.InTransaction)
            {
                // Outside a transaction the row is written Dirty first and counts each statement, as the executor does.
                Statement(Inline(hasRow ? journal.UpdateCommand(Entry(script, MigrationPlanner.StateDirty, 0)) : journal.InsertCommand(Entry(script, MigrationPlanner.StateDirty, 0))));
            }

            for (int i = 0; i < step.Statements.Count; i++)
            {
                Statement(step.Statements[i].Text);
                if (!step.InTransaction)
                {
                    Statement(Inline(journal.ProgressCommand(step.Version, i + 1)));
                }
            }

            foreach ((string table, string? column) in script.SoftDrops)
            {
                Comment($"Soft-drop directive: {(column == null ? table : table + "." + column)} is renamed to its _deprecated_ name and recorded, as Remove-Migration{(column == null ? "Table" : "Column")} does.");
            }

            if (script.VerifySql != null)
            {
                Comment("The verify script runs here; the migration fails if it fails" + (script.VerifyNeedsRow ? " or its last statement returns no row:" : ":"));
                foreach (string line in script.VerifySql.Split('\n'))
                {
                    Comment("  " + line.TrimEnd('\r'));
                }
            }

            JournalEntry applied = Entry(script, MigrationPlanner.StateApplied, step.Statements.Count);
            Statement(Inline(!hasRow && step.InTransaction ? journal.InsertCommand(applied) : journal.UpdateCommand(applied)));
            Statement(Inline(journal.HistoryCommand(History(step, HistoryAction.Up))));
            if (own)
            {
                Statement("COMMIT");
            }
        }

        private void Down(MigrationStep step)
        {
            bool force = plan.Force;
            bool own = step.InTransaction && !force;
            Header(step, own, inRunTransaction: false);
            if (force)
            {
                Comment("-Force: each statement runs on its own; one that fails (an object the half-applied up never created) becomes a warning.");
            }

            if (own)
            {
                Statement(dialect.BeginTransactionSql);
            }

            Comment("Objects this migration soft-dropped, if any, get their names back first.");
            foreach (SqlStatement statement in step.Statements)
            {
                Statement(statement.Text);
            }

            bool leaves = !step.Version.IsRepeatable || MigrationScript.IsEmptyScript(step.Sql);
            if (leaves || !rows.TryGetValue(step.Version, out JournalEntry? existing))
            {
                Statement(Inline(journal.RemoveCommand(step.Version)));
            }
            else
            {
                Statement(Inline(journal.UpdateCommand(existing with
                {
                    Checksum = MigrationScript.Sha256(step.Sql),
                    DownScript = string.Empty,
                    AppliedAt = DateTimeOffset.UtcNow,
                    AppliedBy = performedBy,
                    UpScript = step.Sql,
                })));
            }

            Statement(Inline(journal.HistoryCommand(History(step, force ? HistoryAction.ForceDown : HistoryAction.Down))));
            if (own)
            {
                Statement("COMMIT");
            }
        }

        private void Header(MigrationStep step, bool ownTransaction, bool inRunTransaction)
        {
            string how = inRunTransaction ? "in the run's transaction"
                : ownTransaction ? "in its own transaction: the journal row commits with it or not at all"
                : "outside a transaction: the journal row is written Dirty first and counts each statement";
            Comment($"Migration {step.Version} ({step.Name}), {step.Direction.ToString().ToLowerInvariant()}, {step.Statements.Count} statement(s), from {step.Path ?? "the down script the journal kept"}; {how}.");
        }

        private JournalEntry Entry(MigrationScript script, string state, int done) => JournalEntry.Of(script, state, done, performedBy, TimeSpan.Zero, null);

        private MigrationHistoryEntry History(MigrationStep step, HistoryAction action) =>
            MigrationHistoryEntry.Now(step.Version, step.Name, action, HistoryStatus.Succeeded, performedBy) with
            {
                StatementsDone = step.Statements.Count,
                Checksum = step.Script?.Checksum,
                RunId = plan.RunId,
            };

        /// <summary>The command with its parameters written in as the dialect's literals.</summary>
        private string Inline(BatchedCommand command)
        {
            var values = command.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            return ParameterName.Replace(command.Sql, m => values.TryGetValue(m.Value, out object? value) ? dialect.Literal(value) : m.Value);
        }

        private void Statement(string sql)
        {
            string trimmed = sql.TrimEnd();
            text.Append(trimmed);
            if (!trimmed.EndsWith(';'))
            {
                // A terminator after a trailing line comment would be part of the comment.
                string lastLine = trimmed.Substring(trimmed.LastIndexOf('\n') + 1);
                text.Append(lastLine.Contains("--", StringComparison.Ordinal) ? Environment.NewLine + ";" : ";");
            }

            text.AppendLine();
        }

        private void Comment(string line) => text.Append("-- ").AppendLine(line.Replace("\n", " ", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal));
    }
}
