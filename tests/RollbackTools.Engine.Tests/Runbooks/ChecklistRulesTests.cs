using System;
using RollbackTools.Engine.Runbooks;
using Xunit;

namespace RollbackTools.Engine.Tests.Runbooks
{
    public sealed class ChecklistRulesTests
    {
        [Theory]
        [InlineData("Sat 02:00-04:00", "2026-11-28 03:00", true)]
        [InlineData("Sat 02:00-04:00", "2026-11-28 04:00", false)]
        [InlineData("Sat 02:00-04:00", "2026-11-27 03:00", false)]
        [InlineData("Sat,Sun 22:00-02:00", "2026-11-29 01:30", true)]
        [InlineData("Sat,Sun 22:00-02:00", "2026-11-30 01:30", true)]
        [InlineData("Sat,Sun 22:00-02:00", "2026-12-01 01:30", false)]
        [InlineData("02:00-04:00", "2026-11-25 02:00", true)]
        public void MaintenanceWindows(string window, string now, bool inside) =>
            Assert.Equal(inside, MaintenanceWindow.Parse(window).Contains(DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

        [Theory]
        [InlineData("whenever")]
        [InlineData("Caturday 02:00-04:00")]
        [InlineData("Sat 2-4")]
        public void RefusesWindowsItCannotRead(string window) =>
            Assert.Equal(ErrorIds.InvalidMaintenanceWindow, Assert.Throws<RollbackToolsException>(() => MaintenanceWindow.Parse(window)).ErrorId);

        [Fact]
        public void FindsTheTablesAScriptChanges()
        {
            string sql = "ALTER TABLE users ADD COLUMN x int;\nUPDATE \"public\".\"orders\" SET a = 1;\nDELETE FROM `audit`;\nDROP TABLE IF EXISTS legacy;\nCREATE TABLE fresh (id int);\nSELECT * FROM readonly;\n-- rollbacktools:soft-drop column customers.legacy_field\n";

            Assert.Equal(new[] { "users", "legacy", "orders", "audit", "customers" }, TouchedTables.In(sql));
        }
    }
}
