using RollbackTools.Engine.Migrations;
using Xunit;

namespace RollbackTools.Engine.Tests.Migrations
{
    public sealed class SoftDropDirectiveTests
    {
        [Fact]
        public void ReadsTablesAndColumns()
        {
            var drops = MigrationDirectives.SoftDrops("-- rollbacktools:soft-drop table legacy_table\nSELECT 1;\n  -- rollbacktools:soft-drop column users.legacy_field\n", "1_x.up.sql");

            Assert.Equal(new (string, string?)[] { ("legacy_table", null), ("users", "legacy_field") }, drops);
        }

        [Theory]
        [InlineData("-- rollbacktools:soft-drop legacy_table")]
        [InlineData("-- rollbacktools:soft-drop column users")]
        [InlineData("-- rollbacktools:soft-drop view v")]
        public void RefusesWhatItCannotRead(string line) =>
            Assert.Equal(ErrorIds.UnknownDirective, Assert.Throws<RollbackToolsException>(() => MigrationDirectives.SoftDrops(line, "1_x.up.sql")).ErrorId);
    }
}
