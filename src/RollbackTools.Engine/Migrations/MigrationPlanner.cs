using System;
using System.Collections.Generic;
using System.Linq;

namespace RollbackTools.Engine.Migrations
{
    /// <summary>
    /// Reads the folder and the journal together: what state each migration is in, which ones a run
    /// applies or undoes, and every refusal, decided before anything touches the database.
    /// </summary>
    internal static class MigrationPlanner
    {
        public const string StateApplied = nameof(MigrationState.Applied);
        public const string StateFailed = nameof(MigrationState.Failed);
        public const string StateDirty = nameof(MigrationState.Dirty);

        public static IReadOnlyList<MigrationInfo> Describe(IReadOnlyList<MigrationScript>? scripts, IReadOnlyList<JournalEntry> journal, DatabaseTarget database, string journalTable)
        {
            Dictionary<MigrationVersion, JournalEntry> entries = journal.ToDictionary(e => e.Version);
            var infos = new List<MigrationInfo>();
            var seen = new HashSet<MigrationVersion>();
            foreach (MigrationScript script in scripts ?? Array.Empty<MigrationScript>())
            {
                seen.Add(script.Version);
                entries.TryGetValue(script.Version, out JournalEntry? entry);
                MigrationState changed = script.Version.IsRepeatable ? MigrationState.Pending : MigrationState.Modified;
                MigrationState state = entry == null ? MigrationState.Pending : StateOf(entry, script.Checksum == entry.Checksum ? MigrationState.Applied : changed);
                infos.Add(Info(script.Version, script.Name, state, entry, database, journalTable, script));
            }

            foreach (JournalEntry entry in journal.Where(e => !seen.Contains(e.Version)))
            {
                // Without a folder to compare with, an applied row is simply Applied.
                MigrationState state = StateOf(entry, scripts == null ? MigrationState.Applied : MigrationState.Missing);
                infos.Add(Info(entry.Version, entry.Name, state, entry, database, journalTable, null));
            }

            infos.Sort((a, b) => a.TypedVersion.CompareTo(b.TypedVersion));
            return infos;
        }

        /// <summary>
        /// The migrations Invoke-Migration applies, oldest first, or the refusal that stops it. With
        /// <paramref name="runInProgress"/> a Dirty row belongs to a runner that holds the run lock: it is
        /// planned like a pending one, and decided again under the lock (Skipped once that runner applied it).
        /// </summary>
        public static IReadOnlyList<MigrationScript> SelectPending(IReadOnlyList<MigrationScript> scripts, IReadOnlyList<JournalEntry> journal, UpSelection selection, MigrationRunOptions options, DatabaseTarget database, IEngineLog log, bool runInProgress = false)
        {
            if (!runInProgress)
            {
                EnsureNotDirty(journal, database);
            }

            Dictionary<MigrationVersion, JournalEntry> entries = journal.ToDictionary(e => e.Version);

            foreach (MigrationScript script in scripts)
            {
                if (!script.Version.IsRepeatable && entries.TryGetValue(script.Version, out JournalEntry? entry) && entry.State == StateApplied && entry.Checksum != script.Checksum)
                {
                    string message = $"Migration {script.Version} ({script.Name}) was applied from a different script: '{script.UpPath}' changed since (journal sha256 {entry.Checksum[..12]}…, file {script.Checksum[..12]}…).";
                    if (!options.AllowModified)
                    {
                        throw new RollbackToolsException(ErrorIds.ChecksumMismatch, FailureCategory.InvalidData, message + " Restore the file, or pass -AllowModified to run anyway.", script.UpPath);
                    }

                    log.Warning(message);
                }
            }

            var pending = scripts
                .Where(s => !entries.TryGetValue(s.Version, out JournalEntry? e) || e.State == StateFailed || e.State == StateDirty || (s.Version.IsRepeatable && e.Checksum != s.Checksum))
                .Select(s => s.Version.IsRepeatable ? Repeating(s, entries.GetValueOrDefault(s.Version), log) : s)
                .ToList();
            if (selection.Target != null)
            {
                MigrationVersion target = ParseVersion(selection.Target);
                if (!scripts.Any(s => s.Version.Equals(target)))
                {
                    throw new RollbackToolsException(ErrorIds.MigrationNotFound, FailureCategory.ObjectNotFound, $"No migration with version {target} in the folder.", selection.Target);
                }

                pending = pending.Where(s => s.Version.CompareTo(target) <= 0).ToList();
            }

            if (selection.Count.HasValue)
            {
                pending = pending.Take(selection.Count.Value).ToList();
            }

            string[] withoutDown = pending.Where(s => s.DownSql == null).Select(s => $"{s.Version} ({s.Name})").ToArray();
            if (withoutDown.Length > 0)
            {
                string message = $"No down script for {string.Join(", ", withoutDown)}: it could not be undone.";
                if (!options.AllowMissingDown)
                {
                    throw new RollbackToolsException(ErrorIds.MissingDownScript, FailureCategory.InvalidData, message + " Write one, or pass -AllowMissingDown.", withoutDown[0]);
                }

                log.Warning(message);
            }

            MigrationVersion? newestApplied = journal.Where(e => e.State == StateApplied && !e.Version.IsRepeatable).Select(e => e.Version).DefaultIfEmpty().Max();
            foreach (MigrationScript late in pending.Where(s => newestApplied != null && !s.Version.IsRepeatable && s.Version.CompareTo(newestApplied) < 0))
            {
                log.Warning($"Migration {late.Version} ({late.Name}) is older than the applied {newestApplied}; it is applied out of order.");
            }

            return pending;
        }

