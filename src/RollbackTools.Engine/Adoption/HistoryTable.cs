using RollbackTools.Engine.Dialects;

namespace RollbackTools.Engine.Adoption
{
    /// <summary>A history table, with the schema (a database on MySQL) it lives in when that is not the current one.</summary>
    internal sealed record HistoryTable(string? Schema, string Name)
    {
        /// <summary>"table" or "schema.table", as -Table takes it.</summary>
        public static HistoryTable Parse(string text)
        {
            int dot = text.IndexOf('.', System.StringComparison.Ordinal);
            return dot <= 0 || dot == text.Length - 1 ? new HistoryTable(null, text) : new HistoryTable(text.Substring(0, dot), text.Substring(dot + 1));
        }

        public string Quoted(ISqlDialect dialect) => dialect.QualifiedName(Schema, Name);

        public override string ToString() => Schema == null ? Name : Schema + "." + Name;
    }
}
