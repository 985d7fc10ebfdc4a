using System;
using System.IO;
using System.Linq;
using System.Text;
using RollbackTools.Engine.Migrations;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    /// <summary>goose, Liquibase formatted SQL and Sqitch folders as the readers see them, and -Encoding.</summary>
    public sealed class OtherFormatsDiscoveryTests : IDisposable
    {
        private static readonly SplitterOptions Postgres = new Engine.Dialects.PostgresDialect().SplitterOptions;
        private readonly string folder = Path.Combine(Path.GetTempPath(), "rbt-formats-" + Guid.NewGuid().ToString("N"));

        public OtherFormatsDiscoveryTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Fact]
        public void GooseSectionsWithoutADownAreANoOpDown()
        {
            Write("00001_users.sql", "-- +goose Up\nCREATE TABLE users (id int);\n-- +goose Down\nDROP TABLE users;\n");
            Write("00002_seed.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nINSERT INTO users VALUES (1);\n");

            var scripts = MigrationDiscovery.Discover(folder);
            Assert.All(scripts, s => Assert.Equal(MigrationFormat.Goose, s.Format));
            Assert.Equal("CREATE TABLE users (id int);", scripts[0].UpSql);
            Assert.Equal("DROP TABLE users;", scripts[0].DownSql);
            Assert.True(scripts[0].UpInTransaction);
            Assert.False(scripts[1].UpInTransaction);
            Assert.False(scripts[1].DownInTransaction);
            Assert.True(scripts[1].DownIsEmpty);
        }

        [Fact]
        public void AFileWithNeitherGooseNorDbmateMarkersIsRefused()
        {
            Write("1_plain.sql", "CREATE TABLE t (id int);");
            Assert.Equal(ErrorIds.InvalidMigrationScript, Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(folder)).ErrorId);
        }

        [Fact]
        public void FencedBlocksAreOneStatementAndKeepTheirLines()
        {
            string sql = "SELECT 1;\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql;\n-- +goose StatementEnd\n"
                + "-- rollbacktools:statement-begin\nSELECT 'it''s; one';\nSELECT 2\n-- rollbacktools:statement-end\nSELECT 3;";
            var statements = SqlStatementSplitter.Split(sql, Postgres);
            Assert.Equal(4, statements.Count);
            Assert.Equal("CREATE FUNCTION f() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql;", statements[1].Text);
            Assert.Equal(3, statements[1].Line);
            Assert.Equal("SELECT 'it''s; one';\nSELECT 2", statements[2].Text);
            Assert.Equal(6, statements[2].Line);
            Assert.Equal("SELECT 3", statements[3].Text);
            Assert.Equal(9, statements[3].Line);
        }

        [Fact]
        public void AFenceWithoutItsEndIsRefusedNamingItsLine()
        {
            var error = Assert.Throws<RollbackToolsException>(() => SqlStatementSplitter.Split("SELECT 1;\n\n-- +goose StatementBegin\nSELECT 2;\n", Postgres));
            Assert.Equal(ErrorIds.InvalidMigrationScript, error.ErrorId);
            Assert.Contains("Line 3", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void LiquibaseChangesetsBecomeFileDotChangesetVersions()
        {
            Write("changelog.sql", "--liquibase formatted sql\n--changeset a:1\nCREATE TABLE t (id int);\n--rollback DROP TABLE t;\n"
                + "--changeset a:2 splitStatements:false runInTransaction:false\nCREATE FUNCTION f() ...; body; more;\n--rollback DROP FUNCTION f;\n"
                + "--changeset \"b c\":\"3 x\" endDelimiter:GO\nINSERT INTO t VALUES (1)\nGO\nINSERT INTO t VALUES (2) GO\n--rollback DELETE FROM t\n"
                + "--changeset a:4\nUPDATE t SET id = id;\n--rollback empty\n");

            var scripts = MigrationDiscovery.Discover(folder);
            Assert.Equal(new[] { "1.1", "1.2", "1.3", "1.4" }, scripts.Select(s => s.Version.Text));
            Assert.Equal(new[] { "a:1", "a:2", "b c:3 x", "a:4" }, scripts.Select(s => s.Name));
            Assert.All(scripts, s => Assert.Equal(MigrationFormat.Liquibase, s.Format));
            Assert.Equal("DROP TABLE t;", scripts[0].DownSql);
            Assert.False(scripts[1].UpInTransaction);
            Assert.False(scripts[1].DownInTransaction);
            Assert.Single(SqlStatementSplitter.Split(scripts[1].UpSql, Postgres));
            Assert.Equal(new[] { "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)" }, SqlStatementSplitter.Split(scripts[2].UpSql, Postgres).Select(s => s.Text));
            Assert.True(scripts[3].DownIsEmpty);
        }

        [Fact]
        public void LiquibaseDbmsPassesOverOtherDatabasesButKeepsTheNumbering()
        {
            Write("010_x.sql", "--liquibase formatted sql\n--changeset a:pg dbms:postgresql\nSELECT 1;\n--changeset a:rest dbms:mysql,sqlite\nSELECT 2;\n--changeset a:all\nSELECT 3;\n");

            Assert.Equal(new[] { "010.1", "010.3" }, MigrationDiscovery.Discover(folder, DatabaseProvider.PostgreSql).Select(s => s.Version.Text));
            Assert.Equal(new[] { "010.2", "010.3" }, MigrationDiscovery.Discover(folder, DatabaseProvider.Sqlite).Select(s => s.Version.Text));
        }

        [Theory]
        [InlineData("--changeset a:1 runAlways:true", ErrorIds.NotSupported)]
        [InlineData("--changeset a:1 failOnError:false", ErrorIds.NotSupported)]
        [InlineData("--changeset a:1 mystery:yes", ErrorIds.NotSupported)]
        [InlineData("--changeset a:1\n--precondition-sql-check expectedResult:0 SELECT 1", ErrorIds.NotSupported)]
        [InlineData("CREATE TABLE orphan (id int);\n--changeset a:1", ErrorIds.InvalidMigrationScript)]
        [InlineData("--changeset a:1\nSELECT 1;\n/* liquibase rollback\nSELECT 2;", ErrorIds.InvalidMigrationScript)]
        public void LiquibaseRefusesWhatWouldRunDifferently(string changeset, string errorId)
        {
            Write("1.sql", "--liquibase formatted sql\n" + changeset + "\nSELECT 1;\n");
            Assert.Equal(errorId, Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(folder)).ErrorId);
        }

        [Fact]
        public void LiquibaseHarmlessDefaultsAreAccepted()
        {
            Write("1.sql", "--liquibase formatted sql\n--changeset a:1 runAlways:false runOnChange:false failOnError:true context:prod labels:x\nSELECT 1;\n");
            Assert.Single(MigrationDiscovery.Discover(folder));
        }

        [Fact]
        public void AnUnnumberedFileThatIsNoLiquibaseChangelogIsPassedOverUnread()
        {
            File.WriteAllBytes(Path.Combine(folder, "notes.sql"), new byte[] { (byte)'c', 0xE9, 0x00 });
            Write("1_a.up.sql", "SELECT 1;");
            Assert.Single(MigrationDiscovery.Discover(folder));
        }

        [Fact]
        public void SqitchUnwrapsTheTemplatesTransactionAndKeepsLines()
        {
            Write("sqitch.plan", "%project=p\n\na 2024-01-01T00:00:00Z A <a@x> # first\nb [a] 2024-01-02T00:00:00Z A <a@x>\n@v1 2024-01-03T00:00:00Z A <a@x>\nb [b@v1] 2024-01-04T00:00:00Z A <a@x>\n");
            Directory.CreateDirectory(Path.Combine(folder, "deploy"));
            Directory.CreateDirectory(Path.Combine(folder, "revert"));
            Directory.CreateDirectory(Path.Combine(folder, "verify"));
            Write("deploy/a.sql", "-- Deploy p:a\n\nBEGIN;\n\nCREATE TABLE a (id int);\n\nCOMMIT;\n");
            Write("revert/a.sql", "BEGIN;\nDROP TABLE a;\nCOMMIT;\n");
            Write("verify/a.sql", "BEGIN;\nSELECT id FROM a WHERE false;\nROLLBACK;\n");
            Write("deploy/b@v1.sql", "CREATE TABLE b (id int);\n");
            Write("deploy/b.sql", "BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;\n");

            var scripts = MigrationDiscovery.Discover(folder);
            Assert.Equal(new[] { "1", "2", "3" }, scripts.Select(s => s.Version.Text));
            Assert.Equal(new[] { "a", "b", "b" }, scripts.Select(s => s.Name));
            SqlStatement create = Assert.Single(SqlStatementSplitter.Split(scripts[0].UpSql, Postgres));
            Assert.Equal(5, create.Line);
            Assert.True(scripts[0].UpInTransaction);
            Assert.Equal("DROP TABLE a;", Assert.Single(SqlStatementSplitter.Split(scripts[0].DownSql!, Postgres)).Text + ";");
            Assert.False(scripts[0].VerifyNeedsRow);
            Assert.Single(SqlStatementSplitter.Split(scripts[0].VerifySql!, Postgres));
            Assert.EndsWith("b@v1.sql", scripts[1].UpPath, StringComparison.Ordinal);
            Assert.Null(scripts[1].DownSql);
            Assert.False(scripts[2].UpInTransaction, "a script that commits in the middle runs outside ours, as it asks");
        }

        [Fact]
        public void SqitchChangesWithoutADeployScriptAreRefused()
        {
            Write("sqitch.plan", "a 2024-01-01T00:00:00Z A <a@x>\n");
            Assert.Equal(ErrorIds.InvalidMigrationScript, Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(folder)).ErrorId);
        }

        [Fact]
        public void ANamedEncodingReadsLatin1AndStillRefusesWhatItCannotMap()
        {
            File.WriteAllBytes(Path.Combine(folder, "1_a.up.sql"), Encoding.Latin1.GetBytes("INSERT INTO t VALUES ('café');"));
            Assert.Equal(ErrorIds.InvalidMigrationScript, Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(folder)).ErrorId);
            Assert.Equal("INSERT INTO t VALUES ('café');", Assert.Single(MigrationDiscovery.Discover(new MigrationFolder(folder, ScriptEncodings.Parse("latin1")))).UpSql);

            var error = Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(new MigrationFolder(folder, ScriptEncodings.Parse("ascii"))));
            Assert.Contains("byte offset 26", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void EncodingsAreFoundByNameOrCodePage()
        {
            Assert.Equal(1252, ScriptEncodings.Parse("windows-1252").CodePage);
            Assert.Equal(28605, ScriptEncodings.Parse("28605").CodePage);
            Assert.Equal(Encoding.Latin1.CodePage, ScriptEncodings.Parse("Latin1").CodePage);
            Assert.Throws<ArgumentException>(() => ScriptEncodings.Parse("klingon"));
        }

        private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);
    }
}