        /// <summary>
        /// A repeatable migration runs again over the text the journal holds for it; undoing it puts that text
        /// back. The first time there is nothing to put back: its down is empty.
        /// </summary>
        private static MigrationScript Repeating(MigrationScript script, JournalEntry? entry, IEngineLog log)
        {
            if (entry?.State != StateApplied)
            {
                return script;
            }

            if (entry.UpScript == null)
            {
                log.Warning($"Migration {script.Version} ({script.Name}): the journal does not hold the text it replaces (applied by an older release), so undoing it will put nothing back.");
            }

            return script.Replacing(entry.UpScript ?? string.Empty);
        }

        /// <summary>
        /// The journal rows Undo-Migration takes back, newest first, or the refusal that stops it.
        /// <paramref name="folderVersions"/> are the versions in -Path: a -To version must be one of them or
        /// in the journal, so a typo never reads as "everything newer than this".
        /// </summary>
        public static IReadOnlyList<JournalEntry> SelectApplied(IReadOnlyList<JournalEntry> journal, DownSelection selection, DatabaseTarget database, IReadOnlyCollection<MigrationVersion>? folderVersions = null)
        {
            List<JournalEntry> chosen;
            if (selection.Versions is { Count: > 0 })
            {
                var versions = selection.Versions.Select(ParseVersion).Distinct().ToList();
                chosen = new List<JournalEntry>();
                foreach (MigrationVersion version in versions)
                {
                    JournalEntry? entry = journal.FirstOrDefault(e => e.Version.Equals(version));
                    if (entry == null || entry.State == StateFailed)
                    {
                        throw new RollbackToolsException(ErrorIds.MigrationNotFound, FailureCategory.ObjectNotFound, $"Migration {version} is not applied to {database.Url}; nothing to undo.", version.Text);
                    }

                    if (entry.State == StateDirty && !selection.Force)
                    {
                        throw DirtyError(entry, database);
                    }

                    chosen.Add(entry);
                }

                if (!selection.Force)
                {
                    EnsureNotDirty(journal, database);
                }
            }
            else
            {
                EnsureNotDirty(journal, database);
                IComparer<JournalEntry> order = UndoOrder(journal);
                List<JournalEntry> applied = journal.Where(e => e.State == StateApplied).OrderByDescending(e => e, order).ToList();
                if (selection.All)
                {
                    chosen = applied.ToList();
                }
                else if (selection.To != null)
                {
                    MigrationVersion to = ParseVersion(selection.To);
                    bool known = journal.Any(e => e.Version.Equals(to) && e.State != StateFailed) || (folderVersions?.Contains(to) ?? false);
                    if (!known)
                    {
                        throw new RollbackToolsException(
                            ErrorIds.MigrationNotFound,
                            FailureCategory.ObjectNotFound,
                            $"-To {to}: no migration with that version is applied to {database.Url}{(folderVersions == null ? "" : " or in the folder")}, so nothing was undone. Give a version Get-Migration lists, or -All to undo everything.",
                            selection.To);
                    }

                    chosen = applied.Where(e => e.Version.IsRepeatable ? AppliedAfter(journal, e)?.CompareTo(to) >= 0 : e.Version.CompareTo(to) > 0).ToList();
                }
                else
                {
                    chosen = applied.Take(selection.Count ?? 1).ToList();
                }
            }

            if (selection.Force)
            {
                EnsureAllDirty(chosen);
            }

            IComparer<JournalEntry> undoOrder = UndoOrder(journal);
            chosen.Sort((a, b) => undoOrder.Compare(b, a));
            return chosen;
        }

