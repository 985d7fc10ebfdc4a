using System.Collections.Generic;
using System.Linq;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>Every tool whose history we read, in the order detection looks for them.</summary>
    internal static class OtherToolHistories
    {
        public static readonly IReadOnlyList<IOtherToolHistory> All = new IOtherToolHistory[]
        {
            new GolangMigrateHistory(),
            new DbmateHistory(),
            new FlywayHistory(),
            new LiquibaseHistory(),
            new GooseHistory(),
            new SqitchHistory(),
        };

        public static IOtherToolHistory Of(OtherTool tool) => All.First(h => h.Tool == tool);

        /// <summary>Where a tool keeps its history for a database: Sqitch on SQLite uses a file of its own.</summary>
        public static DatabaseTarget HistoryDatabaseOf(OtherTool tool, DatabaseTarget target) =>
            tool == OtherTool.Sqitch ? SqitchHistory.RegistryOf(target) : target;

        /// <summary>The tables of other tools in a database, which a drift check leaves out as it leaves out ours.</summary>
        public static IEnumerable<string> TableNames(DatabaseProvider provider) =>
            All.Select(h => h.DefaultTable(provider, null)).Where(t => t.Schema == null).Select(t => t.Name);
    }
}
