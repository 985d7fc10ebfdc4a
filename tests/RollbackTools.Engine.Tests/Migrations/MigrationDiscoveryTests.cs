using System;
using System.IO;
using System.Linq;
using RollbackTools.Engine.Migrations;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    public sealed class MigrationDiscoveryTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "rbt-discovery-" + Guid.NewGuid().ToString("N"));

        public MigrationDiscoveryTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Fact]
        public void ReadsGolangMigratePairsAndVerifyScripts()
        {
            Write("1_create_users.up.sql", "CREATE TABLE users (id int);");
            Write("1_create_users.down.sql", "DROP TABLE users;");
            Write("1_create_users.verify.sql", "SELECT 1 FROM users;");

            MigrationScript script = Assert.Single(MigrationDiscovery.Discover(folder));
            Assert.Equal(MigrationFormat.GolangMigrate, script.Format);
            Assert.Equal("create_users", script.Name);
            Assert.Equal("DROP TABLE users;", script.DownSql);
            Assert.Equal("SELECT 1 FROM users;", script.VerifySql);
            Assert.Equal(MigrationScript.Sha256("CREATE TABLE users (id int);"), script.Checksum);
        }

        [Fact]
        public void ReadsDbmateSections()
        {
            Write("20240113120000_add_orders.sql", "-- migrate:up\nCREATE TABLE orders (id int);\n\n-- migrate:down transaction:false\nDROP TABLE orders;\n");

            MigrationScript script = Assert.Single(MigrationDiscovery.Discover(folder));
            Assert.Equal(MigrationFormat.Dbmate, script.Format);
            Assert.Equal("CREATE TABLE orders (id int);", script.UpSql);
            Assert.Equal("DROP TABLE orders;", script.DownSql);
            Assert.True(script.UpInTransaction);
            Assert.False(script.DownInTransaction);
        }

        [Fact]
        public void KnowsWhereEachDbmateSectionStartsInTheFile()
        {
            Write("7_sections.sql", "-- a comment\n\n-- migrate:up\n\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n\n-- migrate:down\nDROP TABLE b;\n");

            MigrationScript script = Assert.Single(MigrationDiscovery.Discover(folder));
            Assert.Equal(4, script.UpLineOffset);
            Assert.Equal(8, script.DownLineOffset);
            SqlStatement second = SqlStatementSplitter.Split(script.UpSql, new Engine.Dialects.PostgresDialect().SplitterOptions)[1];
            Assert.Equal(6, second.Line + script.UpLineOffset);
        }

        [Fact]
        public void ReadsFlywayVersionedAndUndo()
        {
            Write("V1_2_10__add_index.sql", "CREATE INDEX i ON t (c);");
            Write("U1_2_10__add_index.sql", "DROP INDEX i;");
            Write("V1_2_9__add_table.sql", "CREATE TABLE t (c int);");

            var scripts = MigrationDiscovery.Discover(folder);
            Assert.Equal(new[] { "1.2.9", "1.2.10" }, scripts.Select(s => s.Version.Text));
            Assert.Equal("add index", scripts[1].Name);
            Assert.Equal("DROP INDEX i;", scripts[1].DownSql);
            Assert.Null(scripts[0].DownSql);
        }

        [Fact]
        public void MixesFormatsAndOrdersNumerically()
        {
            Write("10_ten.up.sql", "SELECT 10;");
            Write("2_two.sql", "-- migrate:up\nSELECT 2;");
            Write("V3__three.sql", "SELECT 3;");

            Assert.Equal(new[] { "2", "V3".Substring(1), "10" }, MigrationDiscovery.Discover(folder).Select(s => s.Version.Text));
        }

        [Fact]
        public void TheNoTransactionDirectiveIsRead()
        {
            Write("1_index.up.sql", "-- rollbacktools:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);");

            Assert.False(Assert.Single(MigrationDiscovery.Discover(folder)).UpInTransaction);
        }

        [Fact]
        public void RefusesDuplicateVersions()
        {
            Write("1_a.up.sql", "SELECT 1;");
            Write("V1__b.sql", "SELECT 1;");

            AssertRefused(ErrorIds.DuplicateMigrationVersion);
        }

        [Fact]
        public void RefusesADownWithoutAnUp()
        {
            Write("1_a.up.sql", "SELECT 1;");
            Write("2_b.down.sql", "SELECT 1;");

            AssertRefused(ErrorIds.OrphanDownScript);
        }

        [Fact]
        public void EmptyWhitespaceAndCommentOnlyScriptsAreNoOps()
        {
            Write("1_a.up.sql", "");
            Write("1_a.down.sql", "  \n\t");
            Write("2_b.up.sql", "-- for the other database only\n/* ; */\n");
            Write("2_b.down.sql", "DROP TABLE b;");
            Write("3_c.sql", "-- migrate:up\n-- migrate:down\n");

            var scripts = MigrationDiscovery.Discover(folder);

            Assert.Equal(new[] { true, true, true }, scripts.Select(s => s.UpIsEmpty));
            Assert.Equal(new[] { true, false, true }, scripts.Select(s => s.DownIsEmpty));
        }

        [Fact]
        public void RefusesAScriptThatIsNotUtf8NamingTheOffset()
        {
            File.WriteAllBytes(Path.Combine(folder, "1_a.up.sql"), new byte[] { 0x53, 0x45, 0x4C, 0x0A, 0x27, 0xE9, 0x27 });

            var refused = Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(folder));
            Assert.Equal(ErrorIds.InvalidMigrationScript, refused.ErrorId);
            Assert.Contains("0xE9 at byte offset 5 (line 2)", refused.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void RefusesADbmateFileWithoutUpSection()
        {
            Write("1_a.sql", "CREATE TABLE t (id int);");

            AssertRefused(ErrorIds.InvalidMigrationScript);
        }

        [Fact]
        public void RefusesAnUnknownDirective()
        {
            Write("1_a.up.sql", "-- rollbacktools:yolo\nSELECT 1;");

            AssertRefused(ErrorIds.UnknownDirective);
        }

        [Fact]
        public void RefusesAMissingFolder()
        {
            var error = Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(Path.Combine(folder, "nope")));
            Assert.Equal(ErrorIds.MigrationPathNotFound, error.ErrorId);
        }

        private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);

        private void AssertRefused(string errorId)
        {
            var error = Assert.Throws<RollbackToolsException>(() => MigrationDiscovery.Discover(folder));
            Assert.Equal(errorId, error.ErrorId);
        }
    }
}
