using System.Collections.Generic;
using RollbackTools.Engine.Adoption;

namespace RollbackTools
{
    /// <summary>What Import-MigrationHistory will record: every row of the other tool's history and its match.</summary>
    public sealed class ImportPlan
    {
        internal ImportPlan(DatabaseTarget database, MigrationFolder folder, OtherTool tool, HistoryTable table, string journalTable, IReadOnlyList<MigrationImportRow> rows, IReadOnlyList<(MigrationImportRow, ForeignEntry)> matched)
        {
            Database = database;
            Folder = folder;
            Tool = tool;
            Table = table.ToString();
            JournalTable = journalTable;
            Rows = rows;
            Matched = matched;
        }

        public DatabaseTarget Database { get; }

        public MigrationFolder Folder { get; }

        public OtherTool Tool { get; }

        public string Table { get; }

        public string JournalTable { get; }

        public IReadOnlyList<MigrationImportRow> Rows { get; }

        internal IReadOnlyList<(MigrationImportRow Row, ForeignEntry Entry)> Matched { get; }
    }
}
