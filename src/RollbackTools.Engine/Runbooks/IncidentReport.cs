using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RollbackTools.Engine.Connections;
using RollbackTools.Engine.Migrations;

namespace RollbackTools.Engine.Runbooks
{
    /// <summary>
    /// The seed's post-rollback document, written from the history: what failed, the timeline, what was done
    /// to recover, the state now, and the questions a root-cause review must answer. It holds only what the
    /// history holds, and the database by its redacted URL: no password can reach it.
    /// </summary>
    internal static class IncidentReport
    {
        private static readonly Regex ErrorCode = new Regex(@"(?:PostgreSQL error (?<code>[0-9A-Z]{5})|MySQL/MariaDB error (?<code>\d+)|SQLite error (?<code>\d+))", RegexOptions.CultureInvariant);
        private static readonly Regex FailedLine = new Regex(@"Statement (?<n>\d+) of \d+ \(line (?<line>\d+)\)", RegexOptions.CultureInvariant);
        private static readonly HistoryStatus[] Failures = { HistoryStatus.Failed, HistoryStatus.Dirty };

        public static async Task<string> WriteAsync(DatabaseSession session, string? journalTable, DateTimeOffset since, DateTimeOffset until, bool json, CancellationToken cancellationToken)
        {
            var journal = new MigrationJournal(session, journalTable);
            IReadOnlyList<MigrationHistoryEntry> history = (await journal.ReadHistoryAsync(since, cancellationToken).ConfigureAwait(false)).Where(h => h.At <= until).ToList();
            IReadOnlyList<JournalEntry> state = await journal.ReadAsync(cancellationToken).ConfigureAwait(false);
            MigrationHistoryEntry[] failed = history.Where(h => Failures.Contains(h.Status)).ToArray();
            DateTimeOffset? firstFailure = failed.FirstOrDefault()?.At;
            MigrationHistoryEntry[] recovery = history.Where(h => firstFailure != null && h.At >= firstFailure && !Failures.Contains(h.Status) && h.Action != HistoryAction.Up).ToArray();
            string[] questions = Questions(failed, state).ToArray();

            var report = new
            {
                Database = session.Target.Url,
                Generated = DateTimeOffset.UtcNow,
                Since = since,
                Until = until,
                Failures = failed.Select(f => new { f.At, f.Version, f.Name, f.Action, f.Status, f.By, f.Error, Code = f.ErrorCode ?? CodeOf(f.Error), Line = LineOf(f.Error), Statement = f.FailedStatement }),
                Timeline = history.Select(h => new { h.At, h.Version, h.Name, h.Action, h.Status, h.By, DurationMs = (long)h.Duration.TotalMilliseconds, h.Error }),
                Recovery = recovery.Select(r => new { r.At, r.Version, r.Name, r.Action, r.Status, r.By, DurationMs = (long)r.Duration.TotalMilliseconds, r.Error }),
                State = new
                {
                    Applied = state.Count(e => e.State == MigrationPlanner.StateApplied),
                    Failed = state.Where(e => e.State == MigrationPlanner.StateFailed).Select(e => e.Version.Text),
                    Dirty = state.Where(e => e.State == MigrationPlanner.StateDirty).Select(e => $"{e.Version.Text} ({e.StatementsDone} statements done)"),
                    Newest = state.LastOrDefault(e => e.State == MigrationPlanner.StateApplied)?.Version.Text,
                },
                OpenQuestions = questions,
            };

            if (json)
            {
                return JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
            }

            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"# Migration incident report: {report.Database}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Generated {Time(report.Generated)} from the migration history between {Time(since)} and {Time(until)}.");
            md.AppendLine();
            md.AppendLine("## What failed");
            md.AppendLine();
            if (failed.Length == 0)
            {
                md.AppendLine("Nothing failed in this period.");
            }

