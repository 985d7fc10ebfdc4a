using System;
using System.Linq;
using RollbackTools.Engine.Migrations;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    public class SqlStatementSplitterTests
    {
        // The dialects' own options: the tests split exactly as each database's migrations are split.
        private static readonly SplitterOptions Postgres = new Engine.Dialects.PostgresDialect().SplitterOptions;
        private static readonly SplitterOptions MySql = new Engine.Dialects.MySqlDialect().SplitterOptions;
        private static readonly SplitterOptions Sqlite = new Engine.Dialects.SqliteDialect().SplitterOptions;

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
        public void KeepsMySqlCompoundStatementsWholeWithoutDelimiter()
        {
            string sql = string.Join("\n", new[]
            {
                "CREATE TABLE t (id INT, n INT);",
                "CREATE DEFINER=`root`@`localhost` PROCEDURE p1(IN x INT)",
                "BEGIN",
                "  DECLARE done INT DEFAULT 0;",
                "  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET done = 1; END;",
                "  IF x > 0 THEN SELECT 1; ELSEIF x < 0 THEN SELECT 2; ELSE IF x = 0 THEN SELECT 3; END IF; END IF;",
                "  outer_loop: LOOP SET x = x + 1; IF x > 10 THEN LEAVE outer_loop; END IF; END LOOP outer_loop;",
                "  WHILE x > 0 DO SET x = x - 1; END WHILE;",
                "  REPEAT SET x = x + 1; UNTIL x > 3 END REPEAT;",
                "  CASE x WHEN 1 THEN SELECT 'a;b'; ELSE SELECT REPEAT('x', 2); END CASE;",
                "  SET x = CASE WHEN x > 1 THEN IF(x > 2, 1, 0) ELSE 0 END;",
                "END;",
                "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN RETURN x + 1; END;",
                "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW IF NEW.n IS NULL THEN SET NEW.n = 0; END IF;",
                "CREATE TRIGGER tr2 BEFORE UPDATE ON t FOR EACH ROW SET NEW.n = NEW.n + 1;",
                "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t WHERE n < 0; UPDATE t SET n = 1; END;",
                "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END;",
                "DROP TABLE IF EXISTS t2;",
            });

            var statements = SqlStatementSplitter.Split(sql, MySql);

            string[] starts = { "CREATE TABLE", "CREATE DEFINER", "CREATE FUNCTION", "CREATE TRIGGER tr ", "CREATE TRIGGER tr2", "CREATE EVENT", "BEGIN NOT ATOMIC", "DROP TABLE" };
            Assert.True(starts.Length == statements.Count, string.Join("\n---\n", statements.Select(st => st.Text)));
            Assert.All(starts.Zip(statements), pair => Assert.StartsWith(pair.First, pair.Second.Text, StringComparison.Ordinal));
            Assert.EndsWith("ELSE 0 END;\nEND", statements[1].Text);
            Assert.Equal(new[] { 1, 2, 13, 14, 15, 16, 17, 18 }, statements.Select(st => st.Line));
        }

        [Fact]
        public void AStartTransactionBeginIsNotABody()
        {
            var statements = SqlStatementSplitter.Split("BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;", MySql);
            Assert.Equal(3, statements.Count);
        }

        [Theory]
        [InlineData("SELECT 'open;\nSELECT 2;", "string")]
        [InlineData("SELECT \"open;\nSELECT 2;", "quoted identifier")]
        [InlineData("SELECT 1; /* never closed\nSELECT 2;", "comment")]
        public void RefusesWhatIsLeftOpen(string sql, string what)
        {
            var refused = Assert.Throws<RollbackToolsException>(() => SqlStatementSplitter.Split(sql, Postgres));
            Assert.Equal(ErrorIds.InvalidMigrationScript, refused.ErrorId);
            Assert.Contains(what, refused.Message, StringComparison.Ordinal);
            Assert.Contains("Line 1", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void RefusesAnUnclosedDollarQuote() =>
            Assert.Equal(ErrorIds.InvalidMigrationScript, Assert.Throws<RollbackToolsException>(() => SqlStatementSplitter.Split("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;", Postgres)).ErrorId);

        [Theory]
        [InlineData(1, 40)]
        [InlineData(50, 40)]
        [InlineData(1, 400_000)]
        public void SplitsLargeScriptsWhole(int megabytes, int statementLength)
        {
            // A seed file: many INSERTs, or one long one; the benchmark times it, this proves it comes out whole.
            string statement = "INSERT INTO t VALUES ('" + new string('x', statementLength) + "')";
            int count = Math.Max(1, megabytes * 1024 * 1024 / (statement.Length + 2));
            var sql = new System.Text.StringBuilder(count * (statement.Length + 2));
            for (int i = 0; i < count; i++)
            {
                sql.Append(statement).Append(";\n");
            }

            var statements = SqlStatementSplitter.Split(sql.ToString(), MySql);

            Assert.Equal(count, statements.Count);
            Assert.Equal(statement, statements[^1].Text);
            Assert.Equal(count, statements[^1].Line);
        }

        [Fact]
        public void DropsStatementsThatAreOnlyComments()
        {
            Assert.Single(SqlStatementSplitter.Split("SELECT 1;\n-- trailing comment\n", Postgres));
        }
    }
}