        /// <summary>
        /// The order migrations were done in, so undo takes back the newest first: numbered ones by version, a
        /// repeatable just after the newest numbered one applied before it (the run that applied it).
        /// </summary>
        internal static IComparer<JournalEntry> UndoOrder(IReadOnlyList<JournalEntry> journal) =>
            Comparer<JournalEntry>.Create((a, b) =>
            {
                MigrationVersion? baseA = a.Version.IsRepeatable ? AppliedAfter(journal, a) : a.Version;
                MigrationVersion? baseB = b.Version.IsRepeatable ? AppliedAfter(journal, b) : b.Version;
                int compared = baseA == null ? (baseB == null ? 0 : -1) : baseA.CompareTo(baseB);
                if (compared == 0)
                {
                    compared = a.Version.IsRepeatable.CompareTo(b.Version.IsRepeatable);
                }

                if (compared == 0 && a.Version.IsRepeatable)
                {
                    compared = a.AppliedAt.CompareTo(b.AppliedAt);
                }

                return compared != 0 ? compared : a.Version.CompareTo(b.Version);
            });

        /// <summary>The newest numbered migration applied no later than a repeatable was; null when it came first.</summary>
        private static MigrationVersion? AppliedAfter(IReadOnlyList<JournalEntry> journal, JournalEntry repeatable) =>
            journal.Where(e => !e.Version.IsRepeatable && e.State == StateApplied && e.AppliedAt <= repeatable.AppliedAt).Select(e => e.Version).DefaultIfEmpty().Max();

        public static MigrationVersion ParseVersion(string text) =>
            MigrationVersion.TryParse(text, out MigrationVersion? version)
                ? version!
                : throw new RollbackToolsException(ErrorIds.MigrationNotFound, FailureCategory.InvalidArgument, $"'{text}' is not a migration version: use digits, optionally dotted (42, 20240131120000, 1.2.10).", text);

        public static void EnsureNotDirty(IReadOnlyList<JournalEntry> journal, DatabaseTarget database)
        {
            JournalEntry? dirty = journal.FirstOrDefault(e => e.State == StateDirty);
            if (dirty != null)
            {
                throw DirtyError(dirty, database);
            }
        }

        /// <summary>
        /// -Force passes over failing statements: on a fully applied migration that would drop its journal
        /// row while its objects stay, and the journal would lie. So it is for Dirty migrations only.
        /// </summary>
        public static void EnsureAllDirty(IEnumerable<JournalEntry> chosen)
        {
            JournalEntry? clean = chosen.FirstOrDefault(e => e.State != StateDirty);
            if (clean != null)
            {
                throw new RollbackToolsException(
                    ErrorIds.MigrationNotDirty,
                    FailureCategory.InvalidOperation,
                    $"Migration {clean.Version} ({clean.Name}) is {clean.State}, not Dirty: -Force only recovers a migration that stopped halfway. Undo it without -Force; nothing was undone.",
                    clean.Version.Text);
            }
        }

        private static RollbackToolsException DirtyError(JournalEntry dirty, DatabaseTarget database) =>
            new RollbackToolsException(
                ErrorIds.DatabaseDirty,
                FailureCategory.InvalidOperation,
                $"Migration {dirty.Version} ({dirty.Name}) is Dirty on {database.Url}: it stopped after {dirty.StatementsDone} statement(s){(dirty.Error == null ? "" : ": " + dirty.Error)}. " +
                $"Undo it with 'Undo-Migration -Version {dirty.Version} -Force', or record a manual fix with 'Set-MigrationState -Version {dirty.Version} -State Applied' (or Pending).",
                dirty.Version.Text);

        private static MigrationState StateOf(JournalEntry entry, MigrationState whenApplied) => entry.State switch
        {
            StateDirty => MigrationState.Dirty,
            StateFailed => MigrationState.Failed,
            _ => whenApplied,
        };

        private static MigrationInfo Info(MigrationVersion version, string name, MigrationState state, JournalEntry? entry, DatabaseTarget database, string journalTable, MigrationScript? script) =>
            new MigrationInfo(version, name, state, database, journalTable)
            {
                HasDown = script?.DownSql != null || entry?.DownScript != null,
                IsEmpty = script?.UpIsEmpty ?? (entry?.UpScript != null && MigrationScript.IsEmptyScript(entry.UpScript)),
                DownIsEmpty = script?.DownIsEmpty ?? (entry?.DownScript != null && MigrationScript.IsEmptyScript(entry.DownScript)),
                AppliedAt = entry?.State == StateApplied || entry?.State == StateDirty ? entry.AppliedAt : null,
                AppliedBy = entry?.AppliedBy,
                Checksum = script?.Checksum ?? entry?.Checksum,
                StatementsDone = entry?.StatementsDone ?? 0,
                Error = entry?.Error,
                Path = script?.UpPath,
                Format = script?.Format,
            };
    }
}
