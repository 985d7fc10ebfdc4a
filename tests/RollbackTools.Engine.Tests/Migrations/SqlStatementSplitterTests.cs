using System.Linq;
using RollbackTools.Engine.Migrations;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    public class SqlStatementSplitterTests
    {
        private static readonly SplitterOptions Postgres = new SplitterOptions(DollarQuotes: true, BackslashEscapes: false, BacktickQuotes: false, HashComments: false, DelimiterDirective: false, TriggerBodies: false);
        private static readonly SplitterOptions MySql = new SplitterOptions(DollarQuotes: false, BackslashEscapes: true, BacktickQuotes: true, HashComments: true, DelimiterDirective: true, TriggerBodies: false);
        private static readonly SplitterOptions Sqlite = new SplitterOptions(DollarQuotes: false, BackslashEscapes: false, BacktickQuotes: false, HashComments: false, DelimiterDirective: false, TriggerBodies: true);

        [Fact]
        public void SplitsAtSemicolonsAndKeepsLineNumbers()
        {
            var statements = SqlStatementSplitter.Split("CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\nDROP TABLE a", Postgres);

            Assert.Equal(new[] { "CREATE TABLE a (id int)", "CREATE TABLE b (id int)", "DROP TABLE a" }, statements.Select(s => s.Text));
            Assert.Equal(new[] { 1, 3, 4 }, statements.Select(s => s.Line));
        }

        [Fact]
        public void IgnoresSemicolonsInStringsIdentifiersAndComments()
        {
            string sql = "INSERT INTO t VALUES ('a;b', 'it''s;');\n-- a comment; here\nSELECT \"odd;name\" FROM t /* block; comment */;\n";
            var statements = SqlStatementSplitter.Split(sql, Postgres);

            Assert.Equal(2, statements.Count);
            Assert.Equal("INSERT INTO t VALUES ('a;b', 'it''s;')", statements[0].Text);
            Assert.Equal(3, statements[1].Line);
        }

        [Fact]
        public void KeepsDollarQuotedBodiesWhole()
        {
            string sql = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\nCREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;y'; $body$ LANGUAGE sql;\nSELECT $1;";
            var statements = SqlStatementSplitter.Split(sql, Postgres);

            Assert.Equal(3, statements.Count);
            Assert.EndsWith("LANGUAGE plpgsql", statements[0].Text);
            Assert.Contains("$body$ SELECT 'x;y'; $body$", statements[1].Text);
        }

        [Fact]
        public void FollowsMySqlDelimiterBlocks()
        {
            string sql = "CREATE TABLE t (id int);\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END //\nDELIMITER ;\nCALL p();";
            var statements = SqlStatementSplitter.Split(sql, MySql);

            Assert.Equal(new[] { "CREATE TABLE t (id int)", "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "CALL p()" }, statements.Select(s => s.Text));
            Assert.Equal(3, statements[1].Line);
        }

        [Fact]
        public void UnderstandsMySqlEscapesBackticksAndHashComments()
        {
            string sql = "INSERT INTO `a;b` VALUES ('x\\';y');\n# comment; still comment\nSELECT 1;";
            var statements = SqlStatementSplitter.Split(sql, MySql);

            Assert.Equal(2, statements.Count);
            Assert.Equal("INSERT INTO `a;b` VALUES ('x\\';y')", statements[0].Text);
        }

        [Fact]
        public void KeepsSqliteTriggerBodiesWhole()
        {
            string sql = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET v = CASE WHEN 1 THEN 2 END; INSERT INTO log VALUES (1); END;\nSELECT 1;";
            var statements = SqlStatementSplitter.Split(sql, Sqlite);

            Assert.Equal(2, statements.Count);
            Assert.EndsWith("INSERT INTO log VALUES (1); END", statements[0].Text);
        }

        [Fact]
        public void DropsStatementsThatAreOnlyComments()
        {
            Assert.Single(SqlStatementSplitter.Split("SELECT 1;\n-- trailing comment\n", Postgres));
        }
    }
}