            foreach (MigrationHistoryEntry f in failed)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- **{f.TypedVersion} {f.Name}**: {f.Action} {f.Status} at {Time(f.At)}, run by {f.By}.");
                md.AppendLine(CultureInfo.InvariantCulture, $"  - Error: {f.Error}");
                if ((f.ErrorCode ?? CodeOf(f.Error)) is string code)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"  - Error code (SQLSTATE or server error): {code}");
                }

                if (LineOf(f.Error) is string line)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"  - Failing statement: {line}");
                }

                if (f.FailedStatement != null)
                {
                    // Indented fence: the block belongs to the list item. A quoted ``` cannot end it early.
                    md.AppendLine();
                    md.AppendLine("    ```sql");
                    foreach (string sqlLine in StatementQuote.Of(f.FailedStatement, 500).Replace("```", "` ` `", StringComparison.Ordinal).Split('\n'))
                    {
                        md.AppendLine(CultureInfo.InvariantCulture, $"    {sqlLine.TrimEnd('\r')}");
                    }

                    md.AppendLine("    ```");
                }
            }

            md.AppendLine();
            md.AppendLine("## Timeline");
            md.AppendLine();
            md.AppendLine("| Time (UTC) | Version | Migration | Action | Status | By | Duration |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (MigrationHistoryEntry h in history)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Time(h.At)} | {h.TypedVersion} | {Cell(h.Name)} | {h.Action} | {h.Status} | {Cell(h.By)} | {h.Duration.TotalMilliseconds:0} ms |");
            }

            md.AppendLine();
            md.AppendLine("## Recovery");
            md.AppendLine();
            if (recovery.Length == 0)
            {
                md.AppendLine(failed.Length == 0 ? "No recovery was needed." : "No recovery step is recorded after the failure yet.");
            }

            foreach (MigrationHistoryEntry r in recovery)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Time(r.At)}: {r.Action} {r.TypedVersion} {r.Name}: {r.Status}, by {r.By}, {r.Duration.TotalMilliseconds:0} ms{(r.Error == null ? "" : $" ({r.Error})")}");
            }

            md.AppendLine();
            md.AppendLine("## State now");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Applied migrations: {report.State.Applied}; newest: {report.State.Newest ?? "none"}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Failed (rolled back, will be retried): {List(report.State.Failed)}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Dirty (runs refuse until an operator acts): {List(report.State.Dirty)}.");
            md.AppendLine();
            md.AppendLine("## Open questions for the root-cause review");
            md.AppendLine();
            foreach (string question in questions)
            {
                md.AppendLine("- " + question);
            }

            return md.ToString();
        }

        private static IEnumerable<string> Questions(IReadOnlyList<MigrationHistoryEntry> failed, IReadOnlyList<JournalEntry> state)
        {
            foreach (MigrationHistoryEntry f in failed.GroupBy(f => f.TypedVersion).Select(g => g.First()))
            {
                yield return $"Why did {f.TypedVersion} ({f.Name}) fail{(LineOf(f.Error) is string line ? $" at {line.ToLowerInvariant()}" : "")}, and why was it not caught on staging?";
                yield return $"Was the rollback of {f.TypedVersion} tested (Test-MigrationRollback) with the scripts that ran?";
            }

            foreach (JournalEntry dirty in state.Where(e => e.State == MigrationPlanner.StateDirty))
            {
                yield return $"{dirty.Version} ({dirty.Name}) is still Dirty: who finishes or undoes it, and how?";
            }

            yield return "What did users see, for how long, and was any data changed or lost?";
            yield return "What change to the checklist, the scripts or the monitoring prevents this next time?";
        }

        // Rows written before the history kept the code carry it only in the message.
        private static string? CodeOf(string? error) => error != null && ErrorCode.Match(error) is { Success: true } m ? m.Groups["code"].Value : null;

        private static string? LineOf(string? error) => error != null && FailedLine.Match(error) is { Success: true } m ? $"Statement {m.Groups["n"].Value}, line {m.Groups["line"].Value}" : null;

        private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

        private static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "none";
    }
}
