using System.Collections.Generic;
using RollbackTools.Engine.Migrations;

namespace RollbackTools
{
    /// <summary>One migration a plan will run, with the SQL it will send, for -WhatIf and -Confirm.</summary>
    public sealed class MigrationStep
    {
        internal MigrationStep(MigrationVersion version, string name, MigrationDirection direction, string sql, IReadOnlyList<SqlStatement> statements, bool inTransaction, string? path, int lineOffset)
        {
            Statements = statements;
            Version = version;
            Name = name;
            Direction = direction;
            Sql = sql;
            InTransaction = inTransaction;
            Path = path;
            LineOffset = lineOffset;
        }

        public MigrationVersion Version { get; }

        public string Name { get; }

        public MigrationDirection Direction { get; }

        public string Sql { get; }

        /// <summary>Whether the step runs in its own transaction (false on MySQL/MariaDB, or by directive).</summary>
        public bool InTransaction { get; }

        /// <summary>The file the SQL comes from; null when it is the down script stored in the journal.</summary>
        public string? Path { get; }

        internal int LineOffset { get; }

        /// <summary>The up script's migration, to journal its checksum, down and verify scripts.</summary>
        internal MigrationScript? Script { get; init; }

        /// <summary>The statements, split once when the plan was made: a script the splitter refuses never reaches a run.</summary>
        internal IReadOnlyList<SqlStatement> Statements { get; }

        public override string ToString() => $"{Direction} {Version} {Name}";
    }
}
